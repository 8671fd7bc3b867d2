import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// `npm test` lints every workflow with scripts/lint-workflows.js (actionlint); this shows that the
// lint would catch a broken one.
const root = join(__dirname, "..");

describe("the workflows' lint", () => {
  it("fails a workflow that reads a job output from a job it does not need, and passes the real ones", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "corso-workflows-")), ".github/workflows");
    mkdirSync(dir, { recursive: true });
    const broken = readFileSync(join(root, ".github/workflows/corso-deploy.yml"), "utf8").replace(
      "fromJSON(needs.stacks.outputs.stacks)",
      "fromJSON(needs.stack.outputs.stacks)",
    );
    writeFileSync(join(dir, "corso-deploy.yml"), broken);
    const real = ["corso-deploy.yml", "corso-review.yml"].map((name) => join(root, ".github/workflows", name));
    const run = spawnSync(
      process.execPath,
      [join(root, "scripts/lint-workflows.js"), ...real, join(dir, "corso-deploy.yml")],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^corso-deploy\.yml:\d+:\d+: property "stack" is not defined in object type \{stacks: .*\[expression\]$/,
      ),
    ]);
  });
});
