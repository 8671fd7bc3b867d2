import { compare } from "../common";
import { type AccessLevel, MICROSOFT_GRAPH_APP_ID, findGraphPermission } from "../permissions";
import {
  type AccessRequest,
  type Credential,
  type Grant,
  type PrincipalReview,
  type RegistrationReview,
  deliveryKey,
  grantKey,
  requestKey,
} from "./access-model";
import { code, text } from "./markdown";
import {
  describeApi,
  describeAudience,
  describeCredentials,
  describeDelivery,
  describeGrant,
  describePermission,
  describeSecret,
  describeState,
  describeType,
  notReviewedAt,
} from "./report";
import type { StackReview, SynthesisReview } from "./synthesis";

/** One difference between two syntheses; escalations grant more access and need an extra approval. */
export interface Change {
  readonly stack: string;
  readonly escalation: boolean;
  /** The change in Markdown, every piece of input escaped. */
  readonly text: string;
}

const ACCESS_RANK: Readonly<Record<AccessLevel, number>> = { read: 0, "read-write": 1, "full-control": 2 };

// How far a sign-in audience reaches: anything beyond this directory widens who can sign in.
const AUDIENCE_REACH: Readonly<Record<string, number>> = {
  AzureADMyOrg: 0,
  AzureADMultipleOrgs: 1,
  PersonalMicrosoftAccount: 1,
  AzureADandPersonalMicrosoftAccount: 2,
};

type Add = (text: string, escalation?: boolean) => void;

/**
 * Compares a pull request's synthesis (`head`) with its base. Escalations: any new request or grant
 * of access, raised access, a new API, directory role, kind of credential, federated credential,
 * owner, redirect URI or public client flow, a wider sign-in audience, a new import, and anything new
 * or changed that the review does not model.
 */
export function diffSyntheses(base: SynthesisReview, head: SynthesisReview): Change[] {
  const changes: Change[] = [];
  const baseStacks = new Map(base.stacks.map((s) => [s.name, s]));
  const headStacks = new Map(head.stacks.map((s) => [s.name, s]));
  for (const [name, stack] of headStacks) {
    const before = baseStacks.get(name);
    if (before === undefined) {
      const inside = diffStack(emptyStack(stack), stack).filter((c) => !c.text.startsWith("state moves"));
      const granted = stack.registrations.reduce((n, r) => n + r.permissions.length, 0);
      changes.push({
        stack: name,
        escalation: inside.some((c) => c.escalation),
        text: `stack added, granting ${granted} Microsoft Graph permission${granted === 1 ? "" : "s"}`,
      });
      changes.push(...inside);
    } else {
      changes.push(...diffStack(before, stack));
    }
  }
  for (const name of baseStacks.keys()) {
    if (!headStacks.has(name)) {
      changes.push({
        stack: name,
        escalation: false,
        text: "stack removed: its registration is no longer managed here",
      });
    }
  }
  // Within a stack, escalations first, each group in the order found (which is deterministic).
  return changes.sort((a, b) => compare(a.stack, b.stack) || Number(b.escalation) - Number(a.escalation));
}

function emptyStack(like: StackReview): StackReview {
  return { ...like, registrations: [], others: [], imports: [], notReviewed: [], addresses: [] };
}

function diffStack(base: StackReview, head: StackReview): Change[] {
  const changes: Change[] = [];
  const add: Add = (line, escalation = false) => changes.push({ stack: head.name, escalation, text: line });
  // The state holds the client secret: whoever can read the new location, or signs in to it, has it.
  if (describeState(base.state) !== describeState(head.state)) {
    add(
      `state moves from ${describeState(base.state)} to ${describeState(head.state)}: the state holds the client secret`,
      true,
    );
  } else {
    const keys = [...new Set([...Object.keys(base.stateSettings), ...Object.keys(head.stateSettings)])].sort(compare);
    const shownSetting = (v: string | undefined) => (v === undefined ? "unset" : code(v));
    const changed = keys
      .filter((k) => base.stateSettings[k] !== head.stateSettings[k])
      .map((k) => `${code(k)} ${shownSetting(base.stateSettings[k])} -> ${shownSetting(head.stateSettings[k])}`);
    if (changed.length > 0) {
      add(
        `state backend settings change: ${changed.join(", ")}: Terraform reads and writes the state, which holds the client secret, with them`,
        true,
      );
    }
  }
  diffProviders(base, head, add);

  for (const [before, after] of pairRegistrations(base.registrations, head.registrations)) {
    if (before === undefined) newRegistration(after, add);
    else diffRegistration(before, after, add);
  }
  diffOthers(base.others, head.others, add);
  diffImports(base, head, add);
  diffNotReviewed(base, head, add);
  diffAddresses(base, head, add);
  return changes;
}

/** A new provider alias, or a provider signing in to another tenant: resources naming it act there. */
function diffProviders(base: StackReview, head: StackReview, add: Add): void {
  const before = new Map(base.providers.map((p) => [p.name, p]));
  for (const p of head.providers) {
    const was = before.get(p.name);
    const tenant = (t: string | undefined) => (t === undefined ? "the tenant of its credentials" : `tenant ${code(t)}`);
    if (was === undefined) {
      if (p.name.includes(".")) {
        add(
          `new provider configuration ${code(p.name)}, signing in to ${tenant(p.tenant)}: what names it acts as whichever identity it signs in as`,
          true,
        );
      }
    } else if (was.tenant !== p.tenant) {
      add(`provider ${code(p.name)} now signs in to ${tenant(p.tenant)}, was ${tenant(was.tenant)}`, true);
    }
  }
}

/** Pairs each head registration with its base: same address, else same name, else one that vanished. */
function pairRegistrations(
  base: readonly RegistrationReview[],
  head: readonly RegistrationReview[],
): [RegistrationReview | undefined, RegistrationReview][] {
  const left = new Map(base.map((r) => [r.address, r]));
  const pairs = new Map<RegistrationReview, RegistrationReview | undefined>();
  for (const r of head) {
    const same = left.get(r.address);
    if (same !== undefined) left.delete(r.address);
    pairs.set(r, same);
  }
  for (const r of head.filter((h) => pairs.get(h) === undefined)) {
    const named = [...left.values()].find((b) => b.displayName === r.displayName) ?? left.values().next().value;
    if (named !== undefined) {
      left.delete(named.address);
      pairs.set(r, named);
    }
  }
  return [...pairs.entries()].map(([after, before]) => [before, after]);
}

/** One line naming everything a new application is given: it escalates when it grants or opens anything. */
function newRegistration(r: RegistrationReview, add: Add): void {
  const requested = new Set(r.requests.map((q) => `${q.api.key}|${q.permission.key}`));
  const parts: string[] = [];
  if (r.requests.length > 0) {
    parts.push(
      `requests ${r.requests.map((q) => `${describePermission(q.permission)} (${describeType(q.type)}${onApi(q)})`).join(", ")}`,
    );
  }
  const consented = r.grants.filter((g) => g.api !== undefined && requested.has(`${g.api.key}|${g.permission.key}`));
  if (consented.length > 0) parts.push(`${consented.length} of them granted`);
  const unrequested = r.grants.filter((g) => !consented.includes(g));
  if (unrequested.length > 0) parts.push(`also granted ${unrequested.map(describeGrant).join(", ")}`);
  if (r.credentials.length > 0) parts.push(`credentials: ${describeCredentials(r.credentials)}`);
  if (r.audience !== "AzureADMyOrg") parts.push(`sign-in audience ${describeAudience(r.audience)}`);
  if (r.redirectUris.length > 0) parts.push(`redirect URIs ${r.redirectUris.map((u) => code(u.uri)).join(", ")}`);
  if (r.publicClient) parts.push("public client flows");
  if (r.implicitGrant.length > 0) parts.push(`implicit grant of ${r.implicitGrant.join(" and ")}`);
  const opens = parts.length > 0;
  const owners = [...r.owners, ...r.servicePrincipalOwners.map((o) => `${o} (service principal)`)];
  if (owners.length > 0) parts.push(`owners ${owners.map(text).join(", ")}`);
  add(
    `new application ${code(r.displayName)} (${code(r.address)})${parts.length > 0 ? `: ${parts.join("; ")}` : ""}`,
    opens,
  );
}

function diffRegistration(base: RegistrationReview, head: RegistrationReview, add: Add): void {
  const who = `${code(head.displayName)}:`;
  diffRequestsAndGrants(base, head, (line, escalation) => add(`${who} ${line}`, escalation));

  const baseApis = new Set([
    ...base.requests.map((q) => q.api.key),
    ...base.grants.flatMap((g) => (g.api ? [g.api.key] : [])),
  ]);
  const newApis = new Map<string, AccessRequest["api"]>();
  for (const api of [...head.requests.map((q) => q.api), ...head.grants.flatMap((g) => (g.api ? [g.api] : []))]) {
    if (!baseApis.has(api.key)) newApis.set(api.key, api);
  }
  for (const api of newApis.values()) add(`${who} access to a new API: ${describeApi(api)}`, true);

  const reach = (audience: string) => AUDIENCE_REACH[audience] ?? 3;
  if (base.audience !== head.audience) {
    add(
      `${who} sign-in audience changes from ${describeAudience(base.audience)} to ${describeAudience(head.audience)}`,
      reach(head.audience) > reach(base.audience) || !(head.audience in AUDIENCE_REACH),
    );
  }

  diffSets(
    base.owners,
    head.owners,
    (o) => add(`${who} new owner ${text(o)} (an owner can add credentials and act as the app)`, true),
    (o) => add(`${who} owner ${text(o)} removed`),
  );
  diffSets(
    base.servicePrincipalOwners,
    head.servicePrincipalOwners,
    (o) => add(`${who} new owner of its service principal ${text(o)} (an owner can add credentials to it)`, true),
    (o) => add(`${who} owner of its service principal ${text(o)} removed`),
  );
  diffCredentials(base.credentials, head.credentials, (line, escalation) => add(`${who} ${line}`, escalation));
  diffSets(
    base.redirectUris.map((u) => `${u.platform}\u0000${u.uri}`),
    head.redirectUris.map((u) => `${u.platform}\u0000${u.uri}`),
    (u) =>
      add(
        `${who} new redirect URI ${code(u.split("\u0000")[1])} (${u.split("\u0000")[0]}): a person can sign in to it`,
        true,
      ),
    (u) => add(`${who} redirect URI ${code(u.split("\u0000")[1])} removed`),
  );
  if (base.assignmentRequired && !head.assignmentRequired) {
    add(
      `${who} its service principal no longer requires assignment (\`app_role_assignment_required\`): any user or app in the directory can get a token for it`,
      true,
    );
  } else if (!base.assignmentRequired && head.assignmentRequired) {
    add(`${who} its service principal now requires assignment (\`app_role_assignment_required\`)`);
  }
  if (base.publicClient !== head.publicClient) {
    add(
      head.publicClient
        ? `${who} public client flows enabled: a person can sign in to it without a redirect`
        : `${who} public client flows disabled`,
      head.publicClient,
    );
  }
  diffSets(
    base.implicitGrant,
    head.implicitGrant,
    (g) => add(`${who} implicit grant now issues ${g}`, true),
    (g) => add(`${who} implicit grant no longer issues ${g}`),
  );

  if (describeSecret(base) !== describeSecret(head) && base.secret.slots > 0) {
    add(`${who} client secret changes from "${text(describeSecret(base))}" to "${text(describeSecret(head))}"`);
  }
  diffSets(
    base.delivery.map(deliveryKey),
    head.delivery.map(deliveryKey),
    (key) =>
      add(
        `${who} credentials now also delivered to ${describeDelivery(head.delivery.find((d) => deliveryKey(d) === key)!)}`,
      ),
    (key) =>
      add(
        `${who} credentials no longer delivered to ${describeDelivery(base.delivery.find((d) => deliveryKey(d) === key)!)}`,
      ),
  );
  if (base.protectedFromDestroy !== head.protectedFromDestroy) {
    add(`${who} ${head.protectedFromDestroy ? "now protected from destroy" : "no longer protected from destroy"}`);
  }
  if (base.displayName !== head.displayName) {
    add(`${code(base.displayName)} renamed to ${code(head.displayName)}`);
  }
}

function diffRequestsAndGrants(base: RegistrationReview, head: RegistrationReview, add: Add): void {
  const beforeRequests = new Map(base.requests.map((q) => [requestKey(q), q]));
  const afterRequests = new Map(head.requests.map((q) => [requestKey(q), q]));
  const added = head.requests.filter((q) => !beforeRequests.has(requestKey(q)));
  const removed = base.requests.filter((q) => !afterRequests.has(requestKey(q)));
  const beforeGrants = new Set(base.grants.map(grantKey));
  const afterGrants = new Set(head.grants.map(grantKey));
  const addedGrants = head.grants.filter((g) => !beforeGrants.has(grantKey(g)));
  const removedGrants = base.grants.filter((g) => !afterGrants.has(grantKey(g)));
  const grantOf = (q: AccessRequest) => (g: Grant) =>
    g.api?.key === q.api.key &&
    g.permission.key === q.permission.key &&
    g.kind === (q.type === "Scope" ? "delegated permission" : "application permission");
  const explained = new Set<Grant>();
  const withConsent = (q: AccessRequest) => {
    const grant = addedGrants.find(grantOf(q));
    if (grant === undefined) return "";
    explained.add(grant);
    return ", with admin consent";
  };

  for (const q of added) {
    const what = `${describeType(q.type)} permission ${describePermission(q.permission)}${onApi(q)}`;
    const retyped = removed.find((r) => r.api.key === q.api.key && r.permission.key === q.permission.key);
    const narrower = removed.find(
      (r) =>
        r.api.key === q.api.key && r.type === q.type && family(r) === family(q) && rank(r) >= 0 && rank(r) < rank(q),
    );
    if (retyped !== undefined) {
      add(
        `${what} was ${describeType(retyped.type)} (${code(retyped.type)}), now ${code(q.type)}${withConsent(q)}`,
        true,
      );
    } else if (narrower !== undefined) {
      add(
        `access raised from ${code(narrower.permission.label)} (${access(narrower)}) to ${code(q.permission.label)} (${access(q)})${withConsent(q)}`,
        true,
      );
    } else if (q.api.appId === MICROSOFT_GRAPH_APP_ID && q.type === "Role" && q.permission.resolved) {
      add(`new permission ${code(q.permission.label)} (${access(q) ?? "not in the catalog"})${withConsent(q)}`, true);
    } else {
      add(`new request: ${what}${withConsent(q)}`, true);
    }
  }
  for (const q of removed) {
    const replaced = added.some(
      (a) =>
        a.api.key === q.api.key &&
        (a.permission.key === q.permission.key ||
          (a.type === q.type && family(a) === family(q) && rank(q) >= 0 && rank(q) < rank(a))),
    );
    if (replaced) continue;
    if (q.api.appId === MICROSOFT_GRAPH_APP_ID && q.type === "Role" && q.permission.resolved) {
      add(`permission ${code(q.permission.label)} removed`);
    } else {
      add(`request removed: ${describeType(q.type)} permission ${describePermission(q.permission)}${onApi(q)}`);
    }
  }
  for (const g of addedGrants.filter((g) => !explained.has(g))) {
    const requested = head.requests.some((q) => grantOf(q)(g));
    const unrequested = !requested && g.kind !== "directory role";
    add(`new grant: ${describeGrant(g)}${unrequested ? ", which the application does not request" : ""}`, true);
  }
  for (const g of removedGrants) {
    const withRequest = removed.some((q) => grantOf(q)(g));
    if (!withRequest) add(`grant removed: ${describeGrant(g)}`);
  }
}

function onApi(q: AccessRequest): string {
  return q.api.appId === MICROSOFT_GRAPH_APP_ID ? "" : ` on ${describeApi(q.api)}`;
}

function diffCredentials(base: readonly Credential[], head: readonly Credential[], add: Add): void {
  const count = (list: readonly Credential[]) => {
    const counts = new Map<string, number>();
    for (const c of list) if (c.detail === undefined) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
    return counts;
  };
  const before = count(base);
  const after = count(head);
  for (const [kind, n] of after) {
    const was = before.get(kind) ?? 0;
    if (was === 0) add(`new kind of credential: ${text(kind)}${n > 1 ? ` (${n})` : ""}`, true);
    // One more credential is one more way to sign in as the app.
    else if (n !== was) add(`${text(kind)}s: ${was} -> ${n}`, n > was);
  }
  for (const [kind] of before) if (!after.has(kind)) add(`no ${text(kind)} any more`);
  const detailed = (list: readonly Credential[]) =>
    list.filter((c) => c.detail !== undefined).map((c) => `${c.kind}: ${c.detail}`);
  diffSets(
    detailed(base),
    detailed(head),
    (c) => add(`new ${text(c)}`, true),
    (c) => add(`removed ${text(c)}`),
  );
}

function diffOthers(base: readonly PrincipalReview[], head: readonly PrincipalReview[], add: Add): void {
  const before = new Map(base.map((o) => [o.key, o]));
  for (const o of head) {
    const was = before.get(o.key);
    const who = `${text(o.label)}:`;
    diffSets(
      (was?.grants ?? []).map(grantKey),
      o.grants.map(grantKey),
      (key) => add(`${who} new grant: ${describeGrant(o.grants.find((g) => grantKey(g) === key)!)}`, true),
      (key) => add(`${who} grant removed: ${describeGrant(was!.grants.find((g) => grantKey(g) === key)!)}`),
    );
    const creds = (list: readonly Credential[]) =>
      list.map((c) => `${c.kind}${c.detail === undefined ? "" : `: ${c.detail}`}`);
    diffSets(
      creds(was?.credentials ?? []),
      creds(o.credentials),
      (c) => add(`${who} new ${text(c)}`, true),
      (c) => add(`${who} removed ${text(c)}`),
    );
    diffSets(
      was?.owners ?? [],
      o.owners,
      (owner) => add(`${who} new owner ${text(owner)}`, true),
      (owner) => add(`${who} owner ${text(owner)} removed`),
    );
  }
  const now = new Set(head.map((o) => o.key));
  for (const o of base.filter((b) => !now.has(b.key))) add(`${text(o.label)}: no longer granted or owned here`);
}

function diffImports(base: StackReview, head: StackReview, add: Add): void {
  const key = (i: StackReview["imports"][number]) => `${i.to}\u0000${i.id}`;
  const before = new Set(base.imports.map(key));
  const after = new Set(head.imports.map(key));
  for (const i of head.imports.filter((x) => !before.has(key(x)))) {
    add(`takes over the ${i.what} ${code(i.id)} as ${code(i.to)} (an import)`, true);
  }
  for (const i of base.imports.filter((x) => !after.has(key(x))))
    add(`no longer imports ${code(i.id)} as ${code(i.to)}`);
}

function diffNotReviewed(base: StackReview, head: StackReview, add: Add): void {
  // An element at a key path is the same element whatever its value; the fingerprint tells a change.
  const key = (n: StackReview["notReviewed"][number]) =>
    n.path === undefined ? `${n.address}\u0000\u0000${n.why}` : `${n.address}\u0000${n.path}`;
  const before = new Map(base.notReviewed.map((n) => [key(n), n]));
  const after = new Set(head.notReviewed.map(key));
  for (const n of head.notReviewed) {
    const was = before.get(key(n));
    if (was === undefined) add(`not reviewed, new: ${notReviewedAt(n)}: ${text(n.why)}`, true);
    else if (was.fingerprint !== n.fingerprint) add(`not reviewed, changed: ${notReviewedAt(n)}: ${text(n.why)}`, true);
  }
  for (const n of base.notReviewed.filter((b) => !after.has(key(b)))) add(`not reviewed, removed: ${notReviewedAt(n)}`);
}

function diffAddresses(base: StackReview, head: StackReview, add: Add): void {
  // Terraform knows a resource by its address: a new address is a new resource, a vanished one is destroyed.
  const baseResources = new Set(base.addresses);
  const headResources = new Set(head.addresses);
  // Consents follow their permissions, which are reported by name; their addresses add nothing.
  const created = head.addresses.filter((a) => !baseResources.has(a) && !isConsent(a));
  const destroyed = base.addresses.filter((a) => !headResources.has(a) && !isConsent(a));
  const typeOf = (address: string) => address.slice(0, address.indexOf("."));
  const unmatched = [...created];
  for (const gone of destroyed) {
    const index = unmatched.findIndex((a) => typeOf(a) === typeOf(gone));
    if (index >= 0) {
      add(
        `${code(gone)} is replaced by ${code(unmatched[index])} (its address changed): Terraform destroys and recreates it`,
      );
      unmatched.splice(index, 1);
    } else {
      add(`${code(gone)} is destroyed`);
    }
  }
}

function isConsent(address: string): boolean {
  return address.startsWith("azuread_app_role_assignment.");
}

function family(q: AccessRequest): string {
  return q.permission.label.slice(0, q.permission.label.indexOf("."));
}

function access(q: AccessRequest): AccessLevel | undefined {
  return q.api.appId === MICROSOFT_GRAPH_APP_ID ? findGraphPermission(q.permission.label)?.access : undefined;
}

function rank(q: AccessRequest): number {
  const level = access(q);
  return level === undefined ? -1 : ACCESS_RANK[level];
}

function diffSets(
  before: readonly string[],
  after: readonly string[],
  added: (s: string) => void,
  removed: (s: string) => void,
): void {
  const was = new Set(before);
  const is = new Set(after);
  for (const s of [...is].sort(compare)) if (!was.has(s)) added(s);
  for (const s of [...was].sort(compare)) if (!is.has(s)) removed(s);
}

/** Markdown listing the changes, escalations first. */
export function renderChanges(changes: readonly Change[]): string {
  if (changes.length === 0) {
    return "## Changes against the base\n\nNo changes to the registrations, their access, secrets or state.\n";
  }
  const line = (c: Change) => `- ${code(c.stack)}: ${c.text}`;
  const escalations = changes.filter((c) => c.escalation);
  const others = changes.filter((c) => !c.escalation);
  const lines = ["## Changes against the base", ""];
  if (escalations.length > 0) {
    lines.push(
      `**Escalations (${escalations.length}): more access, ask for a security review**`,
      "",
      ...escalations.map(line),
      "",
    );
  }
  if (others.length > 0) {
    lines.push(`**Other changes (${others.length})**`, "", ...others.map(line), "");
  }
  return lines.join("\n");
}
