import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Testing } from "cdktf";
import { CorsoStack } from "../../lib/app";
import { checkStatus } from "../../lib/status";
import { SECRET, asTerraformOutputJson, deployedOutputs } from "../support/deployed-outputs";
import { findTerraform, terraformOutputJson } from "../support/terraform";

const root = join(__dirname, "../..");
const HOUR = 3_600_000;
const terraform = findTerraform();
if (terraform === undefined) {
  console.warn(
    "terraform not found at /usr/local/bin/terraform or on PATH: skipping the test that lets Terraform evaluate the outputs",
  );
}
const withTerraform = terraform === undefined ? it.skip : it;

beforeAll(() => execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]));

/** Runs the compiled command as its `bin` entry runs it. */
function status(args: string[], input?: string) {
  return spawnSync(process.execPath, [join(root, "dist/bin/status.js"), ...args], { input, encoding: "utf8" });
}

describe("corso-status", () => {
  // Outputs made an hour ahead of "5 days from now", so that the run a moment later still sees 5 whole days.
  const outputs = (days: number) =>
    asTerraformOutputJson(deployedOutputs(days, new Date(Date.now() + HOUR), { lifetimeDays: 240 }));

  it.each([
    [5, 3],
    [200, 0],
  ])("with --min-days 30 exits 3 below it: %i days left, exit %i", (days, expected) => {
    const run = status(["--min-days", "30"], outputs(days));
    expect(run.status).toBe(expected);
    expect(run.stdout).toMatch(
      new RegExp(`^\\(terraform output\\) +\\S+ \\S+ +${days} +30 days \\(--min-days\\)`, "m"),
    );
    expect(run.stdout + run.stderr).not.toContain("sEcReT");
    if (expected === 3) {
      expect(run.stderr).toMatch(
        /^corso-status: stack '\(terraform output\)': the current client secret expires in 5 days/,
      );
    } else {
      expect(run.stderr).toBe("");
    }
  });

  it("rejects a wrong command line with status 2 and its usage", () => {
    const run = status(["--min-days", "soon"], outputs(200));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^corso-status: --min-days must be a number of days from 0 to 9999; got "soon"\n\nUsage:/,
    );
  });

  it("writes an unknown option's control characters as escapes, not to the terminal", () => {
    const run = status(["--from\u001b]0;owned\u0007"], outputs(200));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^corso-status: Unknown option '--from\\u\{001B\}\]0;owned\\u\{0007\}'/);
    expect(run.stderr).not.toContain("\u001b");
  });

  it("prints a stack name's bidirectional and C1 characters as JSON escapes with --json", () => {
    const values = deployedOutputs(200, new Date(Date.now() + HOUR));
    const run = status(["--json"], JSON.stringify({ "corso\u202egnp\u009b": values }));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('"stack": "corso\\u202egnp\\u009b"');
    expect(JSON.parse(run.stdout).stacks[0].stack).toBe("corso\u202egnp\u009b");
  });

  it("fails with status 1 and one line on unreadable input", () => {
    const run = status(["--from", "/nonexistent/outputs.json"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("corso-status: cannot read /nonexistent/outputs.json: no such file or directory\n");
    expect(run.stdout).toBe("");
  });

  withTerraform(
    "agrees with Terraform on which secret is current and when each rotates",
    async () => {
      // The synthesized outputs, evaluated by Terraform against stand-ins for the resources' state:
      // three tenants whose current secret expires in 5, 200 and 230 days, the last one slot B.
      const json = JSON.parse(
        Testing.synth(new CorsoStack(Testing.app(), "corso", { registration: { secretLifetimeDays: 240 } })),
      );
      const [clockA, clockB] = Object.keys(json.resource.time_rotating);
      const now = Date.now() + HOUR;
      const at = (days: number) => new Date(now + days * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
      const clock = (created: number, rotation: number) => ({
        id: at(created),
        rotation_rfc3339: at(rotation),
        unix: Math.floor((now + rotation * 86_400_000) / 1000),
      });
      const tenants: Record<string, { a: object; b: object }> = {
        contoso: { a: clock(-235, -145), b: clock(-280, -190) },
        fabrikam: { a: clock(-40, 50), b: clock(-85, 5) },
        tailspin: { a: clock(-55, 35), b: clock(-10, 80) },
      };
      const locals: Record<string, unknown> = {};
      const output: Record<string, unknown> = {};
      for (const [tenant, clocks] of Object.entries(tenants)) {
        locals[`${tenant}_time_rotating_${clockA}`] = clocks.a;
        locals[`${tenant}_time_rotating_${clockB}`] = clocks.b;
        for (const [name, block] of Object.entries(json.output as Record<string, object>)) {
          // Every resource reference becomes the tenant's local of the same name; each password's value is the secret.
          const text = JSON.stringify(block).replace(
            /\b(?:data\.)?(azuread_\w+|time_rotating)\.(\w+)\.(\w+)/g,
            (_, type: string, resource: string, attribute: string) => {
              if (type !== "time_rotating") locals[`${tenant}_${type}_${resource}`] = { [attribute]: SECRET };
              return `local.${tenant}_${type}_${resource}.${attribute}`;
            },
          );
          output[`${tenant}_${name}`] = JSON.parse(text);
        }
      }
      const outputsJson = terraformOutputJson(terraform as string, { locals, output });
      expect(JSON.parse(outputsJson).contoso_AZURE_CLIENT_SECRET).toMatchObject({ sensitive: true, value: SECRET });

      const judged: Record<string, Record<string, unknown>> = {};
      for (const tenant of Object.keys(tenants)) {
        let printed = "";
        const exit = await checkStatus(
          { json: true, outputNames: { prefix: `${tenant}_` } },
          {
            stdin: Readable.from([outputsJson]),
            stdout: { write: (t: string) => (printed += t) },
            stderr: { write: () => undefined },
            now: new Date(),
          },
        );
        expect(printed).not.toContain("sEcReT");
        judged[tenant] = { exit, ...JSON.parse(printed).stacks[0] };
      }
      expect(judged.contoso).toMatchObject({
        exit: 3,
        state: "expiring",
        daysLeft: 5,
        expiresAt: at(5),
        rotationDue: true,
      });
      expect(judged.fabrikam).toMatchObject({ exit: 0, daysLeft: 200, nextRotation: at(5), nextRotationSlot: "B" });
      expect(judged.tailspin).toMatchObject({ exit: 0, daysLeft: 230, expiresAt: at(230), nextRotation: at(35) });
      expect(judged.tailspin.slots).toEqual([
        { slot: "A", endDate: at(185), nextRotation: at(35) },
        { slot: "B", endDate: at(230), nextRotation: at(80) },
      ]);
    },
    30_000,
  );
});
