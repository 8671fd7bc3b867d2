/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** The alert threshold in days when a stack's outputs do not say its rotation period. */
export const DEFAULT_MIN_DAYS = 30;

/** What a stack's outputs tell about its client secrets; times are RFC 3339 as Terraform wrote them. */
export interface StackSchedule {
  /** The stack's name, or how its outputs were given when they name no stack. */
  readonly stack: string;
  /** When the secret Corso uses now expires. */
  readonly currentEndDate: string;
  /** Days between two replacements of one slot, when the outputs hold the schedule. */
  readonly rotationDays?: number;
  /** Days each secret is valid, when the outputs hold the schedule. */
  readonly lifetimeDays?: number;
  /** Each slot's end date and next rotation; empty when the outputs hold no schedule. */
  readonly slots: readonly SlotSchedule[];
}

/** One secret slot of a {@link StackSchedule}. */
export interface SlotSchedule {
  readonly slot: string;
  readonly endDate: string;
  readonly nextRotation: string;
}

/** Where the alert threshold came from. */
export type MinDaysSource = "option" | "half-rotation-period" | "single-secret-margin" | "default";

/** How far a stack's current secret is from expiry, and whether that calls for an alert. */
export interface SecretStatus {
  readonly stack: string;
  /** `ok`; `expiring`: fewer days left than the threshold; `expired`. */
  readonly state: "ok" | "expiring" | "expired";
  /** When the current secret expires (RFC 3339, UTC). */
  readonly expiresAt: string;
  /** Whole days until it expires, rounded down; negative once expired. */
  readonly daysLeft: number;
  /** The alert threshold in days, and where it came from. */
  readonly minDays: number;
  readonly minDaysFrom: MinDaysSource;
  readonly rotationDays?: number;
  /** The earliest slot rotation (RFC 3339, UTC), when the outputs hold the schedule. */
  readonly nextRotation?: string;
  /** The slot the next rotation replaces. */
  readonly nextRotationSlot?: string;
  /** True when that rotation's time has passed: the next apply performs it. */
  readonly rotationDue?: boolean;
  readonly slots: readonly { readonly slot: string; readonly endDate: string; readonly nextRotation: string }[];
}

/** Options of {@link secretStatus}. */
export interface SecretStatusOptions {
  /** The moment to judge at. */
  readonly now: Date;
  /**
   * Alert when the current secret has fewer days left than this.
   * @default - {@link defaultMinDays} of the schedule
   */
  readonly minDays?: number;
}

/**
 * The least a current secret has left when applies run as scheduled, and so the default alert
 * threshold: half a rotation period with two slots (a slot is replaced half a period after the
 * other, and the lifetime is at least 1.5 periods); with a single secret, half a period or its
 * margin when replaced (lifetime less rotation, never below zero), whichever is less; 30 days
 * when the outputs do not say.
 */
export function defaultMinDays(schedule: StackSchedule): { days: number; from: MinDaysSource } {
  if (schedule.rotationDays === undefined) return { days: DEFAULT_MIN_DAYS, from: "default" };
  const half = schedule.rotationDays / 2;
  if (schedule.slots.length === 1 && schedule.lifetimeDays !== undefined) {
    // A lifetime shorter than the rotation period leaves no margin, never a negative one.
    const margin = Math.max(0, schedule.lifetimeDays - schedule.rotationDays);
    if (margin < half) return { days: margin, from: "single-secret-margin" };
  }
  return { days: half, from: "half-rotation-period" };
}

/** Judges a stack's current secret at `now`: days left, the threshold, and the next rotation. */
export function secretStatus(schedule: StackSchedule, options: SecretStatusOptions): SecretStatus {
  const now = options.now.getTime();
  const threshold =
    options.minDays === undefined ? defaultMinDays(schedule) : { days: options.minDays, from: "option" as const };
  const expires = Date.parse(schedule.currentEndDate);
  const left = expires - now;
  const next = [...schedule.slots].sort((a, b) => Date.parse(a.nextRotation) - Date.parse(b.nextRotation))[0];
  return {
    stack: schedule.stack,
    state: left <= 0 ? "expired" : left < threshold.days * DAY_MS ? "expiring" : "ok",
    expiresAt: utc(expires),
    daysLeft: Math.floor(left / DAY_MS),
    minDays: threshold.days,
    minDaysFrom: threshold.from,
    rotationDays: schedule.rotationDays,
    nextRotation: next === undefined ? undefined : utc(Date.parse(next.nextRotation)),
    nextRotationSlot: next?.slot,
    rotationDue: next === undefined ? undefined : Date.parse(next.nextRotation) <= now,
    slots: schedule.slots.map((s) => ({
      slot: s.slot,
      endDate: utc(Date.parse(s.endDate)),
      nextRotation: utc(Date.parse(s.nextRotation)),
    })),
  };
}

/** True when any stack calls for an alert: expiring or expired. */
export function needsAttention(statuses: readonly SecretStatus[]): boolean {
  return statuses.some((s) => s.state !== "ok");
}

// Terraform writes UTC (timeadd keeps the offset it was given); whole seconds are enough here.
function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
