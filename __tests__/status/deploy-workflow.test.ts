import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { App, TerraformStack } from "cdktf";
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
  steps: Step[];
}
const workflow = load(text) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const { stacks, deploy, alert } = workflow.jobs;
const step = (job: Job, name: string): Step => {
  const found = job.steps.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no step '${name}'`);
  return found;
};

beforeAll(() => execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]));

describe("the deploy workflow", () => {
  it("runs on pushes, once a day and by hand, never on pull requests", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["push", "schedule", "workflow_dispatch"]);
    expect(workflow.on.schedule).toEqual([{ cron: "37 4 * * *" }]);
    expect(text).not.toMatch(/pull_request|workflow_run/);
  });

  it("deploys from the default branch only, whatever its name", () => {
    expect(stacks.if).toBe(
      "github.event_name == 'schedule' || github.ref == format('refs/heads/{0}', github.event.repository.default_branch)",
    );
    expect(deploy.needs).toBe("stacks");
  });

  it("grants nothing by default, and an Azure token only to the job that applies", () => {
    expect(workflow.permissions).toEqual({});
    expect(stacks.permissions).toEqual({ contents: "read" });
    expect(deploy.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(alert.permissions).toEqual({});
  });

  it("signs in to Azure by OIDC with no stored Azure secret", () => {
    expect(deploy.env).toMatchObject({
      ARM_USE_OIDC: "true",
      ARM_CLIENT_ID: "${{ vars.ARM_CLIENT_ID }}",
      ARM_TENANT_ID: "${{ vars.ARM_TENANT_ID }}",
      ARM_SUBSCRIPTION_ID: "${{ vars.ARM_SUBSCRIPTION_ID }}",
    });
    expect(text).not.toMatch(/ARM_CLIENT_SECRET|ARM_CLIENT_CERTIFICATE|ARM_ACCESS_KEY|AZURE_CREDENTIALS|azure\/login/);
    expect([...text.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]).sort()).toEqual([
      "CORSO_ALERT_WEBHOOK",
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
      new Set(["actions/checkout", "actions/setup-node", "hashicorp/setup-terraform"]),
    );
  });

  it("never leaves a token in the checkout or restores a cache into the jobs", () => {
    for (const job of [stacks, deploy]) {
      expect(job.steps.find((s) => s.uses?.startsWith("actions/checkout@"))?.with).toEqual({
        "persist-credentials": false,
      });
      expect(job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with).toMatchObject({
        "package-manager-cache": false,
      });
    }
    expect(step(deploy, "Synthesize").run).toContain("npm ci --ignore-scripts");
  });

  it("applies one stack of the synthesis per matrix job, never two runs on one state", () => {
    expect(stacks.outputs).toEqual({ stacks: "${{ steps.list.outputs.stacks }}" });
    expect(deploy.strategy).toEqual({
      "fail-fast": false,
      matrix: { stack: "${{ fromJSON(needs.stacks.outputs.stacks) }}" },
    });
    expect(deploy.concurrency).toEqual({ group: "corso-state-${{ matrix.stack }}", "cancel-in-progress": false });
    expect(deploy.environment).toBe("corso-${{ matrix.stack }}");
  });

  it("plans, reviews the plan, applies that saved plan, then checks the secret even when the apply failed", () => {
    const names = deploy.steps.map((s) => s.name ?? s.uses?.split("@")[0]);
    expect(names).toEqual([
      "actions/checkout",
      "actions/setup-node",
      "hashicorp/setup-terraform",
      "Synthesize",
      "Initialize",
      "Plan",
      "Review the plan",
      "Apply",
      "Check how long the current secret has left",
    ]);
    expect(step(deploy, "Plan").run).toContain('plan -input=false -lock-timeout=10m -out="$RUNNER_TEMP/corso.tfplan"');
    expect(step(deploy, "Plan").run).toContain(
      'show -json "$RUNNER_TEMP/corso.tfplan" > "$RUNNER_TEMP/plans/$STACK.json"',
    );
    expect(step(deploy, "Apply").run).toContain('apply -input=false -lock-timeout=10m "$RUNNER_TEMP/corso.tfplan"');
    expect(step(deploy, "Check how long the current secret has left").if).toBe(
      "${{ !cancelled() && steps.init.outcome == 'success' }}",
    );
    const terraform = deploy.steps.find((s) => s.uses?.startsWith("hashicorp/setup-terraform@"));
    expect(terraform?.with).toEqual({ terraform_version: "1.11.4", terraform_wrapper: false });
  });

  it("alerts on any failure of the run, through a webhook when one is set", () => {
    expect(alert.needs).toEqual(["stacks", "deploy"]);
    expect(alert.if).toBe("failure()");
  });

  describe("its shell steps, run with stand-ins for terraform and npm", () => {
    /** Runs a step's script with bash as the runner would, in `cwd`, with `bin` first on PATH. */
    function runStep(script: string, cwd: string, bin: string, env: Record<string, string> = {}) {
      const summary = join(cwd, "summary.md");
      const output = join(cwd, "output.txt");
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

    /** A directory of stand-ins: `npm run --silent status` runs the built command; terraform prints `outputs`. */
    function standIns(outputs: string): string {
      const bin = mkdtempSync(join(tmpdir(), "corso-workflow-bin-"));
      writeFileSync(join(bin, "outputs.json"), outputs);
      writeFileSync(
        join(bin, "npm"),
        `#!/bin/bash\n[ "$1 $2 $3" = "run --silent status" ] || exit 99\nshift 3; [ "$1" = "--" ] && shift\nexec "${process.execPath}" "${join(root, "dist/bin/status.js")}" "$@"\n`,
      );
      writeFileSync(
        join(bin, "terraform"),
        `#!/bin/bash\n[ "$2" = "output" ] || exit 98\ncat "${join(bin, "outputs.json")}"\n`,
      );
      chmodSync(join(bin, "npm"), 0o755);
      chmodSync(join(bin, "terraform"), 0o755);
      return bin;
    }

    const check = step(deploy, "Check how long the current secret has left").run as string;

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
          "Corso deploy failed in contoso/corso (schedule run): an apply failed or a client secret is close to expiry. " +
          "https://github.com/contoso/corso/actions/runs/42",
      });
    });

    const review = step(deploy, "Review the plan").run as string;
    /** Runs the review step on one of corso-review's plan fixtures (or text), as the event would. */
    function reviewPlan(event: string, plan: string) {
      const cwd = mkdtempSync(join(tmpdir(), "corso-workflow-"));
      mkdirSync(join(cwd, "plans"));
      const fixture = join(root, "__tests__/review/fixtures/plans", plan);
      writeFileSync(join(cwd, "plans/contoso.json"), existsSync(fixture) ? readFileSync(fixture) : plan);
      return runStep(review, cwd, standIns("{}"), { EVENT: event, GITHUB_WORKSPACE: root });
    }

    it("lets a scheduled run apply a rotation, and shows what it does in the summary", () => {
      const run = reviewPlan("schedule", "rotate-slot-a.json");
      expect(run.status).toBe(0);
      expect(run.summary).toContain("secret slot A is **replaced**");
      expect(run.log).toBe("");
    });

    it("refuses a scheduled apply that replaces the application, and applies it on a push", () => {
      const scheduled = reviewPlan("schedule", "replace-application.json");
      expect(scheduled.status).toBe(1);
      expect(scheduled.log).toMatch(
        /^::error title=Scheduled apply refused::Stack contoso: the plan replaces, destroys or imports/,
      );
      expect(scheduled.summary).toContain("What the apply will do");
      const pushed = reviewPlan("push", "replace-application.json");
      expect(pushed.status).toBe(0);
      expect(pushed.log).toMatch(/^::warning title=The plan grants or raises access::Stack contoso/);
    });

    it("refuses a scheduled apply whose plan cannot be reviewed, and warns on a push", () => {
      const scheduled = reviewPlan("schedule", "{");
      expect(scheduled.status).toBe(1);
      expect(scheduled.log).toMatch(/::error title=Plan review failed::Stack contoso: corso-review exited 1/);
      const pushed = reviewPlan("push", "{");
      expect(pushed.status).toBe(0);
      expect(pushed.log).toMatch(/::warning title=Plan review failed::Stack contoso: corso-review exited 1/);
    });

    it("refuses a synthesis with local state, with an error annotation that says why", () => {
      const cwd = mkdtempSync(join(tmpdir(), "corso-workflow-"));
      const app = new App({ outdir: join(cwd, "cdktf.out") });
      addBackend(new TerraformStack(app, "corso"), undefined, "corso");
      app.synth();
      const run = runStep(step(stacks, "List the stacks, refusing local state").run as string, cwd, standIns("{}"));
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
        addBackend(
          new TerraformStack(app, name),
          { type: "azurerm", storageAccountName: "st", containerName: "c" },
          name,
        );
      }
      app.synth();
      const run = runStep(step(stacks, "List the stacks, refusing local state").run as string, cwd, standIns("{}"));
      expect(run.status).toBe(0);
      expect(run.output).toBe('stacks=["contoso","fabrikam"]\n');
    });
  });
});
