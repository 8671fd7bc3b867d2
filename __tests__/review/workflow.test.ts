import { readFileSync } from "node:fs";
import { join } from "node:path";

const workflow = readFileSync(join(__dirname, "../../.github/workflows/corso-review.yml"), "utf8");

describe("the pull request review workflow", () => {
  it("synthesizes base and head and reviews one against the other with the project's command", () => {
    expect(workflow).toContain("ref: ${{ github.event.pull_request.base.sha }}");
    expect(workflow.match(/npm ci --no-audit --no-fund && npm run synth/g)).toHaveLength(2);
    expect(workflow).toContain("npm run --silent review -- --base ../base/cdktf.out cdktf.out > ../review.md");
  });

  it("updates one marked comment instead of adding one per push", () => {
    expect(workflow).toContain('const marker = "<!-- corso-registration-review -->"');
    expect(workflow).toContain("github.rest.issues.updateComment");
  });

  it("fails on an escalation (status 3) and on unreadable input (status 1)", () => {
    expect(workflow).toContain("if: steps.review.outputs.status == '3'");
    expect(workflow).toContain('if [ "$status" = 1 ]; then exit 1; fi');
  });

  it("needs no Azure credentials", () => {
    expect(workflow).not.toMatch(/ARM_|AZURE_|secrets\.|azure\/login/);
  });
});
