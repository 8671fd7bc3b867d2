import { compare } from "../common";
import { MICROSOFT_GRAPH_APP_ID, graphAppRoleName, graphDelegatedScopeName } from "../permissions";
import type { JsonObject } from "./json-input";
import { knownApiByAppId } from "./known-apis";
import { code, text } from "./markdown";
import { type PlanAction, type PlanChange, type PlanReview, attribute } from "./plan";
import { ESCALATING_TYPES, PLAN_MODEL, changedPaths, notModelledEffect, reviewAttributes } from "./plan-attributes";
import { dataReadEffects, outputEffects } from "./plan-outputs";
import type { StackReview } from "./synthesis";

/** A kind of change a pipeline can refuse with `--fail-on`. */
export type FailOn = "replace" | "destroy" | "import";

/** The kinds `--fail-on` accepts. */
export const FAIL_ON_KINDS: readonly FailOn[] = ["replace", "destroy", "import"];

/** One thing the apply does, in Markdown (input escaped), and what it counts as. */
export interface ApplyEffect {
  readonly markdown: string;
  readonly escalation: boolean;
  readonly failOn?: FailOn;
  /** Marks the application's own creation or destruction, so that a moved application reads as replaced. */
  readonly application?: "created" | "destroyed";
}

/** What the apply does to one registration. */
export interface RegistrationApply {
  readonly name: string;
  readonly address: string;
  readonly effects: readonly ApplyEffect[];
  /** Terraform's own view, as detail: one Markdown line per changed resource. */
  readonly details: readonly string[];
}

/** What one plan's apply does. */
export interface PlanApply {
  readonly label: string;
  readonly stack?: string;
  readonly registrations: readonly RegistrationApply[];
  /** Effects that belong to no one registration: Key Vault, the passphrase, outputs, what cannot be placed. */
  readonly general: readonly ApplyEffect[];
  readonly details: readonly string[];
  readonly nothingChanges: boolean;
}

const APPLICATIONS = ["azuread_application", "azuread_application_registration"];
const CLOCKS = ["time_rotating", "terraform_data"];
const DAY_MS = 24 * 60 * 60 * 1000;
// What `time_rotating` holds (hashicorp/time docs/resources/rotating.md), the only input a clock's `terraform_data` may have.
const CLOCK_KEYS = ["day", "hour", "id", "minute", "month", "rfc3339", "rotation_rfc3339", "second", "unix", "year"];

/** Reads what a plan will do, registration by registration; `stacks` (a synthesis) names the stack and fills gaps. */
export function planEffects(plan: PlanReview, label: string, stacks: readonly StackReview[] = []): PlanApply {
  const managed = plan.changes.filter((c) => c.mode === "managed");
  const stack = matchStack(managed, stacks);
  const ids = new Identities(plan, managed);
  const claimed = new Set<PlanChange>();
  const registrations: RegistrationApply[] = [];

  for (const app of ids.apps) {
    const own = managed.filter((c) => c !== app && ids.registrationOf(c)?.app === app);
    own.forEach((c) => claimed.add(c));
    claimed.add(app);
    const passwords = own.filter((c) => c.type === "azuread_application_password");
    const clocks = managed.filter(
      (c) => CLOCKS.includes(c.type) && isClock(c) && passwords.some((p) => p.references.includes(c.address)),
    );
    clocks.forEach((c) => claimed.add(c));
    const configured = stack?.registrations.find((r) => r.address === app.address);
    registrations.push(registrationEffects(app, own, clocks, ids, configured?.secret.lifetimeDays));
  }

  pairMovedApplications(registrations);
  const general: ApplyEffect[] = [];
  for (const change of managed.filter((c) => !claimed.has(c) && (c.action !== "no-op" || c.importing !== undefined))) {
    if (change.address.startsWith("module.")) general.push(unplaced(change));
    else if (change.type === "azurerm_key_vault_secret") general.push(...keyVaultEffect(change, managed));
    else if (change.type === "random_password") general.push(...randomEffect(change));
    else if (FOREIGN[change.type] !== undefined) general.push(foreignEffect(change, ids));
    else general.push(unplaced(change));
  }
  general.push(...dataReadEffects(plan));
  if (plan.errored) {
    general.push({ markdown: "the plan errored: Terraform could not work out every change", escalation: true });
  }
  general.push(...outputEffects(plan));
  const nothingChanges =
    plan.changes.every((c) => c.action === "no-op" && c.importing === undefined) &&
    plan.outputs.length === 0 &&
    !plan.errored;
  return {
    label,
    stack: stack?.name,
    registrations: registrations.sort((a, b) => compare(a.address, b.address)),
    general,
    details: plan.changes.filter((c) => c.action !== "no-op" || c.importing !== undefined).map(detailOf),
    nothingChanges,
  };
}

/** A `time_rotating`, or a `terraform_data` whose input is only what a `time_rotating` would hold. */
function isClock(change: PlanChange): boolean {
  if (change.type === "time_rotating") return true;
  return [change.before, change.after].every((side) => {
    if (side === undefined) return true;
    const input = side.input;
    if (input === null || input === undefined) return true;
    if (typeof input !== "object" || Array.isArray(input)) return false;
    return Object.entries(input).every(
      ([k, v]) => CLOCK_KEYS.includes(k) && (typeof v === "string" || typeof v === "number"),
    );
  });
}

/**
 * An application destroyed at one address and created at another in the same plan (a renamed
 * construct id, a moved resource) is one registration replaced: it gets a new client id.
 */
function pairMovedApplications(registrations: RegistrationApply[]): void {
  const gone = registrations.filter((r) => r.effects.some((e) => e.application === "destroyed"));
  const born = registrations.filter((r) => r.effects.some((e) => e.application === "created"));
  for (let i = 0; i < Math.min(gone.length, born.length); i++) {
    const [old, now] = [gone[i], born[i]];
    const replaced: ApplyEffect = {
      markdown: `the application is **replaced**: ${code(old.address)} is destroyed and ${code(now.address)} created (its address changed), so it gets a new client id, and every Corso runner stops until given the new one`,
      escalation: true,
      failOn: "replace",
    };
    const renamed: ApplyEffect[] =
      old.name === now.name ? [] : [{ markdown: `renamed from ${code(old.name)}`, escalation: false }];
    const merged: RegistrationApply = {
      name: now.name,
      address: now.address,
      effects: [
        replaced,
        ...renamed,
        ...old.effects.filter((e) => e.application === undefined),
        ...now.effects.filter((e) => e.application === undefined),
      ],
      details: [...old.details, ...now.details],
    };
    registrations.splice(registrations.indexOf(old), 1);
    registrations.splice(registrations.indexOf(now), 1, merged);
  }
}

/** The stack whose resources the plan's resources overlap most. */
function matchStack(changes: readonly PlanChange[], stacks: readonly StackReview[]): StackReview | undefined {
  let best: StackReview | undefined;
  let bestScore = 0;
  for (const stack of stacks) {
    const addresses = new Set(stack.addresses);
    const score = changes.filter((c) => addresses.has(c.address)).length;
    if (score > bestScore) [best, bestScore] = [stack, score];
  }
  return best;
}

/** How a resource is tied to a registration: by the id on the side after the apply, or only before it. */
interface Tie {
  readonly app: PlanChange;
  /** The resource belonged to the registration before the apply, and belongs to something else after it. */
  readonly leaves: boolean;
}

// The attribute that ties each type to what it belongs to (hashicorp/azuread 3.x schemas).
const BY_APPLICATION = [
  "azuread_application_password",
  "azuread_application_certificate",
  "azuread_application_federated_identity_credential",
  "azuread_application_flexible_federated_identity_credential",
  "azuread_application_redirect_uris",
  "azuread_application_api_access",
  "azuread_application_owner",
  "azuread_application_fallback_public_client",
  "azuread_application_identifier_uri",
  "azuread_application_app_role",
  "azuread_application_permission_scope",
  "azuread_application_optional_claims",
  "azuread_application_known_clients",
  "azuread_application_pre_authorized",
];
const BY_PRINCIPAL: Readonly<Record<string, string>> = {
  azuread_app_role_assignment: "principal_object_id",
  azuread_service_principal_delegated_permission_grant: "service_principal_object_id",
  azuread_directory_role_assignment: "principal_object_id",
  azuread_service_principal_password: "service_principal_id",
  azuread_service_principal_certificate: "service_principal_id",
  azuread_service_principal_token_signing_certificate: "service_principal_id",
  azuread_service_principal_claims_mapping_policy_assignment: "service_principal_id",
};

/** What the types the review names by meaning are, when they belong to no registration of this plan. */
const FOREIGN: Readonly<Record<string, string>> = {
  azuread_application: "an application",
  azuread_service_principal: "a service principal",
  azuread_application_password: "a client secret",
  azuread_app_role_assignment: "an app role assignment (admin consent)",
  azuread_application_federated_identity_credential: "a federated identity credential",
  azuread_service_principal_delegated_permission_grant: "a delegated permission grant",
  azuread_application_redirect_uris: "redirect URIs",
};

/**
 * Who is who in a plan: the registrations' applications and service principals by the ids they own,
 * and Microsoft Graph's service principal as Terraform read it. A resource belongs to a registration
 * only through the attribute that names its owner (`application_id`, `client_id`,
 * `principal_object_id`...), by value or, when the value is known only after the apply, by the
 * configuration's reference to that exact attribute; nothing else ties it.
 */
class Identities {
  readonly apps: PlanChange[];
  private readonly principals: Map<PlanChange, Tie>;
  private readonly graphIds = new Set<string>();
  private readonly graphSources = new Set<string>();

  constructor(plan: PlanReview, changes: readonly PlanChange[]) {
    this.apps = changes.filter((c) => APPLICATIONS.includes(c.type) && !c.address.startsWith("module."));
    for (const [address, values] of plan.dataValues) {
      if (!address.startsWith("data.azuread_service_principal.")) continue;
      if (attribute(values, "client_id")?.toLowerCase() !== MICROSOFT_GRAPH_APP_ID) continue;
      this.graphSources.add(address);
      const id = attribute(values, "object_id");
      if (id !== undefined) this.graphIds.add(id.toLowerCase());
    }
    for (const [address, configured] of plan.configuration) {
      const clientId = configured.expressions.client_id as { constant_value?: unknown } | undefined;
      const known = !plan.dataValues.has(address) && typeof clientId?.constant_value === "string";
      if (address.startsWith("data.azuread_service_principal.") && known) {
        if ((clientId!.constant_value as string).toLowerCase() === MICROSOFT_GRAPH_APP_ID)
          this.graphSources.add(address);
      }
    }
    this.principals = new Map();
    for (const sp of changes.filter((c) => c.type === "azuread_service_principal")) {
      const tie = this.tie(
        sp,
        "client_id",
        (app) => this.clientIdsOf(app),
        (app) => [`${app.address}.client_id`],
      );
      if (tie !== undefined) this.principals.set(sp, tie);
    }
  }

  /** The registration a resource belongs to, by the ids the registration owns. */
  registrationOf(change: PlanChange): Tie | undefined {
    if (change.address.startsWith("module.")) return undefined;
    if (change.type === "azuread_service_principal") return this.principals.get(change);
    if (BY_APPLICATION.includes(change.type)) {
      return this.tie(
        change,
        "application_id",
        (app) => this.objectIdsOf(app, "/applications/"),
        (app) => [`${app.address}.id`, `${app.address}.object_id`],
      );
    }
    const field = BY_PRINCIPAL[change.type];
    if (field === undefined) return undefined;
    let found: Tie | undefined;
    for (const [sp, spTie] of this.principals) {
      const tie = this.tieTo(
        change,
        field,
        [sp],
        (s) => this.objectIdsOf(s, "/servicePrincipals/"),
        (s) => [`${s.address}.object_id`, `${s.address}.id`],
      );
      if (tie !== undefined && (found === undefined || found.leaves)) found = { app: spTie.app, leaves: tie.leaves };
    }
    return found;
  }

  /** A principal in words: Corso's app, Graph, or another principal. */
  principalName(change: PlanChange, field: string, side: "before" | "after"): string {
    const value = attribute(side === "before" ? change.before : change.after, field);
    if (value === undefined) {
      if (side === "after" && change.afterUnknown[field] === true) {
        const refs = referencesOf(change, field);
        if ([...this.graphSources].some((g) => refs.includes(`${g}.object_id`))) return "Graph";
        for (const sp of this.principals.keys()) if (refs.includes(`${sp.address}.object_id`)) return "Corso's app";
        return "a principal known only after the apply";
      }
      return "no principal";
    }
    const id = value.toLowerCase();
    if (this.graphIds.has(id)) return "Graph";
    for (const sp of this.principals.keys())
      if (this.objectIdsOf(sp, "/servicePrincipals/").includes(id)) return "Corso's app";
    return `another principal ${code(value)}`;
  }

  /** Whether a resource's role id was configured from Graph's published `app_role_ids`, and which name it used. */
  graphRoleByReference(change: PlanChange): string | undefined {
    for (const ref of referencesOf(change, "app_role_id")) {
      const match = /^(data\.azuread_service_principal\.[\w-]+)\.app_role_ids\["([^"\\]+)"\]$/.exec(ref);
      if (match !== null && this.graphSources.has(match[1])) return match[2];
    }
    return undefined;
  }

  private clientIdsOf(app: PlanChange): string[] {
    return [app.before, app.after].map((v) => attribute(v, "client_id")?.toLowerCase()).filter(defined);
  }

  private objectIdsOf(change: PlanChange, prefix: string): string[] {
    return [change.before, change.after]
      .flatMap((v) => [attribute(v, "object_id"), attribute(v, "id")])
      .filter(defined)
      .map((id) => id.toLowerCase().replace(prefix.toLowerCase(), ""));
  }

  private tie(
    change: PlanChange,
    field: string,
    idsOf: (app: PlanChange) => string[],
    refsOf: (app: PlanChange) => string[],
  ): Tie | undefined {
    const found = this.tieTo(change, field, this.apps, idsOf, refsOf);
    return found === undefined ? undefined : { app: found.target, leaves: found.leaves };
  }

  private tieTo(
    change: PlanChange,
    field: string,
    targets: readonly PlanChange[],
    idsOf: (target: PlanChange) => string[],
    refsOf: (target: PlanChange) => string[],
  ): { target: PlanChange; leaves: boolean } | undefined {
    const normal = (v: string) => v.toLowerCase().replace(/^\/(applications|serviceprincipals)\//, "");
    const matches = (side: JsonObject | undefined, target: PlanChange, useRefs: boolean) => {
      const value = attribute(side, field);
      if (value !== undefined) return idsOf(target).includes(normal(value));
      return useRefs && refsOf(target).some((r) => referencesOf(change, field).includes(r));
    };
    const afterKnown = change.after !== undefined;
    const afterUnknown = change.afterUnknown[field] === true;
    for (const target of targets) {
      if (afterKnown && matches(change.after, target, afterUnknown)) return { target, leaves: false };
    }
    for (const target of targets) {
      if (change.before !== undefined && matches(change.before, target, false)) return { target, leaves: afterKnown };
    }
    return undefined;
  }
}

function defined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** The references a resource's configuration makes for one attribute. */
function referencesOf(change: PlanChange, field: string): string[] {
  const expression = change.expressions[field] as { references?: unknown } | undefined;
  return Array.isArray(expression?.references) ? expression.references.filter((r) => typeof r === "string") : [];
}

function registrationEffects(
  app: PlanChange,
  own: readonly PlanChange[],
  clocks: readonly PlanChange[],
  ids: Identities,
  configuredLifetime: number | undefined,
): RegistrationApply {
  const name = attribute(app.after, "display_name") ?? attribute(app.before, "display_name") ?? app.address;
  const effects: ApplyEffect[] = [];
  effects.push(...objectEffects("the application", app, "application"));
  for (const sp of own.filter((c) => c.type === "azuread_service_principal")) {
    effects.push(...objectEffects("its service principal", sp, "service principal"));
  }
  effects.push(
    ...consentEffects(
      own.filter((c) => c.type === "azuread_app_role_assignment"),
      ids,
    ),
  );
  effects.push(...requestEffects(app));
  for (const holder of [app, ...own.filter((c) => c.type === "azuread_service_principal")]) {
    effects.push(...ownerEffects(holder));
  }
  for (const password of own.filter((c) => c.type === "azuread_application_password")) {
    effects.push(...secretEffects(password, clocks, configuredLifetime, ids));
  }
  const handled = ["azuread_service_principal", "azuread_app_role_assignment", "azuread_application_password"];
  for (const other of own.filter((c) => !handled.includes(c.type))) {
    effects.push(...otherEffects(other, ids));
  }
  for (const imported of own.filter(
    (c) => c.importing !== undefined && !handled.includes(c.type) && PLAN_MODEL[c.type] !== undefined,
  )) {
    effects.push({
      markdown: `imports ${code(imported.address)} (${code(imported.importing!)})`,
      escalation: false,
      failOn: "import",
    });
  }
  return {
    name,
    address: app.address,
    effects: effects.length === 0 ? [{ markdown: "nothing changes", escalation: false }] : effects,
    details: [app, ...own, ...clocks].filter((c) => c.action !== "no-op" || c.importing !== undefined).map(detailOf),
  };
}

/** Another resource tied to the registration: a credential or grant named and escalated, or one the review does not model. */
function otherEffects(change: PlanChange, ids: Identities): ApplyEffect[] {
  const noun = ESCALATING_TYPES[change.type];
  if (noun === undefined || PLAN_MODEL[change.type] === undefined) {
    return change.action === "no-op" && change.importing === undefined ? [] : [unplaced(change)];
  }
  if (change.action === "no-op" && change.importing === undefined) return [];
  const what = `its ${noun} ${code(change.address)}`;
  const leaves = ids.registrationOf(change)?.leaves === true ? ", and it now belongs to something else" : "";
  const review = reviewAttributes(change, PLAN_MODEL[change.type]);
  const described = review.effects.map((e) => e.markdown).join(", ");
  return [
    {
      markdown: `${what} is ${verb(change.action)}${described === "" ? "" : `: ${described}`}${leaves}${change.importing === undefined ? "" : `, importing ${code(change.importing)}`}`,
      escalation: change.action !== "delete" && change.action !== "forget",
      failOn: failOnOf(change),
    },
    ...notModelledEffect(what, review.notModelled).map((e) => ({ ...e, failOn: undefined })),
  ];
}

/** A resource of a type the review names by meaning that belongs to no registration of this plan. */
function foreignEffect(change: PlanChange, ids: Identities): ApplyEffect {
  let whose = "";
  if (
    change.type === "azuread_application_password" ||
    change.type === "azuread_application_federated_identity_credential"
  ) {
    const appId = attribute(change.after, "application_id") ?? attribute(change.before, "application_id");
    whose = appId === undefined ? " of an application not in this plan" : ` of another application ${code(appId)}`;
  } else if (change.type === "azuread_service_principal") {
    const clientId = attribute(change.after, "client_id") ?? attribute(change.before, "client_id");
    whose = clientId === undefined ? "" : ` of another application, client id ${code(clientId)}`;
  } else if (change.type === "azuread_app_role_assignment") {
    const side = change.after === undefined ? "before" : "after";
    whose = ` to ${ids.principalName(change, "principal_object_id", side)} on ${ids.principalName(change, "resource_object_id", side)}`;
  }
  return {
    markdown: `${code(change.address)}: ${FOREIGN[change.type]}${whose}, not Corso's registration, is ${verb(change.action)}${change.importing === undefined ? "" : ` (importing ${code(change.importing)})`}`,
    escalation: change.action !== "delete" && change.action !== "forget",
    failOn: failOnOf(change),
  };
}

/** The application or service principal itself: created, updated, replaced, destroyed, imported. */
function objectEffects(what: string, change: PlanChange, noun: string): ApplyEffect[] {
  const effects: ApplyEffect[] = [];
  if (change.importing !== undefined) {
    effects.push({
      markdown: `${what} is imported: it adopts the existing ${noun} ${code(change.importing)}`,
      escalation: false,
      failOn: "import",
    });
  }
  const review = reviewAttributes(change, PLAN_MODEL[change.type]);
  const quiet = review.effects.filter((e) => !e.escalation).map((e) => e.markdown);
  const escalations = review.effects.filter((e) => e.escalation);
  switch (change.action) {
    case "create":
      effects.push({
        markdown: `${what} is created`,
        escalation: false,
        application: noun === "application" ? "created" : undefined,
      });
      break;
    case "update": {
      if (quiet.length > 0)
        effects.push({ markdown: `${what} is updated in place: ${quiet.join(", ")}`, escalation: false });
      break;
    }
    case "replace":
      effects.push({
        markdown:
          noun === "application"
            ? `${what} is **replaced**: it gets a new client id, and every Corso runner stops until given the new one`
            : `${what} is **replaced**: its consents are granted again to the new one`,
        escalation: true,
        failOn: "replace",
      });
      break;
    case "delete":
      effects.push({
        markdown: `${what} is **destroyed**${noun === "application" ? ": Corso stops at once (Entra ID keeps a deleted application 30 days)" : ""}`,
        escalation: true,
        failOn: "destroy",
        application: noun === "application" ? "destroyed" : undefined,
      });
      break;
    case "forget":
      effects.push({ markdown: `${what} is left in Entra ID but no longer managed here`, escalation: false });
      break;
    case "unknown":
      effects.push({
        markdown: `${what}: Terraform plans ${code(change.actions.join(", "))}, which the review cannot place`,
        escalation: true,
      });
      break;
  }
  if (change.action !== "delete" && change.action !== "forget" && change.action !== "unknown") {
    effects.push(...escalations.map((e) => ({ markdown: `${what}: ${e.markdown}`, escalation: true })));
    effects.push(...notModelledEffect(what, review.notModelled));
  }
  return effects;
}

/** A consent's role in words, on one side of the apply: a Graph permission by name, else its id and resource. */
function roleOf(consent: PlanChange, side: "before" | "after", ids: Identities): { name: string; graph: boolean } {
  const resource = ids.principalName(consent, "resource_object_id", side);
  const graph = resource === "Graph";
  const id = attribute(side === "before" ? consent.before : consent.after, "app_role_id");
  if (id !== undefined) {
    const name = graph ? graphAppRoleName(id) : undefined;
    return { name: name === undefined ? `role ${code(id)} on ${resource}` : code(name), graph };
  }
  const byReference = side === "after" ? ids.graphRoleByReference(consent) : undefined;
  if (byReference !== undefined && graph) return { name: code(byReference), graph };
  return { name: `a role known only after the apply on ${resource}`, graph: false };
}

/**
 * Consents of the registration's service principal. One grant, revocation, re-grant or adoption of
 * a Graph permission to Corso's app is listed with the others by permission name; a consent whose
 * role, resource or principal changes, or that names anything but Corso's app and Graph, is a line
 * of its own that escalates.
 */
function consentEffects(consents: readonly PlanChange[], ids: Identities): ApplyEffect[] {
  const granted: string[] = [];
  const revoked: string[] = [];
  const regranted: string[] = [];
  const adopted: string[] = [];
  const effects: ApplyEffect[] = [];
  const ours = (c: PlanChange, side: "before" | "after") =>
    ids.principalName(c, "principal_object_id", side) === "Corso's app";
  for (const consent of [...consents].sort((a, b) => compare(a.address, b.address))) {
    const before = consent.before === undefined ? undefined : roleOf(consent, "before", ids);
    const after = consent.after === undefined ? undefined : roleOf(consent, "after", ids);
    const principal = ids.principalName(
      consent,
      "principal_object_id",
      consent.after === undefined ? "before" : "after",
    );
    const plain = (role: { graph: boolean } | undefined, side: "before" | "after") =>
      role !== undefined && role.graph && ours(consent, side);
    switch (consent.action) {
      case "create":
        if (plain(after, "after")) granted.push(after!.name);
        else
          effects.push({ markdown: `admin consent **granted** for ${after!.name} to ${principal}`, escalation: true });
        break;
      case "delete":
        revoked.push(plain(before, "before") ? before!.name : `${before!.name} of ${principal}`);
        break;
      case "replace":
        if (plain(before, "before") && plain(after, "after") && before!.name === after!.name)
          regranted.push(after!.name);
        else {
          effects.push({
            markdown: `admin consent for ${before!.name} **replaced** by a consent for ${after!.name} to ${principal}`,
            escalation: true,
            failOn: "replace",
          });
        }
        break;
      case "unknown":
        effects.push(unplaced(consent));
        break;
      default: {
        const review = reviewAttributes(consent, PLAN_MODEL[consent.type]);
        effects.push(...notModelledEffect(`admin consent ${code(consent.address)}`, review.notModelled));
      }
    }
    if (consent.importing !== undefined) {
      const role = after ?? before!;
      if (plain(role, consent.after === undefined ? "before" : "after")) adopted.push(role.name);
      else {
        effects.push({
          markdown: `existing admin consent for ${role.name} to ${principal} adopted (${code(consent.importing)})`,
          escalation: true,
          failOn: "import",
        });
      }
    }
  }
  const list = (names: string[]) => [...names].sort(compare).join(", ");
  return [
    ...(granted.length > 0 ? [{ markdown: `admin consent **granted** for ${list(granted)}`, escalation: true }] : []),
    ...(revoked.length > 0 ? [{ markdown: `admin consent revoked for ${list(revoked)}`, escalation: false }] : []),
    ...(regranted.length > 0
      ? [{ markdown: `admin consent granted again (replaced) for ${list(regranted)}`, escalation: false }]
      : []),
    ...effects,
    ...(adopted.length > 0
      ? [
          {
            markdown: `existing admin consent adopted for ${list(adopted)}`,
            escalation: false,
            failOn: "import" as const,
          },
        ]
      : []),
  ];
}

/** Permissions the application starts or stops requesting (`required_resource_access`). */
function requestEffects(app: PlanChange): ApplyEffect[] {
  if (app.action !== "update") return [];
  const requests = (value: JsonObject | undefined) => {
    const found = new Map<string, string>();
    const blocks = Array.isArray(value?.required_resource_access) ? value.required_resource_access : [];
    for (const block of blocks as JsonObject[]) {
      const appId = typeof block?.resource_app_id === "string" ? block.resource_app_id.toLowerCase() : "?";
      for (const entry of (Array.isArray(block?.resource_access) ? block.resource_access : []) as JsonObject[]) {
        const id = typeof entry?.id === "string" ? entry.id.toLowerCase() : "?";
        const type = typeof entry?.type === "string" ? entry.type : "?";
        const named =
          appId === MICROSOFT_GRAPH_APP_ID
            ? type === "Scope"
              ? graphDelegatedScopeName(id)
              : graphAppRoleName(id)
            : undefined;
        const api = appId === MICROSOFT_GRAPH_APP_ID ? "" : ` on ${knownApiByAppId(appId)?.name ?? appId}`;
        found.set(
          `${appId}|${type}|${id}`,
          `${code(named ?? id)}${type === "Scope" ? " (delegated)" : ""}${text(api)}`,
        );
      }
    }
    return found;
  };
  if (app.afterUnknown.required_resource_access === true) {
    return [{ markdown: "the requested permissions change to values known only after the apply", escalation: true }];
  }
  const before = requests(app.before);
  const after = requests(app.after);
  const added = [...after.keys()].filter((k) => !before.has(k)).map((k) => after.get(k)!);
  const removed = [...before.keys()].filter((k) => !after.has(k)).map((k) => before.get(k)!);
  const effects: ApplyEffect[] = [];
  if (added.length > 0) effects.push({ markdown: `now requests ${added.sort(compare).join(", ")}`, escalation: false });
  if (removed.length > 0)
    effects.push({ markdown: `no longer requests ${removed.sort(compare).join(", ")}`, escalation: false });
  return effects;
}

function ownerEffects(holder: PlanChange): ApplyEffect[] {
  if (holder.action !== "update" && holder.action !== "create") return [];
  const of = holder.type === "azuread_service_principal" ? " of its service principal" : "";
  if (holder.afterUnknown.owners === true) {
    return [{ markdown: `the owners${of} change to values known only after the apply`, escalation: true }];
  }
  const list = (value: JsonObject | undefined) => (Array.isArray(value?.owners) ? value.owners.map(String) : []);
  const before = list(holder.before);
  const after = list(holder.after);
  if (holder.action === "create") return [];
  const added = after.filter((o) => !before.includes(o));
  const removed = before.filter((o) => !after.includes(o));
  return [
    ...added.map((o) => ({ markdown: `owner${of} **added**: ${code(o)}`, escalation: true })),
    ...removed.map((o) => ({ markdown: `owner${of} removed: ${code(o)}`, escalation: false })),
  ];
}

/** A client secret of the registration: the slot rotated, created or deleted, and any change the model does not know. */
function secretEffects(
  password: PlanChange,
  clocks: readonly PlanChange[],
  configuredLifetime: number | undefined,
  ids: Identities,
): ApplyEffect[] {
  const slot = slotOf(password);
  const effects: ApplyEffect[] = [];
  if (ids.registrationOf(password)?.leaves === true) {
    const appId = attribute(password.after, "application_id") ?? "an application known only after the apply";
    return [
      {
        markdown: `the secret ${code(password.address)} moves to another application ${code(appId)}: it is no longer Corso's`,
        escalation: true,
        failOn: failOnOf(password),
      },
    ];
  }
  const review = reviewAttributes(password, PLAN_MODEL[password.type]);
  switch (password.action) {
    case "replace":
      effects.push({
        markdown: `${slot} is **replaced**; ${expiryOf(password, clocks, configuredLifetime)}; runners must pick up the new secret`,
        escalation: false,
      });
      break;
    case "create":
      effects.push({
        markdown: `${slot} is created; ${expiryOf(password, clocks, configuredLifetime)}`,
        escalation: false,
      });
      break;
    case "delete":
      effects.push({ markdown: `${slot} is deleted`, escalation: false });
      break;
    case "update":
      effects.push({
        markdown: `${slot} is updated in place: ${review.effects.map((e) => e.markdown).join(", ") || "nothing the review models"}`,
        escalation: review.effects.some((e) => e.escalation),
      });
      break;
    case "unknown":
      effects.push(unplaced(password));
      break;
  }
  if (password.importing !== undefined) {
    effects.push({
      markdown: `${slot} is imported (${code(password.importing)})`,
      escalation: false,
      failOn: "import",
    });
  }
  if (password.action !== "delete" && password.action !== "forget") {
    effects.push(...notModelledEffect(slot, review.notModelled));
  }
  return effects;
}

/** `secret slot A`, from the construct id (`ClientSecretA`) or the secret's display name. */
function slotOf(password: PlanChange): string {
  const fromAddress = /ClientSecret([A-Z])_/.exec(password.address)?.[1];
  const name = attribute(password.after, "display_name") ?? attribute(password.before, "display_name") ?? "";
  const slot = fromAddress ?? /secret ([A-Z])$/.exec(name)?.[1];
  return slot === undefined ? `the secret ${code(password.address)}` : `secret slot ${slot}`;
}

/** When the new secret expires: from its end date, or its rotation clock plus its lifetime. */
function expiryOf(password: PlanChange, clocks: readonly PlanChange[], configuredLifetime: number | undefined): string {
  const endDate = attribute(password.after, "end_date");
  if (endDate !== undefined && password.afterUnknown.end_date !== true)
    return `the new secret expires ${text(endDate)}`;
  const configured = JSON.stringify(password.expressions.end_date ?? "");
  const hours = /\\"(\d+)h\\"/.exec(configured)?.[1];
  const lifetimeDays = hours !== undefined ? Number(hours) / 24 : configuredLifetime;
  const clock = clocks.find((c) => password.references.includes(c.address));
  const start = clock === undefined ? undefined : clockTime(clock);
  if (lifetimeDays !== undefined && start !== undefined) {
    const expires = new Date(Date.parse(start) + lifetimeDays * DAY_MS).toISOString().replace(/\.000Z$/, "Z");
    return `the new secret expires ${expires} (${lifetimeDays} days after its rotation time ${text(start)})`;
  }
  if (lifetimeDays !== undefined) return `the new secret expires ${lifetimeDays} days after the apply`;
  return "the new secret's expiry is set when Terraform applies";
}

/** The time a rotation clock will hold after the apply, when the plan knows it. */
function clockTime(clock: PlanChange): string | undefined {
  const after = clock.after;
  const candidates = [
    clock.afterUnknown.id === true ? undefined : attribute(after, "id"),
    attribute(after?.input as JsonObject | undefined, "id"),
    attribute(after?.output as JsonObject | undefined, "id"),
  ];
  return candidates.find((v) => v !== undefined && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d\d-\d\dT/.test(v));
}

function keyVaultEffect(secret: PlanChange, all: readonly PlanChange[]): ApplyEffect[] {
  const name = attribute(secret.after, "name") ?? attribute(secret.before, "name") ?? secret.address;
  const passphrase = isPassphrase(secret, all);
  const review = reviewAttributes(secret, PLAN_MODEL[secret.type]);
  const what = `Key Vault secret ${code(name)}`;
  const extra = [
    ...review.effects
      .filter((e) => e.escalation)
      .map((e) => ({ markdown: `${what}: ${e.markdown}`, escalation: true })),
    ...notModelledEffect(what, review.notModelled),
  ];
  if (secret.action === "delete" || secret.action === "replace") {
    return [
      {
        markdown: `${what} is ${secret.action === "delete" ? "**destroyed**" : "**replaced**"}${passphrase ? ": it holds the repository passphrase, without which no backup can be read" : ""}`,
        escalation: passphrase,
        failOn: secret.action === "delete" ? "destroy" : "replace",
      },
      ...(secret.action === "replace" ? extra : []),
    ];
  }
  return [
    {
      markdown: `${what} is written (${verb(secret.action)})`,
      escalation: secret.action === "unknown",
      failOn: secret.importing === undefined ? undefined : "import",
    },
    ...extra,
  ];
}

function isPassphrase(secret: PlanChange, all: readonly PlanChange[]): boolean {
  const tags = [secret.before, secret.after].map((v) => JSON.stringify(v?.tags ?? {}));
  return (
    tags.some((t) => t.includes("CORSO_PASSPHRASE")) ||
    secret.references.some((r) => r.startsWith("random_password.")) ||
    all.some((c) => c.type === "random_password" && secret.references.includes(c.address))
  );
}

function randomEffect(random: PlanChange): ApplyEffect[] {
  if (random.action === "delete" || random.action === "replace") {
    return [
      {
        markdown: `the generated repository passphrase ${code(random.address)} is **${random.action === "delete" ? "destroyed" : "replaced"}**: backups made with it can no longer be read`,
        escalation: true,
        failOn: random.action === "delete" ? "destroy" : "replace",
      },
    ];
  }
  const review = reviewAttributes(random, PLAN_MODEL[random.type]);
  return [
    {
      markdown: `the repository passphrase ${code(random.address)} is ${verb(random.action)}`,
      escalation: false,
      failOn: random.importing === undefined ? undefined : "import",
    },
    ...notModelledEffect(`the repository passphrase ${code(random.address)}`, review.notModelled),
  ];
}

/** A change the review cannot place: escalated, and refused by `--fail-on` for what it is (an import too). */
function unplaced(change: PlanChange): ApplyEffect {
  const paths = change.action === "update" ? changedPaths(change) : [];
  const shownPaths =
    paths.length === 0
      ? ""
      : ` (${paths
          .slice(0, 6)
          .map((p) => code(p))
          .join(", ")}${paths.length > 6 ? ` and ${paths.length - 6} more` : ""})`;
  return {
    markdown: `${code(change.address)}: Terraform plans ${code(change.actions.join(", "))}${shownPaths}${change.importing === undefined ? "" : ` with an import of ${code(change.importing)}`}, and the review cannot place it`,
    escalation: true,
    failOn: failOnOf(change),
  };
}

function failOnOf(change: PlanChange): FailOn | undefined {
  if (change.action === "replace") return "replace";
  if (change.action === "delete") return "destroy";
  if (change.importing !== undefined) return "import";
  return undefined;
}

function verb(action: PlanAction): string {
  const verbs: Record<PlanAction, string> = {
    create: "created",
    update: "updated in place",
    replace: "replaced",
    delete: "destroyed",
    read: "read",
    "no-op": "unchanged",
    forget: "forgotten",
    unknown: "changed in a way the review cannot place",
  };
  return verbs[action];
}

/** Terraform's view of one change, for the details list. */
function detailOf(change: PlanChange): string {
  const actions = change.actions.join(", then ");
  const reason = change.reason === undefined ? "" : ` (${code(change.reason)})`;
  const imported = change.importing === undefined ? "" : `, importing ${code(change.importing)}`;
  return `${code(change.address)}: ${text(actions)}${reason}${imported}`;
}
