import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";

type Step = {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
  "continue-on-error"?: boolean;
};
type Job = {
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  "timeout-minutes"?: number;
  steps: Step[];
  outputs?: Record<string, string>;
};
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };

const source = readFileSync(join(__dirname, "../../.github/workflows/corso-review.yml"), "utf8");
const workflow = load(source) as Workflow;
const { jobs } = workflow;
const runs = (job: Job) => job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run])).join("\n");
const step = (job: Job, name: string): Step => {
  const found = job.steps.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no step '${name}'`);
  return found;
};

/** Runs a step's script with bash as the runner would, in `cwd`, with `bin` (stand-ins) first on PATH. */
function runStep(script: string, cwd: string, env: Record<string, string> = {}, bin?: string) {
  const summary = join(cwd, "summary.md");
  const output = join(cwd, "output.txt");
  writeFileSync(summary, "");
  writeFileSync(output, "");
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd,
    encoding: "utf8",
    env: {
      PATH: bin === undefined ? process.env.PATH : `${bin}:${process.env.PATH}`,
      RUNNER_TEMP: cwd,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      GITHUB_REPOSITORY: "contoso/corso",
      ...env,
    },
  });
  return {
    status: run.status,
    log: run.stdout + run.stderr,
    summary: readFileSync(summary, "utf8"),
    output: readFileSync(output, "utf8"),
  };
}

describe("the pull request review workflow", () => {
  it("runs on pull_request, never pull_request_target, with no permissions unless a job asks", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({});
  });

  it("splits the work into a synthesis, a review, a comment and an approval, each with a time limit", () => {
    expect(Object.keys(jobs)).toEqual(["synthesize-head", "review", "comment", "approve"]);
    expect(Object.fromEntries(Object.entries(jobs).map(([name, job]) => [name, job["timeout-minutes"]]))).toEqual({
      "synthesize-head": 20,
      review: 20,
      comment: 5,
      approve: 5,
    });
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
    expect(runs(review)).toContain("node base/dist/bin/review.js --base base/cdktf.out head > review.md");
    expect(review.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"))?.with).toEqual({
      name: "head-synthesis",
      path: "head",
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

  it("pins every action to a full commit", () => {
    const uses = Object.values(jobs).flatMap((job) => job.steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses])));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^actions\/[\w-]+@[0-9a-f]{40}$/);
  });

  it("needs no Azure credentials and no secrets", () => {
    expect(source).not.toMatch(/ARM_|AZURE_|secrets\.|azure\/login/);
  });

  describe("the review step's exit status", () => {
    const review = step(jobs.review, "Review");
    /** Runs the review step with a stand-in reviewer that prints a report and exits `status`. */
    function reviewWith(exit: string) {
      const cwd = mkdtempSync(join(tmpdir(), "corso-review-workflow-"));
      mkdirSync(join(cwd, "base/dist/bin"), { recursive: true });
      writeFileSync(join(cwd, "base/dist/bin/review.js"), `process.stdout.write("# Report\\n");\n${exit}\n`);
      return { ...runStep(review.run as string, cwd), report: readFileSync(join(cwd, "review.md"), "utf8") };
    }

    it("passes the report on for 0 and for 3, which the approval job then holds", () => {
      for (const status of [0, 3]) {
        const run = reviewWith(`process.exitCode = ${status};`);
        expect(run.status).toBe(0);
        expect(run.output).toBe(`status=${status}\n`);
        expect(run.summary).toBe("# Report\n");
      }
      expect(jobs.approve.if).toBe("needs.review.outputs.status == '3'");
    });

    it.each([
      ["unreadable input", "process.exitCode = 1;"],
      ["a wrong command line", "process.exitCode = 2;"],
      ["a plan --fail-on status", "process.exitCode = 4;"],
      ["a crash", 'throw new Error("boom");'],
      ["an abort", 'process.kill(process.pid, "SIGABRT");'],
    ])("fails the check on %s, and says so in the report it hands on", (_, exit) => {
      const run = reviewWith(exit);
      expect(run.status).toBe(1);
      expect(run.log).toMatch(
        /^::error title=Review failed::corso-review exited \d+: the pull request is not reviewed/m,
      );
      expect(run.report).toMatch(
        /^corso-review could not review this pull request \(exit status \d+\): the check fails/,
      );
      expect(run.summary).toBe("");
    });
  });

  describe("the downloaded synthesis", () => {
    const check = step(jobs.review, "Check the synthesis and the reviewer").run as string;
    const build = step(jobs.review, "Build the base's reviewer and synthesize the base").run as string;
    /** A workspace with the base's reviewer and its recorded checksums, and a synthesis under head/. */
    function workspace() {
      const cwd = mkdtempSync(join(tmpdir(), "corso-review-workflow-"));
      mkdirSync(join(cwd, "base/dist/bin"), { recursive: true });
      writeFileSync(join(cwd, "base/dist/bin/review.js"), "// the reviewer\n");
      mkdirSync(join(cwd, "head/stacks/corso"), { recursive: true });
      writeFileSync(join(cwd, "head/manifest.json"), "{}");
      writeFileSync(join(cwd, "head/stacks/corso/cdk.tf.json"), "{}");
      const record = build.slice(build.indexOf("find dist"));
      expect(runStep(record, join(cwd, "base"), { RUNNER_TEMP: cwd }).status).toBe(0);
      return cwd;
    }

    it("accepts plain files and folders beside an untouched reviewer", () => {
      expect(runStep(check, workspace())).toMatchObject({ status: 0, log: "" });
    });

    it("refuses a synthesis that holds a link", () => {
      const cwd = workspace();
      symlinkSync("/etc/passwd", join(cwd, "head/stacks/corso/cdk.tf.json.bak"));
      const run = runStep(check, cwd);
      expect(run.status).toBe(1);
      expect(run.log).toContain(
        "::error title=Synthesis refused::The pull request's synthesis holds links or special files: head/stacks/corso/cdk.tf.json.bak",
      );
    });

    it("refuses to review when unpacking changed the reviewer", () => {
      const cwd = workspace();
      writeFileSync(join(cwd, "base/dist/bin/review.js"), "process.exit(0);\n");
      const run = runStep(check, cwd);
      expect(run.status).toBe(1);
      expect(run.log).toContain("::error title=Reviewer changed::");
    });
  });

  describe("the comment", () => {
    const comment = jobs.comment;
    const script = String(step(comment, "Post or update the comment").with?.script);

    /** Runs the github-script body with a stand-in for GitHub's client; returns the body it posted. */
    function post(report: string | undefined, previous: { id: number; body: string }[] = []) {
      const cwd = mkdtempSync(join(tmpdir(), "corso-review-comment-"));
      if (report !== undefined) writeFileSync(join(cwd, "review.md"), report);
      const harness = `
        const calls = [];
        const github = {
          paginate: async () => ${JSON.stringify(previous.map((p) => ({ ...p, user: { type: "Bot" } })))},
          rest: { issues: {
            listComments: () => {},
            updateComment: async (args) => calls.push(["update", args]),
            createComment: async (args) => calls.push(["create", args]),
          } },
        };
        const context = { repo: { owner: "contoso", repo: "corso" }, serverUrl: "https://github.com", runId: 42,
          payload: { pull_request: { number: 7 } } };
        const AsyncFunction = (async () => {}).constructor;
        new AsyncFunction("github", "context", "require", process.env.SCRIPT)(github, context, require)
          .then(() => process.stdout.write(JSON.stringify(calls)));`;
      const run = spawnSync(process.execPath, ["-e", harness], { cwd, encoding: "utf8", env: { SCRIPT: script } });
      expect(run.stderr).toBe("");
      return JSON.parse(run.stdout) as [string, { body: string; comment_id?: number; issue_number?: number }][];
    }

    it("posts even when the synthesis or the review failed, and downloads the report without failing", () => {
      expect(comment.needs).toEqual(["synthesize-head", "review"]);
      expect(comment.if).toBe("${{ !cancelled() }}");
      expect(comment.steps[0]).toMatchObject({ "continue-on-error": true, with: { name: "review" } });
    });

    it("updates its own marked comment with the report", () => {
      const calls = post("# Corso registrations\n", [{ id: 5, body: "<!-- corso-registration-review -->\nold" }]);
      expect(calls).toEqual([
        [
          "update",
          {
            owner: "contoso",
            repo: "corso",
            comment_id: 5,
            body: "<!-- corso-registration-review -->\n# Corso registrations\n",
          },
        ],
      ]);
    });

    it("replaces an earlier report with a failure notice when there is no report", () => {
      const calls = post(undefined, [{ id: 5, body: "<!-- corso-registration-review -->\nall good" }]);
      expect(calls[0][0]).toBe("update");
      expect(calls[0][1].body).toBe(
        "<!-- corso-registration-review -->\n**Not reviewed**: the pull request could not be synthesized or reviewed, " +
          "so the check fails. See [the run](https://github.com/contoso/corso/actions/runs/42).\n",
      );
    });

    it("cuts a report over GitHub's 65,536-character limit at a line, closing what it left open", () => {
      const line = "- `azuread_application.x`: a change worth reading\n";
      const report = "# Report\n<details>\n\n```text\n" + line.repeat(3000) + "```\n</details>\n";
      expect(report.length).toBeGreaterThan(65536);
      const [[kind, { body, issue_number }]] = post(report);
      expect([kind, issue_number]).toEqual(["create", 7]);
      expect(body.length).toBeLessThanOrEqual(65536);
      expect(body).toMatch(
        /- `azuread_application\.x`: a change worth reading\n```\n<\/details>\n\n\*\*The report is cut here\*\*: it is longer than a comment can hold\. The whole report is the `review` artifact and the summary of \[the run\]\(https:\/\/github\.com\/contoso\/corso\/actions\/runs\/42\)\.\n$/,
      );
    });
  });

  describe("an escalation", () => {
    const approve = jobs.approve;
    const check = step(approve, "Check that a person other than the author approved").run as string;
    /** Runs the approval check with a stand-in `gh` that prints `environment` (or fails when undefined). */
    function approveWith(environment: unknown) {
      const cwd = mkdtempSync(join(tmpdir(), "corso-review-approve-"));
      const bin = join(cwd, "bin");
      mkdirSync(bin);
      writeFileSync(join(cwd, "environment.out"), JSON.stringify(environment ?? null));
      writeFileSync(
        join(bin, "gh"),
        environment === undefined
          ? '#!/bin/bash\necho "HTTP 404: Not Found" >&2\nexit 1\n'
          : `#!/bin/bash\n[ "$1 $2" = "api repos/contoso/corso/environments/corso-access-review" ] || exit 97\ncat "${join(cwd, "environment.out")}"\n`,
      );
      chmodSync(join(bin, "gh"), 0o755);
      return runStep(check, cwd, { ENVIRONMENT: "corso-access-review" }, bin);
    }
    const reviewers = [{ type: "Team", reviewer: { slug: "security" } }];

    it("is held in an environment whose reviewers must approve it, with a read-only token", () => {
      expect(approve.needs).toBe("review");
      expect(approve.environment).toBe("corso-access-review");
      expect(approve.permissions).toEqual({ actions: "read" });
    });

    it("passes once a reviewer other than the author approved", () => {
      const run = approveWith({
        protection_rules: [{ type: "required_reviewers", prevent_self_review: true, reviewers }],
      });
      expect(run.status).toBe(0);
      expect(run.log).toContain(
        "The access this pull request grants was approved by a reviewer of corso-access-review.",
      );
    });

    it.each([
      ["an environment GitHub made without rules", { protection_rules: [] }],
      ["a wait timer only", { protection_rules: [{ type: "wait_timer", wait_timer: 5 }] }],
      [
        "reviewers who may approve their own pull request",
        { protection_rules: [{ type: "required_reviewers", prevent_self_review: false, reviewers }] },
      ],
      [
        "a reviewer rule with nobody in it",
        { protection_rules: [{ type: "required_reviewers", prevent_self_review: true, reviewers: [] }] },
      ],
    ])("fails the check for %s", (_, environment) => {
      const run = approveWith(environment);
      expect(run.status).toBe(1);
      expect(run.log).toContain(
        "::error title=Escalation not approved::The environment corso-access-review has no required reviewers with self-review prevented",
      );
    });

    it("fails the check when the environment cannot be read", () => {
      const run = approveWith(undefined);
      expect(run.status).toBe(1);
      expect(run.log).toContain(
        "::error title=Escalation not approved::Could not read the environment corso-access-review",
      );
    });
  });
});
