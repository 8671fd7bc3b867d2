import { compare } from "../common";
import { MICROSOFT_GRAPH_APP_ID, graphAppRoleName, graphDelegatedScopeName } from "../permissions";
import type { JsonObject } from "./json-input";
import { knownApiByAppId } from "./known-apis";
import { code, text } from "./markdown";
import { type PlanAction, type PlanChange, type PlanReview, attribute } from "./plan";
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

/** Reads what a plan will do, registration by registration; `stacks` (a synthesis) names the stack and fills gaps. */
export function planEffects(plan: PlanReview, label: string, stacks: readonly StackReview[] = []): PlanApply {
  const managed = plan.changes.filter((c) => c.mode === "managed");
  const stack = matchStack(managed, stacks);
  const linker = new Linker(managed);
  const claimed = new Set<PlanChange>();
  const registrations: RegistrationApply[] = [];

  for (const app of managed.filter((c) => APPLICATIONS.includes(c.type))) {
    const own = managed.filter((c) => linker.applicationOf(c) === app);
    own.forEach((c) => claimed.add(c));
    const clocks = managed.filter((c) => CLOCKS.includes(c.type) && own.some((o) => o.references.includes(c.address)));
    clocks.forEach((c) => claimed.add(c));
    const configured = stack?.registrations.find((r) => r.address === app.address);
    registrations.push(registrationEffects(app, own, clocks, configured?.secret.lifetimeDays));
  }

  pairMovedApplications(registrations);
  const general: ApplyEffect[] = [];
  for (const change of managed.filter((c) => !claimed.has(c) && c.action !== "no-op")) {
    if (change.type === "azurerm_key_vault_secret") general.push(keyVaultEffect(change, managed));
    else if (change.type === "random_password") general.push(randomEffect(change));
    else general.push(unplaced(change));
  }
  if (plan.errored) {
    general.push({ markdown: "the plan errored: Terraform could not work out every change", escalation: true });
  }
  if (plan.outputs.length > 0) {
    general.push({
      markdown: `outputs that change: ${plan.outputs.map((o) => `${code(o.name)} (${o.action})`).join(", ")}`,
      escalation: false,
    });
  }
  const nothingChanges = managed.every((c) => c.action === "no-op" && c.importing === undefined) && !plan.errored;
  return {
    label,
    stack: stack?.name,
    registrations: registrations.sort((a, b) => compare(a.address, b.address)),
    general,
    details: managed.filter((c) => c.action !== "no-op" || c.importing !== undefined).map(detailOf),
    nothingChanges,
  };
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

/** Finds the application each resource belongs to, through the configuration's references or the values. */
class Linker {
  private readonly byAddress: Map<string, PlanChange>;
  private readonly apps: PlanChange[];

  constructor(private readonly changes: readonly PlanChange[]) {
    this.byAddress = new Map(changes.map((c) => [c.address, c]));
    this.apps = changes.filter((c) => APPLICATIONS.includes(c.type));
  }

  applicationOf(change: PlanChange, depth = 0): PlanChange | undefined {
    if (APPLICATIONS.includes(change.type)) return change;
    if (depth > 2) return undefined;
    for (const ref of change.references) {
      const target = this.byAddress.get(ref);
      if (target === undefined || target === change) continue;
      if (APPLICATIONS.includes(target.type)) return target;
      if (target.type === "azuread_service_principal") {
        const app = this.applicationOf(target, depth + 1);
        if (app !== undefined) return app;
      }
    }
    return this.byValue(change);
  }

  /** For a resource no longer configured: its `application_id`, `client_id` or principal id names the app. */
  private byValue(change: PlanChange): PlanChange | undefined {
    const values = [change.before, change.after];
    const field = (name: string) => values.map((v) => attribute(v, name)).filter((v) => v !== undefined);
    const appIds = field("application_id");
    const clientIds = field("client_id");
    const principals = [
      ...field("principal_object_id"),
      ...field("service_principal_id"),
      ...field("service_principal_object_id"),
    ];
    for (const app of this.apps) {
      const ids = [app.before, app.after].flatMap((v) => [attribute(v, "id"), attribute(v, "object_id")]);
      const clients = [app.before, app.after].map((v) => attribute(v, "client_id"));
      if (appIds.some((id) => ids.includes(id) || ids.includes(id.replace(/^\/applications\//, "")))) return app;
      if (change.type === "azuread_service_principal" && clientIds.some((id) => clients.includes(id))) return app;
    }
    if (principals.length > 0) {
      for (const sp of this.changes.filter((c) => c.type === "azuread_service_principal")) {
        const ids = [sp.before, sp.after].flatMap((v) => [attribute(v, "object_id"), attribute(v, "id")]);
        if (principals.some((p) => ids.includes(p) || ids.includes(`/servicePrincipals/${p}`))) {
          return this.applicationOf(sp, 3) ?? this.byValue(sp);
        }
      }
    }
    return undefined;
  }
}

function registrationEffects(
  app: PlanChange,
  own: readonly PlanChange[],
  clocks: readonly PlanChange[],
  configuredLifetime: number | undefined,
): RegistrationApply {
  const name = attribute(app.after, "display_name") ?? attribute(app.before, "display_name") ?? app.address;
  const effects: ApplyEffect[] = [];
  effects.push(...objectEffects("the application", app, "application"));
  for (const sp of own.filter((c) => c.type === "azuread_service_principal")) {
    effects.push(...objectEffects("its service principal", sp, "service principal"));
  }
  effects.push(...consentEffects(own.filter((c) => c.type === "azuread_app_role_assignment")));
  effects.push(...requestEffects(app));
  for (const holder of [app, ...own.filter((c) => c.type === "azuread_service_principal")]) {
    effects.push(...ownerEffects(holder));
  }
  for (const password of own.filter((c) => c.type === "azuread_application_password")) {
    const effect = secretEffect(password, clocks, configuredLifetime);
    if (effect !== undefined) effects.push(effect);
  }
  const handled = new Set([
    "azuread_application",
    "azuread_application_registration",
    "azuread_service_principal",
    "azuread_app_role_assignment",
    "azuread_application_password",
  ]);
  for (const other of own.filter((c) => !handled.has(c.type) && c.action !== "no-op")) {
    effects.push({
      markdown: `${code(other.type)} ${verb(other.action)}`,
      escalation: other.action === "create" || other.action === "unknown",
      failOn: failOnOf(other),
    });
  }
  for (const imported of own.filter(
    (c) =>
      c.importing !== undefined &&
      !APPLICATIONS.includes(c.type) &&
      c.type !== "azuread_service_principal" &&
      c.type !== "azuread_app_role_assignment",
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
    details: [app, ...own.filter((c) => c !== app), ...clocks]
      .filter((c) => c.action !== "no-op" || c.importing !== undefined)
      .map(detailOf),
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
  switch (change.action) {
    case "create":
      effects.push({
        markdown: `${what} is created`,
        escalation: false,
        application: noun === "application" ? "created" : undefined,
      });
      break;
    case "update": {
      const changed = changedAttributes(change).filter((a) => a !== "owners" && a !== "required_resource_access");
      if (changed.length > 0)
        effects.push({
          markdown: `${what} is updated in place (${changed.map((a) => code(a)).join(", ")})`,
          escalation: false,
        });
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
  return effects;
}

function consentEffects(consents: readonly PlanChange[]): ApplyEffect[] {
  const by = (action: PlanAction) => consents.filter((c) => c.action === action);
  const names = (list: readonly PlanChange[]) =>
    list
      .map(permissionOf)
      .sort(compare)
      .map((n) => code(n))
      .join(", ");
  const effects: ApplyEffect[] = [];
  const granted = by("create");
  if (granted.length > 0) {
    effects.push({ markdown: `admin consent **granted** for ${names(granted)}`, escalation: true });
  }
  const revoked = by("delete");
  if (revoked.length > 0) effects.push({ markdown: `admin consent revoked for ${names(revoked)}`, escalation: false });
  const regranted = by("replace");
  if (regranted.length > 0) {
    effects.push({
      markdown: `admin consent granted again (replaced) for ${names(regranted)}`,
      escalation: false,
    });
  }
  effects.push(...by("unknown").map(unplaced));
  const adopted = consents.filter((c) => c.importing !== undefined);
  if (adopted.length > 0)
    effects.push({
      markdown: `existing admin consent adopted for ${names(adopted)}`,
      escalation: false,
      failOn: "import",
    });
  return effects;
}

/** A consent's permission by name: the published id of its app role, else the role id itself. */
function permissionOf(consent: PlanChange): string {
  const id = attribute(consent.after, "app_role_id") ?? attribute(consent.before, "app_role_id");
  if (id !== undefined) return graphAppRoleName(id) ?? id;
  const configured = JSON.stringify(consent.expressions.app_role_id ?? "");
  return /app_role_ids\[\\"([^"\\]+)\\"\]/.exec(configured)?.[1] ?? consent.address;
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

function secretEffect(
  password: PlanChange,
  clocks: readonly PlanChange[],
  configuredLifetime: number | undefined,
): ApplyEffect | undefined {
  const slot = slotOf(password);
  switch (password.action) {
    case "replace":
      return {
        markdown: `${slot} is **replaced**; ${expiryOf(password, clocks, configuredLifetime)}; runners must pick up the new secret`,
        escalation: false,
      };
    case "create":
      return { markdown: `${slot} is created; ${expiryOf(password, clocks, configuredLifetime)}`, escalation: false };
    case "delete":
      return { markdown: `${slot} is deleted`, escalation: false };
    case "update":
      return {
        markdown: `${slot} is updated in place (${changedAttributes(password)
          .map((a) => code(a))
          .join(", ")})`,
        escalation: false,
      };
    case "unknown":
      return unplaced(password);
    default:
      return undefined;
  }
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

function keyVaultEffect(secret: PlanChange, all: readonly PlanChange[]): ApplyEffect {
  const name = attribute(secret.after, "name") ?? attribute(secret.before, "name") ?? secret.address;
  const passphrase = isPassphrase(secret, all);
  if (secret.action === "delete" || secret.action === "replace") {
    return {
      markdown: `Key Vault secret ${code(name)} is ${secret.action === "delete" ? "**destroyed**" : "**replaced**"}${passphrase ? ": it holds the repository passphrase, without which no backup can be read" : ""}`,
      escalation: passphrase,
      failOn: secret.action === "delete" ? "destroy" : "replace",
    };
  }
  return {
    markdown: `Key Vault secret ${code(name)} is written (${verb(secret.action)})`,
    escalation: secret.action === "unknown",
  };
}

function isPassphrase(secret: PlanChange, all: readonly PlanChange[]): boolean {
  const tags = [secret.before, secret.after].map((v) => JSON.stringify(v?.tags ?? {}));
  return (
    tags.some((t) => t.includes("CORSO_PASSPHRASE")) ||
    secret.references.some((r) => r.startsWith("random_password.")) ||
    all.some((c) => c.type === "random_password" && secret.references.includes(c.address))
  );
}

function randomEffect(random: PlanChange): ApplyEffect {
  if (random.action === "delete" || random.action === "replace") {
    return {
      markdown: `the generated repository passphrase ${code(random.address)} is **${random.action === "delete" ? "destroyed" : "replaced"}**: backups made with it can no longer be read`,
      escalation: true,
      failOn: random.action === "delete" ? "destroy" : "replace",
    };
  }
  return { markdown: `the repository passphrase ${code(random.address)} is ${verb(random.action)}`, escalation: false };
}

function unplaced(change: PlanChange): ApplyEffect {
  return {
    markdown: `${code(change.address)}: Terraform plans ${code(change.actions.join(", "))}${change.importing === undefined ? "" : " with an import"}, and the review cannot place it`,
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

/** Attributes whose value the apply changes. */
function changedAttributes(change: PlanChange): string[] {
  const keys = new Set([
    ...Object.keys(change.before ?? {}),
    ...Object.keys(change.after ?? {}),
    ...Object.keys(change.afterUnknown),
  ]);
  return [...keys]
    .filter((k) => k !== "timeouts")
    .filter(
      (k) =>
        change.afterUnknown[k] === true ||
        JSON.stringify(change.before?.[k] ?? null) !== JSON.stringify(change.after?.[k] ?? null),
    )
    .sort(compare);
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
