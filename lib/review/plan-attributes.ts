import { compare } from "../common";
import { code } from "./markdown";
import type { PlanAction, PlanChange } from "./plan";

// Attribute by attribute: what the review knows of each resource type this project's stacks plan,
// in the schema of hashicorp/azuread 3.x, azurerm 4.x, random 3.x and time 0.x. An attribute that
// is not listed for its type is not reviewed: any change to it escalates, named by its path.

/** What an attribute's change means, in words (Markdown, input escaped). */
export interface AttributeEffect {
  readonly markdown: string;
  readonly escalation: boolean;
}

/** One attribute's values on either side of the apply, with what the plan says of them. */
export interface Sides {
  /** Values at the attribute's path; nested blocks and lists are flattened. */
  readonly before: readonly unknown[];
  readonly after: readonly unknown[];
  /** The new value is known only when Terraform applies. */
  readonly unknown: boolean;
  /** Terraform marks a value sensitive: it is never shown. */
  readonly sensitive: boolean;
  readonly action: PlanAction;
}

/** How the review reads one attribute: ignored (set by the provider), or described in words. */
export type Rule = "computed" | ((label: string, sides: Sides) => AttributeEffect[]);

/** A resource type the review models: the label of each attribute path and how it reads it. */
export type TypeModel = Readonly<Record<string, readonly [label: string, rule: Rule] | "computed">>;

/** The text of a side for a reader: `(none)`, a list of code spans, or one value. */
export function shown(values: readonly unknown[], sides: Sides, side: "before" | "after"): string {
  if (sides.sensitive) return "(sensitive)";
  if (side === "after" && sides.unknown) return "a value known only after the apply";
  const present = values.filter((v) => v === false || !isEmpty(v));
  if (present.length === 0) return "(none)";
  return present.map((v) => code(typeof v === "string" ? v : clip(JSON.stringify(v)))).join(", ");
}

function clip(value: string): string {
  return value.length > 120 ? `${value.slice(0, 117)}...` : value;
}

/** Named with its old and new value; escalates when `escalates` says so. */
export function named(escalates: (sides: Sides) => boolean = () => false): Rule {
  return (label, sides) => {
    if (sides.action === "create" && !escalates(sides)) return [];
    return [
      {
        markdown:
          sides.action === "create"
            ? `${label} ${shown(sides.after, sides, "after")}`
            : `${label} ${shown(sides.before, sides, "before")} → ${shown(sides.after, sides, "after")}`,
        escalation: escalates(sides),
      },
    ];
  };
}

/** A value that never escalates (text, tags, dates). */
export const QUIET = named();
/** A value whose every change escalates, except on creation at its empty default. */
export const ALWAYS = named((s) => s.action !== "create" || s.unknown || s.after.some((v) => !isEmpty(v)));

/** A list whose additions escalate (redirect URIs, owners, identifier URIs); removals are named. */
export function listOf(options: { escalateAdded: boolean; onCreate?: boolean }): Rule {
  return (label, sides) => {
    if (sides.unknown) {
      if (sides.action === "create" && options.onCreate !== true) return [];
      return [{ markdown: `${label} change to values known only after the apply`, escalation: options.escalateAdded }];
    }
    const strings = (values: readonly unknown[]) =>
      values.filter((v) => !isEmpty(v)).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
    const before = strings(sides.before);
    const after = strings(sides.after);
    if (sides.action === "create" && options.onCreate !== true) return [];
    const added = after.filter((v) => !before.includes(v)).sort(compare);
    const removed = before.filter((v) => !after.includes(v)).sort(compare);
    const list = (values: string[]) => (sides.sensitive ? "(sensitive)" : values.map((v) => code(v)).join(", "));
    return [
      ...(added.length > 0
        ? [
            {
              markdown: `${label} ${options.escalateAdded ? "**added**" : "added"}: ${list(added)}`,
              escalation: options.escalateAdded,
            },
          ]
        : []),
      ...(removed.length > 0 ? [{ markdown: `${label} removed: ${list(removed)}`, escalation: false }] : []),
    ];
  };
}

/** A switch that escalates when turned on (`true` or the string `"true"`). */
export const TURNED_ON = named((s) => s.unknown || (s.after.some(isOn) && !s.before.some(isOn)));

function isOn(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

/** Sign-in audience: anything but the home tenant alone escalates. */
export const AUDIENCE = named((s) => s.unknown || s.after.some((v) => !isEmpty(v) && v !== "AzureADMyOrg"));

/** A value that is empty the way Terraform's defaults are: null, "", false, [] or {}. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "" || value === false) return true;
  if (Array.isArray(value)) return value.every(isEmpty);
  if (typeof value === "object") return Object.values(value).every(isEmpty);
  return false;
}

/** The paths (`web.redirect_uris`, list indices dropped) whose value the change sets or changes. */
export function changedPaths(change: PlanChange): string[] {
  const found = new Set<string>();
  const walk = (before: unknown, after: unknown, unknown: unknown, path: string) => {
    if (unknown === true) {
      found.add(path);
      return;
    }
    if (Array.isArray(before) || Array.isArray(after)) {
      const b = Array.isArray(before) ? before : [];
      const a = Array.isArray(after) ? after : [];
      const u = Array.isArray(unknown) ? unknown : [];
      if (!Array.isArray(before) && !isEmpty(before)) found.add(path);
      if (!Array.isArray(after) && !isEmpty(after)) found.add(path);
      for (let i = 0; i < Math.max(b.length, a.length); i++) walk(b[i], a[i], u[i], path);
      return;
    }
    if (isObject(before) || isObject(after)) {
      const b = isObject(before) ? before : {};
      const a = isObject(after) ? after : {};
      const u = isObject(unknown) ? unknown : {};
      if (!isObject(before) && !isEmpty(before)) found.add(path);
      if (!isObject(after) && !isEmpty(after)) found.add(path);
      for (const key of new Set([...Object.keys(b), ...Object.keys(a), ...Object.keys(u)])) {
        walk(b[key], a[key], u[key], path === "" ? key : `${path}.${key}`);
      }
      return;
    }
    const same = (isEmpty(before) && isEmpty(after)) || JSON.stringify(before) === JSON.stringify(after);
    if (!same) found.add(path);
  };
  walk(change.before ?? {}, change.after ?? {}, change.afterUnknown, "");
  found.delete("");
  return [...found].sort(compare);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every value at a path, through nested blocks and lists. */
export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const key of path.split(".")) {
    current = current
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .map((v) => (isObject(v) ? v[key] : undefined))
      .filter((v) => v !== undefined && v !== null);
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** Whether a plan's marker tree (`after_unknown`, `after_sensitive`) is `true` at or above a path. */
export function markedAt(tree: unknown, path: string): boolean {
  let current: unknown[] = [tree];
  for (const key of path.split(".")) {
    if (current.some((t) => t === true)) return true;
    current = current
      .flatMap((t) => (Array.isArray(t) ? t : [t]))
      .map((t) => (isObject(t) ? t[key] : undefined))
      .filter((t) => t !== undefined);
  }
  const deep = (t: unknown): boolean =>
    t === true || (Array.isArray(t) ? t.some(deep) : isObject(t) ? Object.values(t).some(deep) : false);
  return current.some(deep);
}

/** What a change does to the attributes of a modelled type: named effects, and the paths the model does not know. */
export interface AttributeReview {
  readonly effects: readonly AttributeEffect[];
  readonly notModelled: readonly string[];
}

/** Reads a change attribute by attribute against the model of its type. */
export function reviewAttributes(change: PlanChange, model: TypeModel): AttributeReview {
  const keys = Object.keys(model).sort((a, b) => b.length - a.length);
  const ruleOf = (path: string) => keys.find((k) => path === k || path.startsWith(`${k}.`));
  const touched = new Map<string, string[]>();
  const notModelled: string[] = [];
  for (const path of changedPaths(change)) {
    const key = ruleOf(path);
    if (key === undefined) notModelled.push(path);
    else touched.set(key, [...(touched.get(key) ?? []), path]);
  }
  const effects: AttributeEffect[] = [];
  for (const key of [...touched.keys()].sort(compare)) {
    const entry = model[key];
    if (entry === "computed" || entry[1] === "computed") continue;
    const [label, rule] = entry;
    effects.push(
      ...rule(label, {
        before: change.action === "create" ? [] : valuesAt(change.before, key),
        after: valuesAt(change.after, key),
        unknown: markedAt(change.afterUnknown, key),
        sensitive: markedAt(change.beforeSensitive, key) || markedAt(change.afterSensitive, key),
        action: change.action,
      }),
    );
  }
  return { effects, notModelled };
}

/** The paths a model does not know, as one escalating line about `what`. */
export function notModelledEffect(what: string, paths: readonly string[]): AttributeEffect[] {
  if (paths.length === 0) return [];
  const shownPaths = paths.slice(0, 6).map((p) => code(p));
  const more = paths.length > 6 ? ` and ${paths.length - 6} more` : "";
  return [
    {
      markdown: `${what}: ${shownPaths.join(", ")}${more} ${paths.length === 1 ? "changes" : "change"}, which the review does not model`,
      escalation: true,
    },
  ];
}

const TEXT = (label: string) => [label, QUIET] as const;

// hashicorp/azuread 3.x, docs/resources/application.md: the arguments this project sets or leaves
// at their defaults; `api`, `app_role`, `optional_claims`, `password` and the rest are not reviewed.
const APPLICATION: TypeModel = {
  id: "computed",
  object_id: "computed",
  client_id: "computed",
  app_role_ids: "computed",
  oauth2_permission_scope_ids: "computed",
  disabled_by_microsoft: "computed",
  publisher_domain: "computed",
  logo_url: "computed",
  template_id: "computed",
  timeouts: "computed",
  feature_tags: "computed",
  display_name: TEXT("display name"),
  description: TEXT("description"),
  notes: TEXT("notes"),
  service_management_reference: TEXT("service management reference"),
  marketing_url: TEXT("marketing URL"),
  privacy_statement_url: TEXT("privacy statement URL"),
  support_url: TEXT("support URL"),
  terms_of_service_url: TEXT("terms of service URL"),
  logo_image: [
    "logo image",
    (label, s) => (s.action === "create" ? [] : [{ markdown: `${label} changes`, escalation: false }]),
  ],
  prevent_duplicate_names: TEXT("prevent duplicate names"),
  tags: ["tags", listOf({ escalateAdded: false })],
  "web.homepage_url": TEXT("home page URL"),
  "web.logout_url": TEXT("logout URL"),
  // Owners, required_resource_access: described by the registration's own lines.
  owners: "computed",
  required_resource_access: "computed",
  sign_in_audience: ["sign-in audience", AUDIENCE],
  identifier_uris: ["identifier URI", listOf({ escalateAdded: true, onCreate: true })],
  "web.redirect_uris": ["web redirect URI", listOf({ escalateAdded: true, onCreate: true })],
  "public_client.redirect_uris": ["public client redirect URI", listOf({ escalateAdded: true, onCreate: true })],
  "single_page_application.redirect_uris": [
    "single-page application redirect URI",
    listOf({ escalateAdded: true, onCreate: true }),
  ],
  "web.implicit_grant.access_token_issuance_enabled": ["implicit grant of access tokens", TURNED_ON],
  "web.implicit_grant.id_token_issuance_enabled": ["implicit grant of ID tokens", TURNED_ON],
  fallback_public_client_enabled: ["public client flows (fallback_public_client_enabled)", TURNED_ON],
};

// hashicorp/azuread 3.x, docs/resources/service_principal.md.
const SERVICE_PRINCIPAL: TypeModel = {
  id: "computed",
  object_id: "computed",
  app_role_ids: "computed",
  app_roles: "computed",
  application_tenant_id: "computed",
  display_name: "computed",
  homepage_url: "computed",
  logout_url: "computed",
  oauth2_permission_scope_ids: "computed",
  oauth2_permission_scopes: "computed",
  redirect_uris: "computed",
  saml_metadata_url: "computed",
  service_principal_names: "computed",
  sign_in_audience: "computed",
  type: "computed",
  timeouts: "computed",
  feature_tags: "computed",
  features: "computed",
  owners: "computed",
  // The application it belongs to ties it to the registration, or not (see plan-effects).
  client_id: "computed",
  description: TEXT("description"),
  notes: TEXT("notes"),
  tags: ["tags", listOf({ escalateAdded: false })],
  account_enabled: TEXT("account enabled"),
  app_role_assignment_required: ["app role assignment required", ALWAYS],
};

// hashicorp/azuread 3.x, docs/resources/app_role_assignment.md: every argument forces a new assignment.
const APP_ROLE_ASSIGNMENT: TypeModel = {
  id: "computed",
  principal_display_name: "computed",
  principal_type: "computed",
  resource_display_name: "computed",
  timeouts: "computed",
  // Read by the consent lines, which name the role and both principals.
  app_role_id: "computed",
  principal_object_id: "computed",
  resource_object_id: "computed",
};

// hashicorp/azuread 3.x, docs/resources/application_password.md.
const APPLICATION_PASSWORD: TypeModel = {
  id: "computed",
  key_id: "computed",
  value: "computed",
  start_date: "computed",
  timeouts: "computed",
  // The application it belongs to ties it to the registration, or not (see plan-effects).
  application_id: "computed",
  display_name: TEXT("display name"),
  end_date: TEXT("end date"),
  end_date_relative: TEXT("relative end date"),
  rotate_when_changed: TEXT("rotation trigger"),
};

// hashicorp/time, docs/resources/rotating.md: every attribute is the clock's own.
const TIME_ROTATING: TypeModel = Object.fromEntries(
  [
    "id",
    "day",
    "hour",
    "minute",
    "month",
    "second",
    "year",
    "unix",
    "rfc3339",
    "rotation_days",
    "rotation_hours",
    "rotation_minutes",
    "rotation_months",
    "rotation_years",
    "rotation_rfc3339",
    "triggers",
  ].map((k) => [k, "computed"]),
);

/** The rotation clocks of the sample plans: `terraform_data` whose input is what `time_rotating` would hold. */
const CLOCK_DATA: TypeModel = { id: "computed", input: "computed", output: "computed", triggers_replace: "computed" };

// hashicorp/random, docs/resources/password.md.
const RANDOM_PASSWORD: TypeModel = {
  ...Object.fromEntries(["id", "result", "bcrypt_hash"].map((k) => [k, "computed"] as const)),
  ...Object.fromEntries(
    [
      "length",
      "special",
      "upper",
      "lower",
      "numeric",
      "number",
      "min_special",
      "min_upper",
      "min_lower",
      "min_numeric",
      "override_special",
      "keepers",
    ].map((k) => [k, TEXT(k.replace(/_/g, " "))] as const),
  ),
};

// hashicorp/azurerm 4.x, website/docs/r/key_vault_secret.html.markdown.
const KEY_VAULT_SECRET: TypeModel = {
  id: "computed",
  resource_id: "computed",
  resource_versionless_id: "computed",
  version: "computed",
  versionless_id: "computed",
  timeouts: "computed",
  name: TEXT("name"),
  value: TEXT("value"),
  content_type: TEXT("content type"),
  expiration_date: TEXT("expiration date"),
  not_before_date: TEXT("not-before date"),
  tags: TEXT("tags"),
  key_vault_id: ["Key Vault", ALWAYS],
};

// Credentials and grants: the review names every attribute, and any change to them escalates.
const FEDERATED_CREDENTIAL: TypeModel = {
  id: "computed",
  credential_id: "computed",
  timeouts: "computed",
  application_id: "computed",
  display_name: ["display name", ALWAYS],
  description: ["description", ALWAYS],
  issuer: ["issuer", ALWAYS],
  subject: ["subject", ALWAYS],
  audiences: ["audiences", ALWAYS],
};
const DELEGATED_GRANT: TypeModel = {
  id: "computed",
  timeouts: "computed",
  service_principal_object_id: "computed",
  resource_service_principal_object_id: ["resource principal", ALWAYS],
  claim_values: ["delegated scopes", ALWAYS],
  user_object_id: ["user", ALWAYS],
};
const REDIRECT_URIS: TypeModel = {
  id: "computed",
  timeouts: "computed",
  application_id: "computed",
  type: ["redirect URI type", ALWAYS],
  redirect_uris: ["redirect URI", listOf({ escalateAdded: true, onCreate: true })],
};

/** Every resource type the review models in a plan, by type. */
export const PLAN_MODEL: Readonly<Record<string, TypeModel>> = {
  azuread_application: APPLICATION,
  azuread_application_registration: APPLICATION,
  azuread_service_principal: SERVICE_PRINCIPAL,
  azuread_app_role_assignment: APP_ROLE_ASSIGNMENT,
  azuread_application_password: APPLICATION_PASSWORD,
  azuread_application_federated_identity_credential: FEDERATED_CREDENTIAL,
  azuread_service_principal_delegated_permission_grant: DELEGATED_GRANT,
  azuread_application_redirect_uris: REDIRECT_URIS,
  time_rotating: TIME_ROTATING,
  terraform_data: CLOCK_DATA,
  random_password: RANDOM_PASSWORD,
  azurerm_key_vault_secret: KEY_VAULT_SECRET,
};

/** Resource types every change of which escalates: credentials and grants beyond the client secret. */
export const ESCALATING_TYPES: Readonly<Record<string, string>> = {
  azuread_application_federated_identity_credential: "federated identity credential",
  azuread_service_principal_delegated_permission_grant: "delegated permission grant",
  azuread_application_redirect_uris: "redirect URIs",
};
