import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { type StatusRequest, checkStatus } from "../../lib/status";
import { NOW, SECRET, asTerraformOutputJson, deployedOutputs } from "../support/deployed-outputs";

/** Runs the status command in-process on `input` at {@link NOW}; returns its exit status and what it printed. */
async function run(request: StatusRequest, input: string) {
  let stdout = "";
  let stderr = "";
  const status = await checkStatus(request, {
    stdin: Readable.from([input]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    now: NOW,
  });
  return { status, stdout, stderr };
}

// Three tenants whose current secrets expire in 5, 45 and 200 days: the first two stopped rotating
// (their rotations are long due), the third is deployed daily with a 240-day lifetime.
const threeStacks = JSON.stringify({
  contoso: deployedOutputs(5),
  fabrikam: deployedOutputs(45),
  tailspin: deployedOutputs(200, NOW, { lifetimeDays: 240 }),
});

describe("checkStatus", () => {
  it("prints a table of every stack and exits 3 when one is below half its rotation period", async () => {
    const { status, stdout, stderr } = await run({}, threeStacks);
    expect(status).toBe(3);
    expect(stdout).toBe(
      [
        "stack     secret expires (UTC)  days left  alert below           next rotation (UTC)             status",
        "contoso   2026-03-06 09:30      5          45 days (half of 90)  2025-10-22 09:30, slot B (due)  EXPIRING",
        "fabrikam  2026-04-15 09:30      45         45 days (half of 90)  2025-12-01 09:30, slot B (due)  ok",
        "tailspin  2026-09-17 09:30      200        45 days (half of 90)  2026-03-06 09:30, slot B        ok",
        "stack 'contoso': slot B's rotation was due 2025-10-22 09:30 UTC; the next apply replaces it",
        "stack 'fabrikam': slot B's rotation was due 2025-12-01 09:30 UTC; the next apply replaces it",
        "",
      ].join("\n"),
    );
    expect(stderr).toBe(
      "corso-status: stack 'contoso': the current client secret expires in 5 days (2026-03-06 09:30 UTC), below 45 days: " +
        "apply the stack now and find out why the scheduled apply did not rotate it\n",
    );
    // README shows this very output.
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    expect(readme).toContain("```text\n" + stdout + "```");
    expect(readme).toContain("```text\n" + stderr + "```");
  });

  it.each([
    [5, 3, "expiring"],
    [45, 0, "ok"],
    [200, 0, "ok"],
  ])("with --min-days 30, a secret expiring in %i days exits %i", async (days, expected, state) => {
    const input = JSON.stringify({ corso: deployedOutputs(days, NOW, { lifetimeDays: 240 }) });
    const { status, stdout } = await run({ minDays: 30, json: true }, input);
    expect(status).toBe(expected);
    const json = JSON.parse(stdout);
    expect(json.checkedAt).toBe("2026-03-01T09:30:00.000Z");
    expect(json.stacks).toEqual([
      expect.objectContaining({ stack: "corso", state, daysLeft: days, minDays: 30, minDaysFrom: "option" }),
    ]);
  });

  it("prints JSON for machines: each stack's expiry, threshold and slots", async () => {
    const { status, stdout } = await run({ json: true, stack: "tailspin" }, threeStacks);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      checkedAt: "2026-03-01T09:30:00.000Z",
      stacks: [
        {
          stack: "tailspin",
          state: "ok",
          expiresAt: "2026-09-17T09:30:00Z",
          daysLeft: 200,
          minDays: 45,
          minDaysFrom: "half-rotation-period",
          rotationDays: 90,
          nextRotation: "2026-03-06T09:30:00Z",
          nextRotationSlot: "B",
          rotationDue: false,
          slots: [
            { slot: "A", endDate: "2026-09-17T09:30:00Z", nextRotation: "2026-04-20T09:30:00Z" },
            { slot: "B", endDate: "2026-08-03T09:30:00Z", nextRotation: "2026-03-06T09:30:00Z" },
          ],
        },
      ],
    });
  });

  it("reads `terraform output -json`, the secret's value included, and never prints it", async () => {
    const input = asTerraformOutputJson(deployedOutputs(5));
    expect(input).toContain(SECRET.replace(/["]/g, '\\"'));
    for (const json of [false, true]) {
      const { status, stdout, stderr } = await run({ json }, input);
      expect(status).toBe(3);
      expect(stdout + stderr).toContain("2026-03-06");
      expect(stdout + stderr).not.toContain("sEcReT");
    }
  });

  it("fails before printing anything when an output is wrong, without showing its value", async () => {
    const input = JSON.stringify({ corso: deployedOutputs(200) });
    await expect(run({ outputNames: { endDate: "AZURE_CLIENT_SECRET" } }, input)).rejects.toThrow(
      "output 'AZURE_CLIENT_SECRET' of stack 'corso' is not an RFC 3339 time (got a string of 25 characters)",
    );
    await expect(run({ stack: "contosso" }, threeStacks)).rejects.toThrow(
      "the outputs hold no stack 'contosso': found 'contoso', 'fabrikam', 'tailspin'; did you mean 'contoso'?",
    );
  });
});

describe("checkStatus in a host project, whose outputs file holds its other stacks too", () => {
  it("judges the stacks with Corso's outputs and skips each other stack with a note", async () => {
    const input = JSON.stringify({
      network: { vnet_id: "v" },
      backup: deployedOutputs(200, NOW, { lifetimeDays: 240 }),
    });
    const { status, stdout, stderr } = await run({ json: true }, input);
    expect(status).toBe(0);
    expect(JSON.parse(stdout).stacks.map((s: { stack: string }) => s.stack)).toEqual(["backup"]);
    expect(stderr).toBe("corso-status: skipping stack 'network': it has no Corso secret outputs\n");
  });

  it("fails when no stack has them, saying what the stack needs to output", async () => {
    const input = JSON.stringify({ network: { vnet_id: "v" }, dns: {} });
    await expect(run({}, input)).rejects.toThrow(
      "no stack in the outputs ('network', 'dns') has output 'client_secret_end_date' or 'client_secret_schedule': " +
        "output a CorsoAppRegistration's secretSchedule as 'client_secret_schedule' in your stack and deploy it, " +
        "or name the outputs with --schedule-output or --prefix",
    );
  });
});
