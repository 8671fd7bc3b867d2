import { OutputsError, type StackOutputs, describeValue, listOutputNames, quoteName } from "../credentials";
import type { SlotSchedule, StackSchedule } from "./secret-status";

/** Which outputs hold the current secret's end date and the secret schedule. */
export interface ScheduleOutputNames {
  readonly endDate: string;
  readonly schedule: string;
}

/** The outputs read by default, as `CorsoStack` names them. */
export const DEFAULT_SCHEDULE_OUTPUT_NAMES: ScheduleOutputNames = {
  endDate: "client_secret_end_date",
  schedule: "client_secret_schedule",
};

/** Options of {@link scheduleOutputNames}: each names an output, or a prefix goes before the default names. */
export interface ScheduleOutputNameOptions {
  /**
   * Put before each default name: `contoso_` reads `contoso_client_secret_end_date` and so on.
   * @default - no prefix
   */
  readonly prefix?: string;
  /**
   * The output holding the current secret's end date.
   * @default - `client_secret_end_date` after the prefix
   */
  readonly endDate?: string;
  /**
   * The output holding the secret schedule (`CorsoAppRegistration.secretSchedule`).
   * @default - `client_secret_schedule` after the prefix
   */
  readonly schedule?: string;
}

/** Resolves which output holds what: a name given for it, else the prefix and the default name. */
export function scheduleOutputNames(options: ScheduleOutputNameOptions = {}): ScheduleOutputNames {
  const prefix = options.prefix ?? "";
  return {
    endDate: options.endDate ?? prefix + DEFAULT_SCHEDULE_OUTPUT_NAMES.endDate,
    schedule: options.schedule ?? prefix + DEFAULT_SCHEDULE_OUTPUT_NAMES.schedule,
  };
}

// RFC 3339 date-time, as Terraform's timeadd and time_rotating write it.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Reads the current secret's end date and, when the stack outputs it, the secret schedule. Either
 * is enough: without the end date output, the current secret is the slot rotated last, as
 * Terraform picks it. Errors name the output and what is wrong, never its value.
 */
export function readStackSchedule(
  outputs: StackOutputs,
  names: ScheduleOutputNames = DEFAULT_SCHEDULE_OUTPUT_NAMES,
): StackSchedule {
  const stack = outputs.stack ?? "(terraform output)";
  const hasEndDate = outputs.values.has(names.endDate);
  const hasSchedule = outputs.values.has(names.schedule);
  if (!hasEndDate && !hasSchedule) {
    throw new OutputsError(missingMessage(outputs, names));
  }
  const schedule = hasSchedule ? readSchedule(outputs.values.get(names.schedule), label(names.schedule, outputs)) : {};
  const slots = schedule.slots ?? [];
  const currentEndDate = hasEndDate
    ? readTime(outputs.values.get(names.endDate), label(names.endDate, outputs))
    : newestSlot(slots).endDate;
  return { stack, currentEndDate, rotationDays: schedule.rotationDays, lifetimeDays: schedule.lifetimeDays, slots };
}

function readSchedule(
  value: unknown,
  what: string,
): { rotationDays?: number; lifetimeDays?: number; slots?: SlotSchedule[] } {
  if (!isObject(value)) {
    throw new OutputsError(`${what} is ${describeValue(value)}: expected an object with rotation_days and slots`);
  }
  const slotsValue = value.slots;
  if (!Array.isArray(slotsValue) || slotsValue.length < 1 || slotsValue.length > 2) {
    const got = Array.isArray(slotsValue) ? `a list of ${slotsValue.length}` : describeValue(slotsValue);
    throw new OutputsError(`${what}: slots is ${got}: expected a list of one or two slots`);
  }
  const slots = slotsValue.map((slot, index) => {
    const where = `${what}: slots[${index}]`;
    if (!isObject(slot)) throw new OutputsError(`${where} is ${describeValue(slot)}: expected an object`);
    if (typeof slot.slot !== "string" || !/^[A-Za-z0-9]{1,8}$/.test(slot.slot)) {
      throw new OutputsError(`${where}.slot is ${describeValue(slot.slot)}: expected a short slot name such as A`);
    }
    return {
      slot: slot.slot,
      endDate: readTime(slot.end_date, `${where}.end_date`),
      nextRotation: readTime(slot.next_rotation, `${where}.next_rotation`),
    };
  });
  return {
    rotationDays: readDays(value.rotation_days, `${what}: rotation_days`),
    lifetimeDays: readDays(value.lifetime_days, `${what}: lifetime_days`),
    slots,
  };
}

/** The slot Terraform hands out: the one rotated last, whose next rotation is latest (B on a tie). */
function newestSlot(slots: readonly SlotSchedule[]): SlotSchedule {
  return slots.reduce((newest, slot) =>
    Date.parse(slot.nextRotation) >= Date.parse(newest.nextRotation) ? slot : newest,
  );
}

function readTime(value: unknown, what: string): string {
  const parts = typeof value === "string" ? RFC3339.exec(value) : null;
  if (parts === null || Number.isNaN(Date.parse(value as string))) {
    throw new OutputsError(
      `${what} is not an RFC 3339 time (got ${describeValue(value)}): expected e.g. 2026-03-01T09:30:00Z`,
    );
  }
  const impossible = impossiblePart(parts);
  if (impossible !== undefined) {
    // Digits in the shape of a time are no secret: show them, and what does not exist.
    throw new OutputsError(
      `${what} is '${value as string}', which is no real time (${impossible}): expected e.g. 2026-03-01T09:30:00Z`,
    );
  }
  return value as string;
}

/**
 * What of an RFC 3339 time does not exist, or undefined. `Date.parse` rolls an impossible date
 * over (2030-02-30 becomes March 2), which would move a secret's expiry by days without a word.
 */
function impossiblePart(parts: RegExpExecArray): string | undefined {
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = parts.slice(1).map(Number);
  if (month < 1 || month > 12) return `month ${month}`;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (day < 1 || day > days) return `day ${day} of a month of ${days} days`;
  if (hour > 23) return `hour ${hour}`;
  if (minute > 59) return `minute ${minute}`;
  if (second > 59) return `second ${second}`;
  if (offsetHour > 23 || offsetMinute > 59) return "an offset beyond 23:59";
  return undefined;
}

function readDays(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    // A number is no secret: show it; anything else only by its type.
    const got = typeof value === "number" ? String(value) : describeValue(value);
    throw new OutputsError(`${what} is ${got}: expected a positive number of days`);
  }
  return value;
}

function label(name: string, outputs: StackOutputs): string {
  return `output ${quoteName(name)} of ${outputs.where}`;
}

function missingMessage(outputs: StackOutputs, names: ScheduleOutputNames): string {
  const head = `${outputs.where} has neither output ${quoteName(names.endDate)} nor ${quoteName(names.schedule)}`;
  if (outputs.values.size === 0) {
    return `${head}, and no other output either: has the stack been deployed?`;
  }
  return `${head}; its outputs are ${listOutputNames(outputs)}: name them with --end-date-output or --schedule-output (or --prefix)`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
