import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { App, TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { CorsoAppRegistration } from "../../lib";
import { addBackend } from "../../lib/app";
import { SECRET, asTerraformOutputJson, deployedOutputs } from "../support/deployed-outputs";

const root = join(__dirname, "../..");
const hasJq = spawnSync("jq", ["--version"]).status === 0;
const text = readFileSync(join(root, ".github/workflows/corso-deploy.yml"), "utf8");

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: string;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  strategy?: { "fail-fast"?: boolean; matrix: Record<string, unknown> };
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  "timeout-minutes"?: number;
  steps: Step[];
}
const workflow = load(text) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const { synthesize, plan, decide, apply, alert } = workflow.jobs;
const step = (job: Job, name: string): Step => {
  const found = job.steps.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no step '${name}'`);
  return found;
};
/** A stack with a Corso registration, as the workflow lists for its matrix. */
function corsoStack(app: App, name: string): TerraformStack {
  const stack = new TerraformStack(app, name);
  new AzureadProvider(stack, "azuread", {});
  new CorsoAppRegistration(stack, "Corso", { owners: ["11111111-2222-4333-8444-555555555555"] });
  return stack;
}

const AZURE_ENV = {
  STACK: "${{ matrix.stack }}",
  ARM_USE_OIDC: "true",
  ARM_CLIENT_ID: "${{ vars.ARM_CLIENT_ID }}",
  ARM_TENANT_ID: "${{ vars.ARM_TENANT_ID }}",
  ARM_SUBSCRIPTION_ID: "${{ vars.ARM_SUBSCRIPTION_ID }}",
  TF_TOKEN_app_terraform_io: "${{ secrets.TF_API_TOKEN }}",
  TF_IN_AUTOMATION: "true",
  TF_INPUT: "false",
  CHECKPOINT_DISABLE: "1",
};

beforeAll(() => execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]));

describe("the deploy workflow", () => {
  it("runs on pushes, once a day and by hand, never on pull requests", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["push", "schedule", "workflow_dispatch"]);
    expect(workflow.on.schedule).toEqual([{ cron: "37 4 * * *" }]);
    expect(text).not.toMatch(/pull_request|workflow_run/);
  });

  it("deploys from the default branch only, whatever its name", () => {
    expect(synthesize.if).toBe(
      "github.event_name == 'schedule' || github.ref == format('refs/heads/{0}', github.event.repository.default_branch)",
    );
    expect(plan.needs).toBe("synthesize");
  });

  it("synthesizes without an Azure token, and plans and applies in jobs that install and build nothing", () => {
    expect(Object.keys(workflow.jobs)).toEqual(["synthesize", "plan", "decide", "apply", "alert"]);
    expect(workflow.permissions).toEqual({});
    expect(synthesize.permissions).toEqual({ contents: "read" });
    expect(plan.permissions).toEqual({ "id-token": "write" });
    expect(decide.permissions).toEqual({});
    expect(apply.permissions).toEqual({ "id-token": "write", actions: "read" });
    expect(alert.permissions).toEqual({});
    for (const job of [plan, apply]) {
      const runs = job.steps.map((s) => s.run ?? "").join("\n");
      expect(runs).not.toMatch(/\b(npm|npx|pnpm|yarn|tsc)\b/);
      expect(job.steps.some((s) => s.uses?.startsWith("actions/checkout@"))).toBe(false);
      expect(step(job, "Fetch the synthesis").with).toEqual({ name: "synthesis" });
    }
    expect(step(synthesize, "Hand on the synthesis and the commands").with).toEqual({
      name: "synthesis",
      path: "cdktf.out\ndist\n",
      "if-no-files-found": "error",
      "retention-days": 1,
    });
  });

  it("gives every job a time limit", () => {
    expect(Object.fromEntries(Object.entries(workflow.jobs).map(([n, j]) => [n, j["timeout-minutes"]]))).toEqual({
      synthesize: 15,
      plan: 30,
      decide: 5,
      apply: 60,
      alert: 5,
    });
  });

  it("synthesizes with the same variables as the pull request review", () => {
    const review = load(readFileSync(join(root, ".github/workflows/corso-review.yml"), "utf8")) as {
      jobs: Record<string, Job>;
    };
    expect(review.jobs["synthesize-head"].env).toEqual(synthesize.env);
    expect(review.jobs.review.env).toEqual(synthesize.env);
  });

  it("signs in to Azure by OIDC with no stored Azure secret", () => {
    expect(plan.env).toEqual(AZURE_ENV);
    expect(apply.env).toEqual({
      ...AZURE_ENV,
      APPROVAL: "${{ contains(fromJSON(needs.decide.outputs.approval), matrix.stack) }}",
    });
    expect(text).not.toMatch(/ARM_CLIENT_SECRET|ARM_CLIENT_CERTIFICATE|ARM_ACCESS_KEY|AZURE_CREDENTIALS|azure\/login/);
    expect([...text.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]).sort()).toEqual([
      "CORSO_ALERT_WEBHOOK",
      "TF_API_TOKEN",
      "TF_API_TOKEN",
    ]);
  });

  it("pins every action to a full commit SHA, with its release in a comment", () => {
    const uses = [...text.matchAll(/uses: (\S+)(.*)/g)].map((m) => [m[1], m[2]]);
    expect(uses.length).toBeGreaterThanOrEqual(5);
    for (const [ref, comment] of uses) {
      expect(ref).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
    expect(new Set(uses.map(([ref]) => ref.split("@")[0]))).toEqual(
      new Set([
        "actions/checkout",
        "actions/setup-node",
        "hashicorp/setup-terraform",
        "actions/upload-artifact",
        "actions/download-artifact",
      ]),
    );
  });

  it("never leaves a token in the checkout or restores a cache into the jobs", () => {
    expect(synthesize.steps.find((s) => s.uses?.startsWith("actions/checkout@"))?.with).toEqual({
      "persist-credentials": false,
    });
    for (const job of [synthesize, plan, apply]) {
      expect(job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with).toMatchObject({
        "package-manager-cache": false,
      });
    }
    expect(step(synthesize, "Synthesize").run).toContain("npm ci --ignore-scripts");
  });

  it("plans and applies one stack per matrix job, never two jobs on one state", () => {
    expect(synthesize.outputs).toEqual({ stacks: "${{ steps.list.outputs.stacks }}" });
    expect(plan.strategy).toEqual({
      "fail-fast": false,
      matrix: { stack: "${{ fromJSON(needs.synthesize.outputs.stacks) }}" },
    });
    expect(apply.strategy).toEqual({
      "fail-fast": false,
      matrix: { stack: "${{ fromJSON(needs.decide.outputs.stacks) }}" },
    });
    for (const job of [plan, apply]) {
      expect(job.concurrency).toEqual({ group: "corso-state-${{ matrix.stack }}", "cancel-in-progress": false });
    }
    expect(plan.environment).toBe("corso-${{ matrix.stack }}");
  });

  it("applies a plan that raises access only in the stack's approval environment", () => {
    expect(decide.needs).toBe("plan");
    expect(decide.if).toBe("${{ !cancelled() }}");
    expect(apply.needs).toBe("decide");
    expect(apply.if).toBe(
      "${{ !cancelled() && needs.decide.result == 'success' && needs.decide.outputs.stacks != '[]' }}",
    );
    expect(apply.environment).toBe(
      "${{ contains(fromJSON(needs.decide.outputs.approval), matrix.stack) && format('corso-{0}-approval', matrix.stack) || format('corso-{0}', matrix.stack) }}",
    );
  });

  it("plans, reviews, plans and reviews again, applies that saved plan, then checks the secret even when the apply failed", () => {
    const names = (job: Job) => job.steps.map((s) => s.name ?? s.uses?.split("@")[0]);
    expect(names(plan)).toEqual([
      "actions/setup-node",
      "hashicorp/setup-terraform",
      "Fetch the synthesis",
      "Check the synthesis",
      "Initialize",
      "Plan",
      "Review the plan",
      "Hand on the review",
    ]);
    expect(names(apply)).toEqual([
      "actions/setup-node",
      "hashicorp/setup-terraform",
      "Fetch the synthesis",
      "Check the synthesis",
      "Fetch the approved review",
      "Initialize",
      "Plan",
      "Review the plan again",
      "Apply",
      "Check how long the current secret has left",
      "Check that Corso's first backup will work",
    ]);
    expect(step(plan, "Plan").run).toBe(step(apply, "Plan").run);
    expect(step(plan, "Check the synthesis").run).toBe(step(apply, "Check the synthesis").run);
    expect(step(apply, "Plan").run).toContain('plan -input=false -lock-timeout=10m -out="$RUNNER_TEMP/corso.tfplan"');
    expect(step(apply, "Plan").run).toContain(
      'show -json "$RUNNER_TEMP/corso.tfplan" > "$RUNNER_TEMP/plans/$STACK.json"',
    );
    expect(step(apply, "Apply").run).toContain('apply -input=false -lock-timeout=10m "$RUNNER_TEMP/corso.tfplan"');
    expect(step(apply, "Check how long the current secret has left").if).toBe(
      "${{ !cancelled() && steps.init.outcome == 'success' }}",
    );
    // After the secret's check, whatever it said; only once the apply went through.
    expect(step(apply, "Apply").id).toBe("apply");
    expect(step(apply, "Check that Corso's first backup will work").if).toBe(
      "${{ !cancelled() && steps.apply.outcome == 'success' }}",
    );
    for (const job of [plan, apply]) {
      const terraform = job.steps.find((s) => s.uses?.startsWith("hashicorp/setup-terraform@"));
      expect(terraform?.with).toEqual({ terraform_version: "1.11.4", terraform_wrapper: false });
    }
    expect(step(plan, "Hand on the review").with).toMatchObject({
      name: "plan-review-${{ matrix.stack }}",
      path: "${{ runner.temp }}/decision",
    });
    expect(step(apply, "Fetch the approved review").with).toEqual({
      name: "plan-review-${{ matrix.stack }}",
      path: "${{ runner.temp }}/approved",
    });
  });

  it("alerts on any failure of the run, through a webhook when one is set", () => {
    expect(alert.needs).toEqual(["synthesize", "plan", "decide", "apply"]);
    expect(alert.if).toBe("failure()");
  });

  describe("its shell steps, run with stand-ins for terraform, npm and gh", () => {
    /** Runs a step's script with bash as the runner would, in `cwd`, with `bin` first on PATH. */
    function runStep(script: string, cwd: string, bin: string, env: Record<string, string> = {}) {
      // The runner keeps these files outside the job's workspace.
      const files = mkdtempSync(join(tmpdir(), "corso-workflow-runner-"));
      const summary = join(files, "summary.md");
      const output = join(files, "output.txt");
      writeFileSync(summary, "");
      writeFileSync(output, "");
      const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
        cwd,
        encoding: "utf8",
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          RUNNER_TEMP: cwd,
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_OUTPUT: output,
          GITHUB_WORKSPACE: root,
          GITHUB_REPOSITORY: "contoso/corso",
          STACK: "contoso",
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

    /**
     * A directory of stand-ins: `npm run --silent status` runs the built command; terraform prints
     * `outputs`; gh prints `environment` for the stack's approval environment (fails without one).
     */
    function standIns(outputs: string, environment?: unknown): string {
      const bin = mkdtempSync(join(tmpdir(), "corso-workflow-bin-"));
      writeFileSync(join(bin, "outputs.json"), outputs);
      writeFileSync(join(bin, "environment.json"), JSON.stringify(environment ?? null));
      writeFileSync(
        join(bin, "npm"),
        `#!/bin/bash\n[ "$1 $2 $3" = "run --silent status" ] || exit 99\nshift 3; [ "$1" = "--" ] && shift\nexec "${process.execPath}" "${join(root, "dist/bin/status.js")}" "$@"\n`,
      );
      writeFileSync(
        join(bin, "terraform"),
        `#!/bin/bash\n[ "$2" = "output" ] || exit 98\ncat "${join(bin, "outputs.json")}"\n`,
      );
      writeFileSync(
        join(bin, "gh"),
        environment === undefined
          ? '#!/bin/bash\necho "HTTP 403: Resource not accessible by integration" >&2\nexit 1\n'
          : `#!/bin/bash\n[ "$1 $2" = "api repos/contoso/corso/environments/corso-contoso-approval" ] || exit 97\ncat "${join(bin, "environment.json")}"\n`,
      );
      for (const name of ["npm", "terraform", "gh"]) chmodSync(join(bin, name), 0o755);
      return bin;
    }

    const check = step(apply, "Check how long the current secret has left").run as string;

    it.each([
      [200, 0],
      [5, 3],
    ])("puts the table in the job summary and fails the job below the threshold: %i days, exit %i", (days, exit) => {
      const cwd = mkdtempSync(join(tmpdir(), "corso-workflow-"));
      const run = runStep(
        check,
        cwd,
        standIns(asTerraformOutputJson(deployedOutputs(days, new Date(Date.now() + 3_600_000)))),
      );
      expect(run.status).toBe(exit);
      expect(run.summary).toMatch(/^### Client secret of `contoso`\n```\nstack +secret expires/);
      expect(run.summary + run.log).not.toContain("sEcReT");
      expect(SECRET).toContain("sEcReT");
      if (exit === 3) {
        expect(run.log).toContain("::error title=Corso client secret close to expiry::Stack contoso");
      }
    });

    it("tells the log when no webhook is set, and posts the failure to the webhook when one is", () => {
      const script = step(alert, "Post to the on-call webhook").run as string;
      const env = {
        RUN_URL: "https://github.com/contoso/corso/actions/runs/42",
        TRIGGER: "schedule",
        REPOSITORY: "contoso/corso",
      };
      const cwd = mkdtempSync(join(tmpdir(), "corso-workflow-"));
      const bin = standIns("{}");
      writeFileSync(
        join(bin, "curl"),
        `#!/bin/bash\necho "$@" > "${join(cwd, "curl-args")}"\ncat > "${join(cwd, "curl-body")}"\n`,
      );
      chmodSync(join(bin, "curl"), 0o755);
      const quiet = runStep(script, cwd, bin, { ...env, WEBHOOK: "" });
      expect(quiet.status).toBe(0);
      expect(quiet.log).toContain(
        "No CORSO_ALERT_WEBHOOK secret: GitHub's notification of the failed run is the only alert.",
      );
      if (!hasJq) {
        console.warn("skipped posting to the webhook: no jq on PATH (GitHub's runners have it)");
        return;
      }
      const posted = runStep(script, cwd, bin, { ...env, WEBHOOK: "https://hooks.example/T0/B0/x" });
      expect(posted.status).toBe(0);
      expect(readFileSync(join(cwd, "curl-args"), "utf8")).toContain("--fail --silent --show-error --max-time 30");
      expect(JSON.parse(readFileSync(join(cwd, "curl-body"), "utf8"))).toEqual({
        text:
          "Corso deploy failed in contoso/corso (schedule run): an apply failed, a client secret is close to expiry or Corso's first backup would fail. " +
          "https://github.com/contoso/corso/actions/runs/42",
      });
    });

    /** A runner directory with plans/contoso.json holding one of corso-review's plan fixtures (or text). */
    function withPlan(plan: string): string {
      const cwd = mkdtempSync(join(tmpdir(), "corso-workflow-"));
      mkdirSync(join(cwd, "plans"));
      const fixture = join(root, "__tests__/review/fixtures/plans", plan);
      writeFileSync(join(cwd, "plans/contoso.json"), existsSync(fixture) ? readFileSync(fixture) : plan);
      return cwd;
    }

    describe("the plan job's review", () => {
      const review = step(plan, "Review the plan").run as string;
      const decision = (cwd: string) => readFileSync(join(cwd, "decision/escalates"), "utf8");

      it("lets a scheduled run go on to apply a rotation, and shows what it does in the summary", () => {
        const cwd = withPlan("rotate-slot-a.json");
        const run = runStep(review, cwd, standIns("{}"), { EVENT: "schedule" });
        expect(run.status).toBe(0);
        expect(run.summary).toContain("secret slot A is **replaced**");
        expect(run.log).toBe("");
        expect(decision(cwd)).toBe("false\n");
        expect(readFileSync(join(cwd, "decision/review.md"), "utf8")).toBe(run.summary);
      });

      it("refuses a scheduled plan that replaces the application, and marks it for approval on a push", () => {
        const scheduled = runStep(review, withPlan("replace-application.json"), standIns("{}"), { EVENT: "schedule" });
        expect(scheduled.status).toBe(1);
        expect(scheduled.log).toMatch(
          /^::error title=Scheduled apply refused::Stack contoso: the plan replaces, destroys or imports/,
        );
        expect(scheduled.summary).toContain("What the apply will do");
        const cwd = withPlan("replace-application.json");
        const pushed = runStep(review, cwd, standIns("{}"), { EVENT: "push" });
        expect(pushed.status).toBe(0);
        expect(pushed.log).toMatch(
          /^::warning title=The plan grants or raises access::Stack contoso: it applies once a reviewer of the environment corso-contoso-approval approves/,
        );
        expect(decision(cwd)).toBe("true\n");
      });

      it.each(["schedule", "push"])("fails a %s run whose plan cannot be reviewed, handing on no decision", (event) => {
        const cwd = withPlan("{");
        const run = runStep(review, cwd, standIns("{}"), { EVENT: event });
        expect(run.status).toBe(1);
        expect(run.log).toMatch(/::error title=Plan review failed::Stack contoso: corso-review exited 1/);
        expect(existsSync(join(cwd, "decision/escalates"))).toBe(false);
      });
    });

    it("decides from the handed-on reviews which stacks apply and which wait for an approval", () => {
      const cwd = mkdtempSync(join(tmpdir(), "corso-workflow-"));
      for (const [stack, escalates] of [
        ["contoso", "false"],
        ["fabrikam", "true"],
        ["litware", "maybe"],
      ]) {
        mkdirSync(join(cwd, `reviews/plan-review-${stack}`), { recursive: true });
        writeFileSync(join(cwd, `reviews/plan-review-${stack}/escalates`), `${escalates}\n`);
      }
      const run = runStep(step(decide, "Decide").run as string, cwd, standIns("{}"));
      expect(run.status).toBe(0);
      expect(run.output).toBe('stacks=["contoso","fabrikam"]\napproval=["fabrikam"]\n');
      expect(run.log).toContain(
        "::error title=Plan review missing::Stack litware: no decision was handed on; it is not applied.",
      );
    });

    describe("the apply job's second review", () => {
      const again = step(apply, "Review the plan again").run as string;
      const protectedEnvironment = {
        protection_rules: [
          { type: "required_reviewers", prevent_self_review: true, reviewers: [{ type: "Team", reviewer: {} }] },
        ],
      };
      /** Runs the second review on `plan`, with `approved` as the review the approval was given for. */
      function reviewAgain(plan: string, env: Record<string, string>, environment?: unknown, approved?: string) {
        const cwd = withPlan(plan);
        const first = runStep(step(workflow.jobs.plan, "Review the plan").run as string, cwd, standIns("{}"), {
          EVENT: env.EVENT,
        });
        mkdirSync(join(cwd, "approved"));
        writeFileSync(join(cwd, "approved/review.md"), approved ?? first.summary);
        return runStep(again, cwd, standIns("{}", environment), env);
      }

      it("applies a plan that raises no access", () => {
        const run = reviewAgain("rotate-slot-a.json", { EVENT: "schedule", APPROVAL: "false" });
        expect(run).toMatchObject({ status: 0, log: "" });
        expect(run.summary).toContain("secret slot A is **replaced**");
      });

      it("applies a plan that raises access once approved in a protected environment, as reviewed", () => {
        const run = reviewAgain("replace-application.json", { EVENT: "push", APPROVAL: "true" }, protectedEnvironment);
        expect(run.status).toBe(0);
        expect(run.log).toContain(
          "Stack contoso: the access this plan grants was approved by a reviewer of corso-contoso-approval.",
        );
      });

      it("refuses a plan that raises access outside the approval environment", () => {
        const run = reviewAgain("replace-application.json", { EVENT: "push", APPROVAL: "false" }, protectedEnvironment);
        expect(run.status).toBe(1);
        expect(run.log).toContain(
          "::error title=Escalation not approved::Stack contoso: the plan grants or raises access, and it did not when the plan job reviewed it",
        );
      });

      it("refuses an approved escalation whose plan changed since its review", () => {
        const run = reviewAgain(
          "replace-application.json",
          { EVENT: "push", APPROVAL: "true" },
          protectedEnvironment,
          "# an older review\n",
        );
        expect(run.status).toBe(1);
        expect(run.log).toContain(
          "::error title=Escalation not approved::Stack contoso: the plan changed since the review the approval was given for",
        );
      });

      it.each([
        ["no rules", { protection_rules: [] }],
        [
          "self-review allowed",
          { protection_rules: [{ type: "required_reviewers", prevent_self_review: false, reviewers: [{}] }] },
        ],
      ])("refuses an escalation approved in an environment with %s", (_, environment) => {
        const run = reviewAgain("replace-application.json", { EVENT: "push", APPROVAL: "true" }, environment);
        expect(run.status).toBe(1);
        expect(run.log).toContain(
          "::error title=Escalation not approved::Stack contoso: the environment corso-contoso-approval has no required reviewers with self-review prevented",
        );
      });

      it("refuses an escalation when the environment cannot be read", () => {
        const run = reviewAgain("replace-application.json", { EVENT: "push", APPROVAL: "true" }, undefined);
        expect(run.status).toBe(1);
        expect(run.log).toContain(
          "::error title=Escalation not approved::Stack contoso: could not read the environment corso-contoso-approval",
        );
      });

      it("refuses a scheduled plan that replaces, even when approved, and a plan that cannot be reviewed", () => {
        const cwd = withPlan("replace-application.json");
        mkdirSync(join(cwd, "approved"));
        writeFileSync(join(cwd, "approved/review.md"), "");
        const scheduled = runStep(again, cwd, standIns("{}", protectedEnvironment), {
          EVENT: "schedule",
          APPROVAL: "true",
        });
        expect(scheduled.status).toBe(1);
        expect(scheduled.log).toMatch(/^::error title=Scheduled apply refused::Stack contoso/);
        const unreadable = runStep(again, withPlan("{"), standIns("{}", protectedEnvironment), {
          EVENT: "push",
          APPROVAL: "true",
        });
        expect(unreadable.status).toBe(1);
        expect(unreadable.log).toMatch(/::error title=Plan review failed::Stack contoso: corso-review exited 1/);
      });
    });

    describe("the check of the downloaded synthesis", () => {
      const checkSynthesis = step(apply, "Check the synthesis").run as string;
      /** A job workspace as the download leaves it: the synthesis and the built commands. */
      function workspace(): string {
        const cwd = mkdtempSync(join(tmpdir(), "corso-workflow-"));
        mkdirSync(join(cwd, "cdktf.out/stacks/contoso"), { recursive: true });
        writeFileSync(join(cwd, "cdktf.out/stacks/contoso/cdk.tf.json"), "{}");
        mkdirSync(join(cwd, "dist/bin"), { recursive: true });
        writeFileSync(join(cwd, "dist/bin/review.js"), "");
        return cwd;
      }

      it("accepts the synthesis and the commands as plain files", () => {
        expect(runStep(checkSynthesis, workspace(), standIns("{}"))).toMatchObject({ status: 0, log: "" });
      });

      it.each([
        ["a link", "contoso", (cwd: string) => symlinkSync("/etc", join(cwd, "dist/etc"))],
        ["anything beside them", "contoso", (cwd: string) => writeFileSync(join(cwd, ".npmrc"), "")],
        [
          "a folder where the stack's file belongs",
          "fabrikam",
          (cwd: string) => mkdirSync(join(cwd, "cdktf.out/stacks/fabrikam/cdk.tf.json"), { recursive: true }),
        ],
        ["a named pipe", "contoso", (cwd: string) => execFileSync("mkfifo", [join(cwd, "cdktf.out/stacks/contoso/x")])],
      ])("refuses %s", (_, stack, spoil) => {
        const cwd = workspace();
        spoil(cwd);
        const run = runStep(checkSynthesis, cwd, standIns("{}"), { STACK: stack });
        expect(run.status).toBe(1);
        expect(run.log).toContain(
          `::error title=Synthesis refused::The synthesis artifact must hold cdktf.out/stacks/${stack} and dist as plain files and folders only.`,
        );
      });
    });

    it("refuses a synthesis with local state, with an error annotation that says why", () => {
      const cwd = mkdtempSync(join(tmpdir(), "corso-workflow-"));
      const app = new App({ outdir: join(cwd, "cdktf.out") });
      addBackend(corsoStack(app, "corso"), undefined, "corso");
      app.synth();
      const run = runStep(step(synthesize, "List the stacks, refusing local state").run as string, cwd, standIns("{}"));
      expect(run.status).toBe(1);
      expect(run.log).toMatch(
        /^::error title=Corso deploy needs remote state::corso-status: stack 'corso' keeps Terraform state in a local file/,
      );
      expect(run.output).toBe("");
    });

    it("hands the matrix the stacks of a synthesis kept in remote state", () => {
      const cwd = mkdtempSync(join(tmpdir(), "corso-workflow-"));
      const app = new App({ outdir: join(cwd, "cdktf.out") });
      for (const name of ["contoso", "fabrikam"]) {
        addBackend(corsoStack(app, name), { type: "azurerm", storageAccountName: "st", containerName: "c" }, name);
      }
      app.synth();
      const run = runStep(step(synthesize, "List the stacks, refusing local state").run as string, cwd, standIns("{}"));
      expect(run.status).toBe(0);
      expect(run.output).toBe('stacks=["contoso","fabrikam"]\n');
    });
  });
});
