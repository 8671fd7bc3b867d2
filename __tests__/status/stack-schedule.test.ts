import { readStackOutputs } from "../../lib/credentials";
import { readStackSchedule, scheduleOutputNames } from "../../lib/status";
import { NOW, SECRET, asTerraformOutputJson, deployedOutputs } from "../support/deployed-outputs";

const outputsOf = (values: Record<string, unknown>, stack = "contoso") =>
  readStackOutputs(JSON.stringify({ [stack]: values }));

describe("readStackSchedule", () => {
  it("reads the end date and each slot's schedule from a cdktf outputs file", () => {
    expect(readStackSchedule(outputsOf(deployedOutputs(45, NOW)))).toEqual({
      stack: "contoso",
      currentEndDate: "2026-04-15T09:30:00Z",
      rotationDays: 90,
      lifetimeDays: 180,
      slots: [
        { slot: "A", endDate: "2026-04-15T09:30:00Z", nextRotation: "2026-01-15T09:30:00Z" },
        { slot: "B", endDate: "2026-03-01T09:30:00Z", nextRotation: "2025-12-01T09:30:00Z" },
      ],
    });
  });

  it("reads `terraform output -json` the same, naming it by where it came from", () => {
    const schedule = readStackSchedule(readStackOutputs(asTerraformOutputJson(deployedOutputs(5, NOW))));
    expect(schedule).toMatchObject({ stack: "(terraform output)", currentEndDate: "2026-03-06T09:30:00Z" });
  });

  it("takes the slot rotated last as current when the stack outputs no end date", () => {
    const withoutEndDate = deployedOutputs(45, NOW);
    delete withoutEndDate.client_secret_end_date;
    expect(readStackSchedule(outputsOf(withoutEndDate)).currentEndDate).toBe("2026-04-15T09:30:00Z");
  });

  it("works from the end date alone, for stacks deployed before the schedule output", () => {
    const schedule = readStackSchedule(outputsOf({ client_secret_end_date: "2026-09-17T09:30:00Z" }));
    expect(schedule).toEqual({ stack: "contoso", currentEndDate: "2026-09-17T09:30:00Z", slots: [] });
  });

  it("reads outputs named otherwise, by prefix or by name", () => {
    const prefixed = { contoso_client_secret_end_date: "2026-09-17T09:30:00Z" };
    const byPrefix = readStackSchedule(outputsOf(prefixed), scheduleOutputNames({ prefix: "contoso_" }));
    expect(byPrefix.currentEndDate).toBe("2026-09-17T09:30:00Z");
    const byName = readStackSchedule(
      outputsOf({ expiry: "2026-09-17T09:30:00Z" }),
      scheduleOutputNames({ endDate: "expiry" }),
    );
    expect(byName.currentEndDate).toBe("2026-09-17T09:30:00Z");
  });

  it("rejects outputs with neither the end date nor the schedule, listing what there is", () => {
    expect(() => readStackSchedule(outputsOf({ AZURE_CLIENT_ID: "x", AZURE_CLIENT_SECRET: SECRET }))).toThrow(
      "stack 'contoso' has neither output 'client_secret_end_date' nor 'client_secret_schedule'; its outputs are " +
        "'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET': name them with --end-date-output or --schedule-output (or --prefix)",
    );
  });

  it.each([
    [
      "an end date that is the secret",
      { client_secret_end_date: SECRET },
      "output 'client_secret_end_date' of stack 'contoso' is not an RFC 3339 time (got a string of 25 characters): expected e.g. 2026-03-01T09:30:00Z",
    ],
    [
      "an end date that does not exist, which Date.parse rolls over to March 2",
      { client_secret_end_date: "2030-02-30T09:30:00Z" },
      "output 'client_secret_end_date' of stack 'contoso' is '2030-02-30T09:30:00Z', which is no real time (day 30 of a month of 28 days): expected e.g. 2026-03-01T09:30:00Z",
    ],
    [
      "a 29 February outside a leap year",
      { client_secret_end_date: "2027-02-29T09:30:00+02:00" },
      "output 'client_secret_end_date' of stack 'contoso' is '2027-02-29T09:30:00+02:00', which is no real time (day 29 of a month of 28 days)",
    ],
    [
      "a 31 April in a slot's rotation",
      {
        client_secret_schedule: {
          rotation_days: 90,
          lifetime_days: 180,
          slots: [{ slot: "A", end_date: "2026-04-15T09:30:00Z", next_rotation: "2026-04-31T00:00:00Z" }],
        },
      },
      "output 'client_secret_schedule' of stack 'contoso': slots[0].next_rotation is '2026-04-31T00:00:00Z', which is no real time (day 31 of a month of 30 days)",
    ],
    [
      "an hour 24",
      { client_secret_end_date: "2026-04-15T24:00:00Z" },
      "output 'client_secret_end_date' of stack 'contoso' is '2026-04-15T24:00:00Z', which is no real time (hour 24)",
    ],
    [
      "an end date that is a number",
      { client_secret_end_date: 1770000000 },
      "output 'client_secret_end_date' of stack 'contoso' is not an RFC 3339 time (got a number)",
    ],
    [
      "a schedule that is a string",
      { client_secret_schedule: SECRET },
      "output 'client_secret_schedule' of stack 'contoso' is a string of 25 characters: expected an object with rotation_days and slots",
    ],
    [
      "a schedule without slots",
      { client_secret_schedule: { rotation_days: 90, lifetime_days: 180, slots: [] } },
      "output 'client_secret_schedule' of stack 'contoso': slots is a list of 0: expected a list of one or two slots",
    ],
    [
      "a slot whose rotation is the secret",
      {
        client_secret_schedule: {
          rotation_days: 90,
          lifetime_days: 180,
          slots: [{ slot: "A", end_date: "2026-04-15T09:30:00Z", next_rotation: SECRET }],
        },
      },
      "output 'client_secret_schedule' of stack 'contoso': slots[0].next_rotation is not an RFC 3339 time (got a string of 25 characters)",
    ],
    [
      "a slot named with control characters",
      {
        client_secret_schedule: {
          rotation_days: 90,
          lifetime_days: 180,
          slots: [{ slot: "\u001b[2J", end_date: "2026-04-15T09:30:00Z", next_rotation: "2026-01-15T09:30:00Z" }],
        },
      },
      "output 'client_secret_schedule' of stack 'contoso': slots[0].slot is a string of 4 characters: expected a short slot name such as A",
    ],
    [
      "a rotation period of zero",
      {
        client_secret_schedule: {
          rotation_days: 0,
          lifetime_days: 180,
          slots: [{ slot: "A", end_date: "2026-04-15T09:30:00Z", next_rotation: "2026-01-15T09:30:00Z" }],
        },
      },
      "output 'client_secret_schedule' of stack 'contoso': rotation_days is 0: expected a positive number of days",
    ],
  ])("rejects %s, naming the output and never showing its value", (_, values, message) => {
    let error: Error | undefined;
    try {
      readStackSchedule(outputsOf(values));
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toContain(message);
    expect(error?.message).not.toContain(SECRET);
    expect(error?.message).not.toContain("\u001b");
  });
});
