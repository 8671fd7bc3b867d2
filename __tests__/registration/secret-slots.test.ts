import { TerraformOutput, TerraformVariable } from "cdktf";
import { CorsoAppRegistration } from "../../lib";
import { newStack, resources, synth, SynthesizedStack } from "../support/synth";

/** A stack with one registration, its current secret and end date as outputs, synthesized. */
function synthSlots(props: { secretLifetimeDays?: number; secretRotationDays?: number; secretSlots?: 1 | 2 }) {
  const stack = newStack();
  const corso = new CorsoAppRegistration(stack, "Corso", props);
  new TerraformOutput(stack, "secret", { value: corso.clientSecret, sensitive: true });
  new TerraformOutput(stack, "end_date", { value: corso.clientSecretEndDate });
  return synth(stack);
}

/**
 * Plays Terraform's part on the synthesized configuration, one `apply` a day: a `time_rotating`
 * whose rotation time has passed is created again (slot B's rotation evaluated from its expression,
 * which only matters at creation), and its password with it. Returns, for each day, which password
 * the `secret` output picks and how many days that secret has left. Times are in days.
 */
function simulate(json: SynthesizedStack, days: number) {
  const clocks = resources(json, "time_rotating");
  const passwords = resources(json, "azuread_application_password");
  const state: Record<string, { id: number; unix: number; rotation_rfc3339: number }> = {};
  const ends: Record<string, number> = {};

  const ref = (expression: string): number => {
    const [, type, name, attribute] = /^(\w+)\.(\w+)\.(\w+)$/.exec(expression.trim()) ?? [];
    if (type !== "time_rotating") throw new Error(`cannot evaluate ${expression}`);
    return state[name][attribute as "id"];
  };
  const timeadd = (expression: string): number => {
    const [, base, hours] = /^\$\{timeadd\(([\w.]+), "(\d+)h"\)\}$/.exec(expression) ?? [];
    if (base === undefined) throw new Error(`cannot evaluate ${expression}`);
    return ref(base) + Number(hours) / 24;
  };
  const current = (): string => {
    const expression = json.output?.secret.value ?? "";
    const conditional =
      /^\$\{\(([\w.]+) >= ([\w.]+)\) \? azuread_application_password\.(\w+)\.value : azuread_application_password\.(\w+)\.value\}$/.exec(
        expression,
      );
    if (conditional === null)
      return /^\$\{azuread_application_password\.(\w+)\.value\}$/.exec(expression)?.[1] as string;
    const [, left, right, then, otherwise] = conditional;
    return ref(left) >= ref(right) ? then : otherwise;
  };

  const log: { day: number; current: string; daysLeft: number; rotated: string[] }[] = [];
  for (let day = 0; day <= days; day++) {
    const rotated: string[] = [];
    for (const [name, clock] of Object.entries(clocks)) {
      if (state[name] !== undefined && day < state[name].rotation_rfc3339) continue;
      state[name] = { id: day, unix: day, rotation_rfc3339: Number.NaN };
      state[name].rotation_rfc3339 =
        clock.rotation_days !== undefined
          ? day + Number(clock.rotation_days)
          : timeadd(clock.rotation_rfc3339 as string);
      rotated.push(name);
    }
    for (const [name, password] of Object.entries(passwords)) {
      const clock = /time_rotating\.(\w+)\.id/.exec(JSON.stringify(password.rotate_when_changed))?.[1] as string;
      if (rotated.includes(clock)) ends[name] = timeadd(password.end_date as string);
    }
    const picked = current();
    log.push({ day, current: picked, daysLeft: ends[picked] - day, rotated });
  }
  return log;
}

describe("secret slots", () => {
  const json = synthSlots({});
  const [clockA] = Object.keys(resources(json, "time_rotating"));

  it("creates two secrets by default, each with its own rotating clock", () => {
    expect(Object.keys(resources(json, "time_rotating"))).toEqual([
      expect.stringMatching(/^Corso_ClientSecretA_Rotation_/),
      expect.stringMatching(/^Corso_ClientSecretB_Rotation_/),
    ]);
    expect(Object.values(resources(json, "azuread_application_password")).map((p) => p.display_name)).toEqual([
      "Corso Backup secret A",
      "Corso Backup secret B",
    ]);
  });

  it("staggers slot B half a rotation period after slot A, read only when B is created", () => {
    const [a, b] = Object.values(resources(json, "time_rotating"));
    expect(a).toEqual({ rotation_days: 90 });
    expect(b).toEqual({
      rotation_rfc3339: `\${timeadd(time_rotating.${clockA}.rotation_rfc3339, "1080h")}`,
      lifecycle: { ignore_changes: ["rotation_rfc3339"] },
    });
  });

  it("rotates A on days 90, 180, 270 and B on days 135, 225, 315, never together", () => {
    const rotations = simulate(json, 400).filter((d) => d.day > 0 && d.rotated.length > 0);
    expect(rotations.map((d) => [d.day, d.rotated.length])).toEqual([
      [90, 1],
      [135, 1],
      [180, 1],
      [225, 1],
      [270, 1],
      [315, 1],
      [360, 1],
    ]);
  });

  it("always hands Corso the newer secret, valid for at least half a rotation period", () => {
    for (const props of [
      {},
      { secretLifetimeDays: 60, secretRotationDays: 40 },
      { secretLifetimeDays: 730, secretRotationDays: 7 },
    ]) {
      const log = simulate(synthSlots(props), 800);
      const rotationDays = props.secretRotationDays ?? 90;
      for (const day of log) {
        expect(day.daysLeft).toBeGreaterThanOrEqual(rotationDays / 2);
      }
      const afterRotation = log.filter((d) => d.day > 0 && d.rotated.length === 1);
      for (const day of afterRotation) {
        expect(day.current).toContain(day.rotated[0].includes("ClientSecretA") ? "ClientSecretA" : "ClientSecretB");
      }
    }
  });

  it("exposes the current slot's end date, and each slot's", () => {
    const [a, b] = Object.keys(resources(json, "time_rotating"));
    expect(json.output?.end_date.value).toBe(
      `\${(time_rotating.${b}.unix >= time_rotating.${a}.unix) ? timeadd(time_rotating.${b}.id, "4320h") : timeadd(time_rotating.${a}.id, "4320h")}`,
    );
  });

  it("computes the half-period offset in Terraform when the rotation period is a token", () => {
    const stack = newStack();
    const days = new TerraformVariable(stack, "rotation", { type: "number" }).numberValue;
    new CorsoAppRegistration(stack, "Corso", { secretRotationDays: days });
    const [, b] = Object.values(resources(synth(stack), "time_rotating"));
    expect(b.rotation_rfc3339).toMatch(
      /^\$\{timeadd\(time_rotating\.\w+\.rotation_rfc3339, format\("%dh", \(var\.rotation \* 12\)\)\)\}$/,
    );
  });

  it("makes one secret with secretSlots: 1", () => {
    const single = synthSlots({ secretSlots: 1 });
    expect(Object.keys(resources(single, "azuread_application_password"))).toHaveLength(1);
    expect(single.output?.secret.value).toMatch(
      /^\$\{azuread_application_password\.Corso_ClientSecretA_Password_\w+\.value\}$/,
    );
    expect(
      simulate(single, 400)
        .filter((d) => d.rotated.length > 0)
        .map((d) => d.day),
    ).toEqual([0, 90, 180, 270, 360]);
  });
});
