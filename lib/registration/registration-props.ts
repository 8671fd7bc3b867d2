import type { IConstruct } from "constructs";
import { Token } from "cdktf";
import type { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import type { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { show, throwIfProblems } from "../common";
import type { CorsoServiceName } from "../permissions";
import { resolvePermissions } from "./permission-request";
import { findProviderProblems } from "./providers";

/** Props of `CorsoAppRegistration`. */
export interface CorsoAppRegistrationProps {
  /**
   * Name shown in Entra ID > App registrations; at most 256 characters.
   * @default "Corso Backup"
   */
  readonly displayName?: string;

  /**
   * Microsoft Graph application permissions to grant, by name (`"Mail.ReadWrite"`).
   * The escape hatch: prefer `services`. Giving both is an error.
   * @default - Corso's documented 14 permissions (`CORSO_PERMISSIONS`), unless `services` is given
   */
  readonly permissions?: readonly string[];

  /**
   * Corso services to back up (`exchange`, `onedrive`, `sharepoint`, `groups` or `teams`, `chats`);
   * the registration gets what Corso's code calls to find users and groups plus what each service
   * calls. `chats` is a pre-release command in Corso, about which synthesis warns.
   * @default - Corso's documented 14 permissions, unless `permissions` is given
   */
  readonly services?: readonly CorsoServiceName[];

  /**
   * Object ids of the users or service principals who own the application.
   * @default - the identity that runs Terraform (`azuread_client_config`)
   */
  readonly owners?: readonly string[];

  /**
   * Days each client secret stays valid, from 1 to 730.
   * @default 180
   */
  readonly secretLifetimeDays?: number;

  /**
   * Days after which Terraform replaces the client secret; less than `secretLifetimeDays`.
   * @default 90
   */
  readonly secretRotationDays?: number;

  /**
   * How many client secrets exist at once: 2 overlapping secrets, rotated half a period apart so
   * that a rotation never leaves Corso without a valid secret, or 1 single secret.
   * @default 2
   */
  readonly secretSlots?: 1 | 2;

  /**
   * Notes on the application, shown in Entra ID (who runs it, where its runbook is); at most 1024 characters.
   * @default - none
   */
  readonly notes?: string;

  /**
   * The ticket, service or asset this application belongs to in your service management system.
   * @default - none
   */
  readonly serviceManagementReference?: string;

  /**
   * Tags on the application and its service principal, for finding it among the tenant's apps.
   * @default - none
   */
  readonly tags?: readonly string[];

  /**
   * Put `prevent_destroy` on the application and its service principal, so that no plan can delete
   * them (a destroyed app takes Corso's access with it until it is restored).
   * @default false
   */
  readonly protectFromDestroy?: boolean;

  /**
   * The azuread provider every resource and data source of the registration uses, aliased or not:
   * with one aliased provider per tenant, one stack can hold a registration for each tenant.
   * It must be declared in the registration's stack.
   * @default - the stack's unaliased azuread provider, which the stack must declare
   */
  readonly provider?: AzureadProvider;

  /**
   * The time provider the secret rotation clocks (`time_rotating`) use, aliased or not; it must be
   * declared in the registration's stack. The stack gets one unaliased time provider either way.
   * @default - the stack's unaliased time provider, declared anywhere in the stack, or else one the construct adds
   */
  readonly timeProvider?: TimeProvider;
}

/** Defaults of {@link CorsoAppRegistrationProps}, in one place for the docs and the tests. */
export const REGISTRATION_DEFAULTS = {
  displayName: "Corso Backup",
  secretLifetimeDays: 180,
  secretRotationDays: 90,
  secretSlots: 2,
} as const;

/** Limits the props are checked against, shared with the config file's JSON Schema. */
export const REGISTRATION_LIMITS = {
  // Microsoft Graph application resource: displayName at most 256 characters, notes at most 1024.
  displayNameLength: 256,
  notesLength: 1024,
  // Longest client secret lifetime Entra ID offers: 24 months.
  secretDays: 730,
} as const;

const AZUREAD_PROVIDER_HINT = "an AzureadProvider from @cdktf/provider-azuread/lib/provider";
const TIME_PROVIDER_HINT = "a TimeProvider from @cdktf/provider-time/lib/provider";

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

/** How a prop is named where it came from, when that is not its prop name (a config file's path). */
export type PropLabels = Partial<Record<keyof CorsoAppRegistrationProps, string>>;

/**
 * Checks every prop, applies the defaults and throws one error listing every problem found; with
 * the registration as `scope`, also that the providers given are declared in its stack.
 */
export function validateRegistrationProps(
  props: CorsoAppRegistrationProps,
  scope?: IConstruct,
): ResolvedRegistrationProps {
  const { problems, permissions } = inspect(props, {});
  if (scope !== undefined) {
    problems.push(
      ...findProviderProblems(scope, props.provider, "azuread", "provider", AZUREAD_PROVIDER_HINT),
      ...findProviderProblems(scope, props.timeProvider, "time", "timeProvider", TIME_PROVIDER_HINT),
    );
  }
  throwIfProblems("CorsoAppRegistration", problems);
  return {
    displayName: props.displayName ?? REGISTRATION_DEFAULTS.displayName,
    permissions,
    owners: props.owners,
    secretLifetimeDays: props.secretLifetimeDays ?? REGISTRATION_DEFAULTS.secretLifetimeDays,
    secretRotationDays: props.secretRotationDays ?? REGISTRATION_DEFAULTS.secretRotationDays,
    secretSlots: props.secretSlots ?? REGISTRATION_DEFAULTS.secretSlots,
  };
}

/** Every problem of the props, each naming the prop (by its label) and the value received. */
export function findRegistrationProblems(props: CorsoAppRegistrationProps, labels: PropLabels = {}): string[] {
  return inspect(props, labels).problems;
}

function inspect(props: CorsoAppRegistrationProps, labels: PropLabels): { problems: string[]; permissions: string[] } {
  const label = (field: keyof CorsoAppRegistrationProps) => labels[field] ?? field;
  const problems: string[] = [];
  const lifetime = props.secretLifetimeDays ?? REGISTRATION_DEFAULTS.secretLifetimeDays;
  const rotation = props.secretRotationDays ?? REGISTRATION_DEFAULTS.secretRotationDays;
  const slots = props.secretSlots ?? REGISTRATION_DEFAULTS.secretSlots;

  checkDisplayName(props.displayName ?? REGISTRATION_DEFAULTS.displayName, label("displayName"), problems);
  const permissions = resolvePermissions(props, problems);
  checkOwners(props.owners, label("owners"), problems);
  const lifetimeOk = checkDays(label("secretLifetimeDays"), lifetime, problems);
  const rotationOk = checkDays(label("secretRotationDays"), rotation, problems);
  if (slots !== 1 && slots !== 2) {
    problems.push(
      `${label("secretSlots")} ${show(slots)} is not allowed: give 2 for overlapping secrets or 1 for a single one`,
    );
  } else if (lifetimeOk && rotationOk && !Token.isUnresolved(lifetime) && !Token.isUnresolved(rotation)) {
    checkRotationBeforeExpiry(lifetime, rotation, slots, label, problems);
  }
  checkText(props.notes, label("notes"), REGISTRATION_LIMITS.notesLength, problems);
  checkText(props.serviceManagementReference, label("serviceManagementReference"), 256, problems);
  checkTags(props.tags, label("tags"), problems);
  return { problems, permissions };
}

function checkDisplayName(displayName: string, field: string, problems: string[]): void {
  if (Token.isUnresolved(displayName)) {
    return;
  }
  if (displayName.trim() === "") {
    problems.push(`${field} ${show(displayName)} is empty: give the name shown in Entra ID > App registrations`);
  } else if (displayName.length > REGISTRATION_LIMITS.displayNameLength) {
    problems.push(
      `${field} is ${displayName.length} characters long ('${displayName.slice(0, 20)}...'): ` +
        `Entra ID allows at most ${REGISTRATION_LIMITS.displayNameLength}`,
    );
  }
}

function checkOwners(owners: readonly string[] | undefined, field: string, problems: string[]): void {
  if (owners === undefined || Token.isUnresolved(owners)) {
    return;
  }
  if (owners.length === 0) {
    problems.push(
      `${field} is empty: list owners' object ids, or leave it out to make the deploying identity the owner`,
    );
  }
  const seen = new Set<string>();
  for (const owner of owners) {
    if (Token.isUnresolved(owner)) {
      continue;
    }
    if (!GUID.test(owner)) {
      problems.push(
        `owner ${show(owner)} in ${field} is not a GUID: give the object id of a user or service principal`,
      );
    } else if (seen.has(owner.toLowerCase())) {
      problems.push(`owner ${show(owner)} appears more than once in ${field}`);
    }
    seen.add(owner.toLowerCase());
  }
}

/** Adds a problem and returns false when `days` is not a whole number from 1 to 730. */
function checkDays(field: string, days: number, problems: string[]): boolean {
  const max = REGISTRATION_LIMITS.secretDays;
  if (Token.isUnresolved(days) || (Number.isInteger(days) && days >= 1 && days <= max)) {
    return true;
  }
  problems.push(`${field} ${show(days)} is out of range: give a whole number of days from 1 to ${max}`);
  return false;
}

function checkRotationBeforeExpiry(
  lifetimeDays: number,
  rotationDays: number,
  slots: 1 | 2,
  label: (field: keyof CorsoAppRegistrationProps) => string,
  problems: string[],
): void {
  const lifetime = label("secretLifetimeDays");
  const rotation = label("secretRotationDays");
  if (rotationDays >= lifetimeDays) {
    problems.push(
      `${rotation} (${rotationDays}) must be less than ${lifetime} (${lifetimeDays}), ` +
        "so that a new secret exists before the old one expires",
    );
  } else if (slots === 2 && lifetimeDays * 2 < rotationDays * 3) {
    // Slot B first rotates at 1.5 rotation periods: until then slot A's first secret must keep half a period.
    problems.push(
      `${lifetime} (${lifetimeDays}) must be at least 1.5 times ${rotation} (${rotationDays}) ` +
        "with two secret slots, so that the newer secret always has half a rotation period left",
    );
  }
}

function checkText(value: string | undefined, field: string, maxLength: number, problems: string[]): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (value.trim() === "") {
    problems.push(`${field} ${show(value)} is empty: leave it out or give some text`);
  } else if (value.length > maxLength) {
    problems.push(`${field} is ${value.length} characters long: Entra ID allows at most ${maxLength}`);
  }
}

function checkTags(tags: readonly string[] | undefined, field: string, problems: string[]): void {
  if (tags === undefined || Token.isUnresolved(tags)) {
    return;
  }
  const seen = new Set<string>();
  for (const tag of tags) {
    if (Token.isUnresolved(tag)) continue;
    if (tag.trim() === "") {
      problems.push(`tag ${show(tag)} in ${field} is empty: each tag needs some text`);
    } else if (seen.has(tag)) {
      problems.push(`tag ${show(tag)} appears more than once in ${field}`);
    }
    seen.add(tag);
  }
}
