import { Token } from "cdktf";
import type { ClientSecret } from "./client-secret";

/**
 * When a registration's client secrets expire and are next replaced, shaped as the value of a
 * Terraform output (snake_case keys): what `corso-status` reads to tell how long the current
 * secret has left and when the next rotation is due. It holds no secret value.
 */
export interface SecretSchedule {
  /** Days between two replacements of one slot. */
  readonly rotation_days: number;
  /** Days each secret is valid from its creation. */
  readonly lifetime_days: number;
  /** Slot A, then slot B when there are two. */
  readonly slots: readonly SecretSlotSchedule[];
}

/** One slot of a {@link SecretSchedule}. */
export interface SecretSlotSchedule {
  /** `A` or `B`. */
  readonly slot: string;
  /** When the slot's secret expires (RFC 3339). */
  readonly end_date: string;
  /** When Terraform replaces the slot's secret at the next apply after it (RFC 3339). */
  readonly next_rotation: string;
}

/**
 * Fewest days half a rotation period may last: the time between one slot's replacement and the
 * other's, and the least a current secret has left under regular applies. A daily scheduled apply
 * reaches a rotation up to a day late; three days still hold when two runs in a row are skipped or
 * fail (GitHub delays or drops scheduled runs under load), where a shorter half period would
 * replace both secrets in one apply and leave Corso none it knows.
 */
export const MIN_HALF_ROTATION_DAYS = 3;

/** The schedule of the given slots, named A and B in the order `createSecretSlots` makes them. */
export function secretSchedule(
  slots: readonly ClientSecret[],
  rotationDays: number,
  lifetimeDays: number,
): SecretSchedule {
  return {
    rotation_days: rotationDays,
    lifetime_days: lifetimeDays,
    slots: slots.map((secret, index) => ({
      slot: "AB"[index],
      end_date: secret.endDate,
      next_rotation: secret.rotation.rotationRfc3339,
    })),
  };
}

/**
 * The warning for a rotation period whose half is shorter than {@link MIN_HALF_ROTATION_DAYS},
 * or undefined when it fits a daily scheduled apply (or is a token, known only to Terraform).
 */
export function shortRotationWarning(
  rotationDays: number,
  slots: 1 | 2,
  field = "secretRotationDays",
): string | undefined {
  if (Token.isUnresolved(rotationDays) || rotationDays / 2 >= MIN_HALF_ROTATION_DAYS) {
    return undefined;
  }
  const risk =
    slots === 2
      ? "two late or skipped runs replace both secrets in one apply, deleting the one Corso holds"
      : "corso-status alerts when less than half a period is left, which leaves no day to spare";
  return (
    `${field} (${rotationDays}) gives half a rotation period of ${rotationDays / 2} day${rotationDays === 2 ? "" : "s"}, under the ` +
    `${MIN_HALF_ROTATION_DAYS} a daily scheduled apply needs: a rotation waits for the next run, and ${risk}; ` +
    `rotate every ${MIN_HALF_ROTATION_DAYS * 2} days or more`
  );
}
