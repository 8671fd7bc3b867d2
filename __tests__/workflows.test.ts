import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { readAppEnvironment } from "../lib/app";

// `npm test` lints every workflow with scripts/lint-workflows.js (actionlint); this shows that the
// lint would catch a broken one.
const root = join(__dirname, "..");

describe("the workflows' lint", () => {
  it("fails a workflow that reads a job output from a job it does not need, and passes the real ones", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "corso-workflows-")), ".github/workflows");
    mkdirSync(dir, { recursive: true });
    const broken = readFileSync(join(root, ".github/workflows/corso-deploy.yml"), "utf8").replace(
      "fromJSON(needs.synthesize.outputs.stacks)",
      "fromJSON(needs.synthesis.outputs.stacks)",
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
        /^corso-deploy\.yml:\d+:\d+: property "synthesis" is not defined in object type \{synthesize: .*\[expression\]$/,
      ),
    ]);
  });
});

describe("the workflows' synthesis", () => {
  it("sets every variable the app reads, the same in the review and the deploy", () => {
    const read = new Set<string>();
    readAppEnvironment(new Proxy({}, { get: (_, name) => (read.add(String(name)), undefined) }));
    read.delete("CDKTF_OUTDIR");
    const expected = Object.fromEntries([...read].sort().map((name) => [name, `\${{ vars.${name} }}`]));
    expect(Object.keys(expected)).toEqual(["CORSO_CONFIG", "CORSO_KEY_VAULT_ID", "CORSO_KEY_VAULT_PASSPHRASE"]);
    const jobs = (name: string) =>
      (load(readFileSync(join(root, ".github/workflows", name), "utf8")) as { jobs: Record<string, { env?: object }> })
        .jobs;
    const review = jobs("corso-review.yml");
    const deploy = jobs("corso-deploy.yml");
    for (const env of [review["synthesize-head"].env, review.review.env, deploy.synthesize.env]) {
      expect(env).toEqual(expected);
    }
  });
});
