import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Job = { needs?: string; permissions?: Record<string, string>; steps: Step[]; outputs?: Record<string, string> };
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };

const source = readFileSync(join(__dirname, "../../.github/workflows/corso-review.yml"), "utf8");
const workflow = load(source) as Workflow;
const { jobs } = workflow;
const runs = (job: Job) => job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run])).join("\n");

describe("the pull request review workflow", () => {
  it("runs on pull_request, never pull_request_target, with no permissions unless a job asks", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({});
  });

  it("synthesizes the pull request in a job with a read-only token and no credentials left in git", () => {
    const head = jobs["synthesize-head"];
    expect(head.permissions).toEqual({ contents: "read" });
    expect(head.steps[0].with).toEqual({ path: "head", "persist-credentials": false });
    expect(runs(head)).toBe("npm ci --no-audit --no-fund && npm run synth");
    expect(head.steps.at(-1)?.with).toMatchObject({ name: "head-synthesis", path: "head/cdktf.out" });
  });

  it("judges it with the reviewer built from the base branch, installed without running install scripts", () => {
    const review = jobs.review;
    expect(review.needs).toBe("synthesize-head");
    expect(review.permissions).toEqual({ contents: "read" });
    const checkouts = review.steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkouts.map((s) => s.with)).toEqual([
      { ref: "${{ github.event.pull_request.base.sha }}", path: "base", "persist-credentials": false },
    ]);
    expect(runs(review)).toContain("npm ci --ignore-scripts --no-audit --no-fund\nnpm run build\nnpm run synth");
    expect(runs(review)).toContain("node base/dist/bin/review.js --base base/cdktf.out cdktf.out > review.md");
    expect(review.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"))?.with).toEqual({
      name: "head-synthesis",
      path: "cdktf.out",
    });
  });

  it("fails closed when the base branch has no reviewer", () => {
    expect(runs(jobs.review)).toContain('if [ ! -f cdktf.json ]; then\n  echo "::error::');
  });

  it("writes to the pull request only from a job that checks out and runs no code", () => {
    const comment = jobs.comment;
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(
      comment.steps.some((s) => s.uses?.startsWith("actions/checkout@") || s.uses?.startsWith("actions/setup-node@")),
    ).toBe(false);
    for (const [name, job] of Object.entries(jobs)) {
      if (name !== "comment") expect(JSON.stringify(job.permissions)).not.toContain("write");
    }
  });

  it("updates one marked comment of its own instead of adding one per push", () => {
    const script = String(jobs.comment.steps.find((s) => s.uses?.startsWith("actions/github-script@"))?.with?.script);
    expect(script).toContain('const marker = "<!-- corso-registration-review -->"');
    expect(script).toContain('c.user?.type === "Bot" && c.body?.startsWith(marker)');
    expect(script).toContain("github.rest.issues.updateComment");
  });

  it("fails on an escalation (status 3) and on unreadable input (status 1)", () => {
    expect(jobs.review.outputs).toEqual({ status: "${{ steps.review.outputs.status }}" });
    expect(runs(jobs.review)).toContain('if [ "$status" = 1 ]; then exit 1; fi');
    expect(jobs.comment.steps.find((s) => s.if === "needs.review.outputs.status == '3'")?.run).toContain("exit 1");
  });

  it("pins every action to a full commit", () => {
    const uses = Object.values(jobs).flatMap((job) => job.steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses])));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^actions\/[\w-]+@[0-9a-f]{40}$/);
  });

  it("needs no Azure credentials and no secrets", () => {
    expect(source).not.toMatch(/ARM_|AZURE_|secrets\.|azure\/login/);
  });
});
