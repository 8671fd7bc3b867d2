import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { CorsoAppRegistration } from "../../lib";
import { MIN_HALF_ROTATION_DAYS, shortRotationWarning } from "../../lib/registration";
import { newStack, synth } from "../support/synth";

function warningsOf(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === "@cdktf/warn")
    .map((m) => m.data as string)
    .filter((warning) => warning.includes("rotation period"));
}

describe("secret schedule", () => {
  it("lists one slot, with the rotation settings given, for a single secret", () => {
    const stack = newStack();
    const corso = new CorsoAppRegistration(stack, "Corso", {
      secretSlots: 1,
      secretRotationDays: 30,
      secretLifetimeDays: 40,
    });
    new TerraformOutput(stack, "schedule", { value: corso.secretSchedule });
    const json = synth(stack);
    const [clock] = Object.keys(json.resource.time_rotating);
    expect((json.output?.schedule as unknown as { value: unknown }).value).toEqual({
      rotation_days: 30,
      lifetime_days: 40,
      slots: [
        {
          slot: "A",
          end_date: `\${timeadd(time_rotating.${clock}.id, "960h")}`,
          next_rotation: `\${time_rotating.${clock}.rotation_rfc3339}`,
        },
      ],
    });
  });

  it("passes a rotation period given as a Terraform variable through as a reference", () => {
    const stack = newStack();
    const days = new TerraformVariable(stack, "rotation", { type: "number" }).numberValue;
    const corso = new CorsoAppRegistration(stack, "Corso", { secretRotationDays: days, secretLifetimeDays: 730 });
    new TerraformOutput(stack, "schedule", { value: corso.secretSchedule });
    const value = (synth(stack).output?.schedule as unknown as { value: { rotation_days: unknown } }).value;
    expect(value.rotation_days).toBe("${var.rotation}");
    expect(warningsOf(stack)).toEqual([]);
  });
});

describe("the rotation period and a daily scheduled apply", () => {
  it("warns when half the rotation period is under three days, with two slots", () => {
    const stack = newStack();
    new CorsoAppRegistration(stack, "Corso", { secretRotationDays: 5, secretLifetimeDays: 30 });
    expect(warningsOf(stack)).toEqual([
      "secretRotationDays (5) gives half a rotation period of 2.5 days, under the 3 a daily scheduled apply needs: " +
        "a rotation waits for the next run, and two late or skipped runs replace both secrets in one apply, " +
        "deleting the one Corso holds; rotate every 6 days or more",
    ]);
  });

  it("warns about a single secret too, for the alert threshold it leaves", () => {
    expect(shortRotationWarning(2, 1)).toBe(
      "secretRotationDays (2) gives half a rotation period of 1 day, under the 3 a daily scheduled apply needs: " +
        "a rotation waits for the next run, and corso-status alerts when less than half a period is left, " +
        "which leaves no day to spare; rotate every 6 days or more",
    );
  });

  it("stays quiet from six days on, and for the defaults", () => {
    expect(MIN_HALF_ROTATION_DAYS).toBe(3);
    for (const props of [{ secretRotationDays: 6, secretLifetimeDays: 30 }, {}]) {
      const stack = newStack();
      new CorsoAppRegistration(stack, "Corso", props);
      expect(warningsOf(stack)).toEqual([]);
    }
  });
});
