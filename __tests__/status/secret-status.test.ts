import { defaultMinDays, needsAttention, secretStatus, type StackSchedule } from "../../lib/status";

const NOW = new Date("2026-03-01T09:30:00Z");

function schedule(endDate: string, extra: Partial<StackSchedule> = {}): StackSchedule {
  return { stack: "contoso", currentEndDate: endDate, slots: [], ...extra };
}

const twoSlots: Partial<StackSchedule> = {
  rotationDays: 90,
  lifetimeDays: 180,
  slots: [
    { slot: "A", endDate: "2026-08-28T09:30:00Z", nextRotation: "2026-05-30T09:30:00Z" },
    { slot: "B", endDate: "2026-07-14T09:30:00Z", nextRotation: "2026-04-15T09:30:00Z" },
  ],
};

describe("secretStatus", () => {
  it.each([
    ["2026-03-06T09:30:00Z", 5, "expiring"],
    ["2026-04-15T09:30:00Z", 45, "ok"],
    ["2026-09-17T09:30:00Z", 200, "ok"],
  ])("counts whole days to %s against --min-days 30", (endDate, daysLeft, state) => {
    const status = secretStatus(schedule(endDate), { now: NOW, minDays: 30 });
    expect(status).toMatchObject({ daysLeft, state, minDays: 30, minDaysFrom: "option", expiresAt: endDate });
  });

  it("alerts below half the rotation period by default, and not at exactly half", () => {
    const atHalf = secretStatus(schedule("2026-04-15T09:30:00Z", twoSlots), { now: NOW });
    expect(atHalf).toMatchObject({ state: "ok", daysLeft: 45, minDays: 45, minDaysFrom: "half-rotation-period" });
    const justUnder = secretStatus(schedule("2026-04-15T09:29:59Z", twoSlots), { now: NOW });
    expect(justUnder).toMatchObject({ state: "expiring", daysLeft: 44 });
  });

  it("says expired once the end date has passed, with negative days", () => {
    const status = secretStatus(schedule("2026-02-27T12:00:00Z"), { now: NOW, minDays: 0 });
    expect(status).toMatchObject({ state: "expired", daysLeft: -2 });
  });

  it("reports the earliest slot rotation, due once its time has passed", () => {
    const upcoming = secretStatus(schedule("2026-08-28T09:30:00Z", twoSlots), { now: NOW });
    expect(upcoming).toMatchObject({ nextRotation: "2026-04-15T09:30:00Z", nextRotationSlot: "B", rotationDue: false });
    const later = secretStatus(schedule("2026-08-28T09:30:00Z", twoSlots), { now: new Date("2026-04-16T00:00:00Z") });
    expect(later).toMatchObject({ nextRotationSlot: "B", rotationDue: true });
  });

  it("writes every time in UTC, whatever offset Terraform was given", () => {
    const status = secretStatus(schedule("2026-04-15T11:30:00+02:00"), { now: NOW, minDays: 30 });
    expect(status.expiresAt).toBe("2026-04-15T09:30:00Z");
  });

  it("has no rotation to report without a schedule", () => {
    const status = secretStatus(schedule("2026-09-17T09:30:00Z"), { now: NOW });
    expect(status.nextRotation).toBeUndefined();
    expect(status.rotationDue).toBeUndefined();
    expect(status.slots).toEqual([]);
  });
});

describe("defaultMinDays", () => {
  it("is half the rotation period with two slots", () => {
    expect(defaultMinDays(schedule("x", twoSlots))).toEqual({ days: 45, from: "half-rotation-period" });
    expect(defaultMinDays(schedule("x", { ...twoSlots, rotationDays: 45 }))).toEqual({
      days: 22.5,
      from: "half-rotation-period",
    });
  });

  it("is a single secret's margin at rotation when that is less than half a period", () => {
    const single = { rotationDays: 90, lifetimeDays: 100, slots: twoSlots.slots?.slice(0, 1) };
    expect(defaultMinDays(schedule("x", single))).toEqual({ days: 10, from: "single-secret-margin" });
    expect(defaultMinDays(schedule("x", { ...single, lifetimeDays: 180 }))).toEqual({
      days: 45,
      from: "half-rotation-period",
    });
  });

  it("is never below zero, when a single secret's lifetime is shorter than its rotation period", () => {
    const single = { rotationDays: 90, lifetimeDays: 60, slots: twoSlots.slots?.slice(0, 1) };
    expect(defaultMinDays(schedule("x", single))).toEqual({ days: 0, from: "single-secret-margin" });
  });

  it("is 30 days when the outputs hold no schedule", () => {
    expect(defaultMinDays(schedule("x"))).toEqual({ days: 30, from: "default" });
  });
});

describe("needsAttention", () => {
  it("is true when any stack is expiring or expired", () => {
    const ok = secretStatus(schedule("2026-09-17T09:30:00Z"), { now: NOW });
    const soon = secretStatus(schedule("2026-03-06T09:30:00Z"), { now: NOW });
    expect(needsAttention([ok])).toBe(false);
    expect(needsAttention([ok, soon])).toBe(true);
  });
});
