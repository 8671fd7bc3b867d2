import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { permissionsForServices } from "../../lib/permissions";
import { CLIENT_ID, TENANT_ID, type TenantDouble, startTenantDouble } from "../support/tenant-double";

const root = join(__dirname, "../..");
const SECRET = "bin~SeCrEt.value-0123456789";

beforeAll(() => execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]));

let double: TenantDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

/** Runs the compiled command as its `bin` entry runs it (asynchronously: the double answers in this process). */
function preflight(args: string[], input: string, env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(root, "dist/bin/preflight.js"), ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

const outputs = JSON.stringify({
  AZURE_CLIENT_ID: { value: CLIENT_ID, type: "string", sensitive: false },
  AZURE_TENANT_ID: { value: TENANT_ID, type: "string", sensitive: false },
  AZURE_CLIENT_SECRET: { value: SECRET, type: "string", sensitive: true },
});

describe("corso-preflight", () => {
  it("reads terraform output -json on standard input and exits 0 for a ready tenant", async () => {
    double = await startTenantDouble({ secret: SECRET, roles: [permissionsForServices(["exchange", "onedrive"])] });
    const run = await preflight(["--services", "exchange,onedrive"], outputs, {
      CORSO_PREFLIGHT_LOGIN_URL: double.url,
      CORSO_PREFLIGHT_GRAPH_URL: double.url,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^READY: exchange ready, onedrive ready$/m);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it("exits 3 with the cause and fix when a chosen service is blocked", async () => {
    double = await startTenantDouble({ secret: SECRET, roles: [permissionsForServices(["onedrive"])] });
    const run = await preflight(["--services", "exchange,onedrive", "--wait-seconds", "0"], outputs, {
      CORSO_PREFLIGHT_LOGIN_URL: double.url,
      CORSO_PREFLIGHT_GRAPH_URL: double.url,
    });
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/^BLOCKED: exchange blocked, onedrive ready$/m);
    expect(run.stdout).toContain("cause: admin consent to Mail.ReadWrite is missing");
  });

  it("rejects a wrong command line with status 2 and its usage, and an http endpoint off this machine with status 1", async () => {
    const wrong = await preflight(["--services", "mail"], outputs, {});
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(
      /^corso-preflight: --services: unknown Corso service "mail";.*\n\nUsage: corso-preflight/,
    );
    const http = await preflight(["--services", "exchange"], outputs, {
      CORSO_PREFLIGHT_LOGIN_URL: "http://login.example",
    });
    expect(http.status).toBe(1);
    expect(http.stderr).toBe(
      'corso-preflight: CORSO_PREFLIGHT_LOGIN_URL must be an https URL (http only to 127.0.0.1 or localhost): got "http://login.example"\n',
    );
  });

  it("prints its usage with --help", async () => {
    const run = await preflight(["--help"], "", {});
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: corso-preflight /);
    expect(run.stdout).toContain("Exit status: 0 ready; 3 sign-in, consent or a chosen service is blocked");
  });
});
