import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { permissionsForServices } from "../../lib/permissions";
import { synthesizeTo } from "../support/synthesis";
import { CLIENT_ID, TENANT_ID, type TenantDouble, startTenantDouble } from "../support/tenant-double";

const root = join(__dirname, "../..");
const SECRET = "deploy~SeCrEt.value-0123456789";
const NAME = "Check that Corso's first backup will work";
const ALL_SERVICES = ["exchange", "onedrive", "sharepoint", "groups", "chats"] as const;

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}
const workflow = load(readFileSync(join(root, ".github/workflows/corso-deploy.yml"), "utf8")) as {
  jobs: Record<string, { steps: Step[] }>;
};
const preflightStep = workflow.jobs.apply.steps.find((s) => s.name === NAME) as Step;

beforeAll(() => execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]));

let double: TenantDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

/** A job workspace holding the synthesis of stack 'contoso' (every service), as the apply job unpacks it. */
function workspace(): string {
  const cwd = mkdtempSync(join(tmpdir(), "corso-deploy-preflight-"));
  renameSync(synthesizeTo({ contoso: { registration: { services: [...ALL_SERVICES] } } }), join(cwd, "cdktf.out"));
  return cwd;
}

/** A stand-in terraform whose `output -json` prints the deployed credentials (the secret among them). */
function terraformStandIn(): string {
  const bin = mkdtempSync(join(tmpdir(), "corso-deploy-bin-"));
  const outputs = JSON.stringify({
    AZURE_CLIENT_ID: { value: CLIENT_ID, type: "string", sensitive: false },
    AZURE_TENANT_ID: { value: TENANT_ID, type: "string", sensitive: false },
    AZURE_CLIENT_SECRET: { value: SECRET, type: "string", sensitive: true },
  });
  writeFileSync(join(bin, "outputs.json"), outputs);
  writeFileSync(
    join(bin, "terraform"),
    `#!/bin/bash\n[ "$1 $2 $3" = "-chdir=cdktf.out/stacks/contoso output -json" ] || exit 98\ncat "${join(bin, "outputs.json")}"\n`,
  );
  chmodSync(join(bin, "terraform"), 0o755);
  return bin;
}

/** Runs the step's script with bash as the runner would, against the tenant double (asynchronously: it answers in this process). */
function runStep(env: Record<string, string>) {
  const cwd = workspace();
  const summary = join(cwd, "summary.md");
  writeFileSync(summary, "");
  return new Promise<{ status: number | null; log: string; summary: string }>((resolve) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", preflightStep.run as string], {
      cwd,
      env: {
        PATH: `${terraformStandIn()}:${process.env.PATH}`,
        RUNNER_TEMP: cwd,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_WORKSPACE: root,
        STACK: "contoso",
        SERVICES: "",
        CORSO_PREFLIGHT_LOGIN_URL: double?.url ?? "",
        CORSO_PREFLIGHT_GRAPH_URL: double?.url ?? "",
        ...env,
      },
    });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("close", (status) => resolve({ status, log, summary: readFileSync(summary, "utf8") }));
  });
}

describe("the deploy's last step, corso-preflight with the deployed credentials", () => {
  it("takes the services to check from an optional repository variable", () => {
    expect(preflightStep.env).toEqual({ SERVICES: "${{ vars.CORSO_PREFLIGHT_SERVICES }}" });
  });

  it("passes a ready tenant, with the table in the job summary and no secret anywhere", async () => {
    double = await startTenantDouble({ secret: SECRET, roles: [permissionsForServices([...ALL_SERVICES])] });
    const run = await runStep({});
    expect(run.status).toBe(0);
    expect(run.summary).toMatch(/^### Corso preflight of `contoso`\n```\nCorso preflight of stack 'contoso'/);
    expect(run.summary).toMatch(
      /^READY: exchange ready, onedrive ready, sharepoint ready, groups ready, chats ready$/m,
    );
    expect(run.log + run.summary).not.toContain(SECRET);
    expect(double.requests.filter((r) => r.method !== "GET").map((r) => r.path)).toEqual([
      `/${TENANT_ID}/oauth2/v2.0/token`,
    ]);
  });

  it("fails the job with an error annotation when a service Corso backs up is blocked", async () => {
    double = await startTenantDouble({
      secret: SECRET,
      roles: [permissionsForServices([...ALL_SERVICES])],
      graphFaults: [
        {
          match: /\/chats\?/,
          status: 403,
          code: "Forbidden",
          message:
            "Invoked API requires Protected API access in application-only context when not using Resource Specific Consent.",
        },
      ],
    });
    const run = await runStep({});
    expect(run.status).toBe(3);
    expect(run.log).toContain(
      "::error title=Corso's first backup would fail::Stack contoso: a service Corso backs up is blocked; the causes and fixes are in the run's summary.",
    );
    expect(run.summary).toMatch(/^BLOCKED: .*chats blocked$/m);
  });

  it("checks only the services the variable names", async () => {
    double = await startTenantDouble({
      secret: SECRET,
      roles: [permissionsForServices([...ALL_SERVICES])],
      graphFaults: [{ match: /\/chats\?/, status: 403, code: "Forbidden", message: "Protected API access required." }],
    });
    const run = await runStep({ SERVICES: "exchange,onedrive" });
    expect(run.status).toBe(0);
    expect(run.summary).toMatch(/^READY: exchange ready, onedrive ready$/m);
  });

  it("fails the job when the preflight cannot run at all", async () => {
    const run = await runStep({ CORSO_PREFLIGHT_LOGIN_URL: "http://login.example" });
    expect(run.status).toBe(1);
    expect(run.log).toContain(
      "::error title=Preflight failed::Stack contoso: corso-preflight exited 1, so nobody knows whether Corso's backup will work.",
    );
  });
});
