import type { IConstruct } from "constructs";
import { Token } from "cdktf";
import type { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import type { TimeProvider } from "@cdktf/provider-time/lib/provider";
import {
  type PropTypes,
  boolean,
  findPropTypeProblems,
  isGuid,
  listOf,
  number,
  show,
  text,
  throwIfProblems,
} from "../common";
import type { CorsoServiceName } from "../permissions";
import { ADOPTION_PROP, type CorsoAdoption, checkAdoption } from "./adoption";
import { resolvePermissions } from "./permission-request";
import { PROVIDER_PROP, findProviderProblems } from "./providers";

/** Props of `CorsoAppRegistration`. */
export interface CorsoAppRegistrationProps {
  /**
   * Name shown in Entra ID > App registrations; at most 256 characters, without `'` (the provider's
   * duplicate-name check cannot quote it).
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
   * Object ids of the users or service principals who own the application, next to the
   * deploying identity (see `deployerIsOwner`).
   * @default - the deploying identity alone
   */
  readonly owners?: readonly string[];

  /**
   * Keep the identity that runs Terraform (`azuread_client_config`) among the owners of the
   * application and its service principal. The provider removes a deploying identity that the
   * owners do not list; with `Application.ReadWrite.OwnedBy` it could then neither finish the
   * deployment nor manage the app later. `false` needs `owners`, and synthesis warns what the
   * deploying identity then needs.
   * @default true
   */
  readonly deployerIsOwner?: boolean;

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
   * Tags on the application and its service principal, for finding it among the tenant's apps;
   * each 1 to 256 characters without whitespace, at most 100.
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

  /**
   * Take over a registration made by hand (as `corso-adopt` prints it): the first plan imports its
   * application, service principal and consents, and changes them in place; the client id stays.
   * @default - a new application is registered
   */
  readonly adopt?: CorsoAdoption;
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
  // Each tag 1 to 256 characters, no whitespace (https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation).
  tagLength: 256,
  // Entra ID sets no count of tags, but an application holds about 1000 items across all its
  // collections (same page): 100 tags leave ample room for owners and permissions.
  tags: 100,
  // azuread takes at most 100 owners (hashicorp/terraform-provider-azuread,
  // internal/services/applications/application_resource.go: "owners" MaxItems).
  owners: 100,
} as const;

const AZUREAD_PROVIDER_HINT = "an AzureadProvider from @cdktf/provider-azuread/lib/provider/index.js";
const TIME_PROVIDER_HINT = "a TimeProvider from @cdktf/provider-time/lib/provider/index.js";

/** The runtime type of every prop, for JavaScript callers: one line each. */
export const REGISTRATION_PROP_TYPES: PropTypes<CorsoAppRegistrationProps> = {
  displayName: text,
  permissions: listOf(text),
  services: listOf(text),
  owners: listOf(text),
  deployerIsOwner: boolean,
  secretLifetimeDays: number,
  secretRotationDays: number,
  secretSlots: number,
  notes: text,
  serviceManagementReference: text,
  tags: listOf(text),
  protectFromDestroy: boolean,
  // Their type, kind and stack are checked by findProviderProblems, with a hint of its own.
  provider: PROVIDER_PROP,
  timeProvider: PROVIDER_PROP,
  adopt: ADOPTION_PROP,
};

/** Props with every default applied and every permission resolved. */
export interface ResolvedRegistrationProps {
  readonly displayName: string;
  readonly permissions: readonly string[];
  readonly owners?: readonly string[];
  readonly deployerIsOwner: boolean;
  readonly secretLifetimeDays: number;
  readonly secretRotationDays: number;
  readonly secretSlots: 1 | 2;
  readonly adopt?: CorsoAdoption;
}

/** How a prop is named where it came from, when that is not its prop name (a config file's path). */
export type PropLabels = Partial<Record<keyof CorsoAppRegistrationProps, string>>;

/**
 * Checks every prop (its type first, for JavaScript callers), applies the defaults and throws one
 * error listing every problem found; with the registration as `scope`, also that the providers
 * given are declared in its stack.
 */
export function validateRegistrationProps(
  props: CorsoAppRegistrationProps,
  scope?: IConstruct,
): ResolvedRegistrationProps {
  throwIfProblems("CorsoAppRegistration", findPropTypeProblems(props, REGISTRATION_PROP_TYPES));
  props ??= {};
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
    deployerIsOwner: props.deployerIsOwner ?? true,
    secretLifetimeDays: props.secretLifetimeDays ?? REGISTRATION_DEFAULTS.secretLifetimeDays,
    secretRotationDays: props.secretRotationDays ?? REGISTRATION_DEFAULTS.secretRotationDays,
    secretSlots: props.secretSlots ?? REGISTRATION_DEFAULTS.secretSlots,
    adopt: props.adopt,
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
  checkOwners(props.owners, props.deployerIsOwner ?? true, label, problems);
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
  checkAdoption(props.adopt, label("adopt"), problems);
  return { problems, permissions };
}

function checkDisplayName(displayName: string, field: string, problems: string[]): void {
  // Token markers hold no apostrophe: one written next to a token is found too.
  const unresolved = Token.isUnresolved(displayName);
  if (!unresolved && displayName.trim() === "") {
    problems.push(`${field} ${show(displayName)} is empty: give the name shown in Entra ID > App registrations`);
  } else if (!unresolved && displayName.length > REGISTRATION_LIMITS.displayNameLength) {
    problems.push(
      `${field} is ${displayName.length} characters long ('${displayName.slice(0, 20)}...'): ` +
        `Entra ID allows at most ${REGISTRATION_LIMITS.displayNameLength}`,
    );
  } else if (displayName.includes("'")) {
    // azuread 3.x filters `displayName eq '<name>'` without doubling quotes for prevent_duplicate_names,
    // and Microsoft Graph answers 400 "Invalid filter clause" to every plan.
    problems.push(
      `${field} ${show(displayName)} contains an apostrophe ('), which the azuread provider's duplicate-name ` +
        "check (always on here) cannot quote, so every plan would fail: leave it out or use the typographic \u2019 (U+2019)",
    );
  }
}

function checkOwners(
  owners: readonly string[] | undefined,
  deployerIsOwner: boolean,
  label: (field: keyof CorsoAppRegistrationProps) => string,
  problems: string[],
): void {
  const field = label("owners");
  if (owners === undefined) {
    if (!deployerIsOwner) {
      problems.push(
        `${label("deployerIsOwner")} is false but ${field} lists no one: the application would have no owner; ` +
          "list its owners' object ids",
      );
    }
    return;
  }
  if (Token.isUnresolved(owners)) {
    return;
  }
  if (owners.length === 0) {
    problems.push(
      `${field} is empty: list owners' object ids, or leave it out to make the deploying identity the owner`,
    );
  }
  const max = REGISTRATION_LIMITS.owners - (deployerIsOwner ? 1 : 0);
  if (owners.length > max) {
    problems.push(
      `${field} has ${owners.length} entries: the azuread provider takes at most ${REGISTRATION_LIMITS.owners} owners` +
        (deployerIsOwner ? ", the deploying identity included" : ""),
    );
  }
  const seen = new Set<string>();
  for (const owner of owners) {
    if (Token.isUnresolved(owner)) {
      continue;
    }
    if (!isGuid(owner)) {
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
  if (tags.length > REGISTRATION_LIMITS.tags) {
    problems.push(
      `${field} has ${tags.length} entries: at most ${REGISTRATION_LIMITS.tags} ` +
        "(an application holds about 1000 items in all its lists together)",
    );
  }
  const seen = new Set<string>();
  for (const tag of tags) {
    if (Token.isUnresolved(tag)) continue;
    if (tag.trim() === "") {
      problems.push(`tag ${show(tag)} in ${field} is empty: each tag needs some text`);
    } else if (tag.length > REGISTRATION_LIMITS.tagLength) {
      problems.push(
        `tag ${show(tag)} in ${field} is ${tag.length} characters long: Entra ID allows at most ${REGISTRATION_LIMITS.tagLength}`,
      );
    } else if (/\s/.test(tag)) {
      problems.push(`tag ${show(tag)} in ${field} contains whitespace, which Entra ID does not allow in tags`);
    } else if (seen.has(tag)) {
      problems.push(`tag ${show(tag)} appears more than once in ${field}`);
    }
    seen.add(tag);
  }
}
