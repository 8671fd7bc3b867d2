import { Token } from "cdktf";
import type { CorsoAppRegistrationProps } from "./corso-app-registration";
import { resolvePermissions } from "./permission-set";
import { show, throwIfProblems } from "./validation-error";

/** Defaults of {@link CorsoAppRegistrationProps}, in one place for the docs and the tests. */
export const REGISTRATION_DEFAULTS = {
  displayName: "Corso Backup",
  secretLifetimeDays: 180,
  secretRotationDays: 90,
  secretSlots: 2,
} as const;

// Microsoft Graph: an application's displayName is at most 256 characters (application resource type).
const MAX_DISPLAY_NAME_LENGTH = 256;
// Longest client secret lifetime Entra ID allows by default: 24 months.
const MAX_SECRET_DAYS = 730;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Props with every default applied and every permission resolved. */
export interface ResolvedRegistrationProps {
  readonly displayName: string;
  readonly permissions: readonly string[];
  readonly owners?: readonly string[];
  readonly secretLifetimeDays: number;
  readonly secretRotationDays: number;
  readonly secretSlots: 1 | 2;
}

/**
 * Checks every prop, applies the defaults and throws one error listing every problem found.
 */
export function validateRegistrationProps(props: CorsoAppRegistrationProps): ResolvedRegistrationProps {
  const problems: string[] = [];
  const displayName = props.displayName ?? REGISTRATION_DEFAULTS.displayName;
  const secretLifetimeDays = props.secretLifetimeDays ?? REGISTRATION_DEFAULTS.secretLifetimeDays;
  const secretRotationDays = props.secretRotationDays ?? REGISTRATION_DEFAULTS.secretRotationDays;
  const secretSlots = props.secretSlots ?? REGISTRATION_DEFAULTS.secretSlots;

  checkDisplayName(displayName, problems);
  const permissions = resolvePermissions(props, problems);
  checkOwners(props.owners, problems);
  const lifetimeOk = checkDays("secretLifetimeDays", secretLifetimeDays, problems);
  const rotationOk = checkDays("secretRotationDays", secretRotationDays, problems);
  if (lifetimeOk && rotationOk && isPlainNumber(secretLifetimeDays, secretRotationDays)) {
    checkRotationBeforeExpiry(secretLifetimeDays, secretRotationDays, secretSlots, problems);
  }
  if (secretSlots !== 1 && secretSlots !== 2) {
    problems.push(
      `secretSlots ${show(secretSlots)} is not allowed: give 2 for overlapping secrets or 1 for a single one`,
    );
  }

  throwIfProblems("CorsoAppRegistration", problems);
  return { displayName, permissions, owners: props.owners, secretLifetimeDays, secretRotationDays, secretSlots };
}

function checkDisplayName(displayName: string, problems: string[]): void {
  if (Token.isUnresolved(displayName)) {
    return;
  }
  if (displayName.trim() === "") {
    problems.push(`displayName ${show(displayName)} is empty: give the name shown in Entra ID > App registrations`);
  } else if (displayName.length > MAX_DISPLAY_NAME_LENGTH) {
    problems.push(
      `displayName is ${displayName.length} characters long ('${displayName.slice(0, 20)}...'): ` +
        `Entra ID allows at most ${MAX_DISPLAY_NAME_LENGTH}`,
    );
  }
}

function checkOwners(owners: readonly string[] | undefined, problems: string[]): void {
  if (owners === undefined || Token.isUnresolved(owners)) {
    return;
  }
  if (owners.length === 0) {
    problems.push("owners is empty: list owners' object ids, or leave it out to make the deploying identity the owner");
  }
  const seen = new Set<string>();
  for (const owner of owners) {
    if (Token.isUnresolved(owner)) {
      continue;
    }
    if (!GUID.test(owner)) {
      problems.push(`owner ${show(owner)} in owners is not a GUID: give the object id of a user or service principal`);
    } else if (seen.has(owner.toLowerCase())) {
      problems.push(`owner ${show(owner)} appears more than once in owners`);
    }
    seen.add(owner.toLowerCase());
  }
}

function checkRotationBeforeExpiry(
  lifetimeDays: number,
  rotationDays: number,
  slots: number,
  problems: string[],
): void {
  if (rotationDays >= lifetimeDays) {
    problems.push(
      `secretRotationDays (${rotationDays}) must be less than secretLifetimeDays (${lifetimeDays}), ` +
        "so that a new secret exists before the old one expires",
    );
  } else if (slots === 2 && lifetimeDays * 2 < rotationDays * 3) {
    // Slot B first rotates at 1.5 rotation periods: until then slot A's first secret must keep half a period.
    problems.push(
      `secretLifetimeDays (${lifetimeDays}) must be at least 1.5 times secretRotationDays (${rotationDays}) ` +
        "with two secret slots, so that the newer secret always has half a rotation period left",
    );
  }
}

/** Adds a problem and returns false when `days` is not a whole number from 1 to 730. */
function checkDays(field: string, days: number, problems: string[]): boolean {
  if (Token.isUnresolved(days) || (Number.isInteger(days) && days >= 1 && days <= MAX_SECRET_DAYS)) {
    return true;
  }
  problems.push(`${field} ${show(days)} is out of range: give a whole number of days from 1 to ${MAX_SECRET_DAYS}`);
  return false;
}

function isPlainNumber(...values: number[]): boolean {
  return values.every((value) => !Token.isUnresolved(value));
}
