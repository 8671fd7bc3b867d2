import { compare } from "../common";
import { MICROSOFT_GRAPH_APP_ID, corsoUsesOf, describeCorsoEvidence } from "../permissions";
import {
  type AccessRequest,
  type Credential,
  type Delivery,
  type Grant,
  type NotReviewed,
  type NotReviewedKind,
  type PrincipalReview,
  type RegistrationReview,
  grantKey,
} from "./access-model";
import { code, text } from "./markdown";
import type { StackReview, StateLocation, SynthesisReview } from "./synthesis";

const AUDIENCES: Readonly<Record<string, string>> = {
  AzureADMyOrg: "accounts in this directory only",
  AzureADMultipleOrgs: "accounts in any directory",
  AzureADandPersonalMicrosoftAccount: "accounts in any directory and personal Microsoft accounts",
  PersonalMicrosoftAccount: "personal Microsoft accounts only",
};

/** Markdown describing every registration of a synthesis, stack by stack. */
export function renderReport(review: SynthesisReview): string {
  if (review.stacks.length === 0) {
    return "No stacks were synthesized.\n";
  }
  return review.stacks.map(renderStack).join("\n");
}

function renderStack(stack: StackReview): string {
  const lines = [`## Stack ${code(stack.name)}`, "", `State: ${describeState(stack.state)}.`, ""];
  if (stack.registrations.length === 0) {
    lines.push("No Entra ID application in this stack.", "");
  }
  for (const registration of stack.registrations) {
    lines.push(...renderRegistration(registration));
  }
  if (stack.others.length > 0) {
    lines.push(`**Principals outside this stack's applications (${stack.others.length})**`, "");
    lines.push(...stack.others.flatMap(renderOther), "");
  }
  if (stack.imports.length > 0) {
    lines.push(`**Existing objects this stack takes over (${stack.imports.length})**`, "");
    lines.push(...stack.imports.map((i) => `- ${code(i.to)} adopts the ${i.what} ${code(i.id)}`), "");
  }
  if (stack.notReviewed.length > 0) {
    lines.push(
      `**Not reviewed (${stack.notReviewed.length}): read these yourself, the review does not model them**`,
      "",
    );
    const kinds = [...new Set(stack.notReviewed.map((n) => n.kind ?? "type"))];
    for (const kind of kinds) {
      if (kinds.length > 1) lines.push(`${KIND_TITLES[kind]}:`, "");
      lines.push(
        ...stack.notReviewed
          .filter((n) => (n.kind ?? "type") === kind)
          .map((n) => `- ${notReviewedAt(n)}: ${text(n.why)}`),
        "",
      );
    }
  }
  return lines.join("\n");
}

const KIND_TITLES: Readonly<Record<NotReviewedKind, string>> = {
  file: "Files and manifest",
  block: "Terraform blocks this project never writes",
  type: "Resource and data source types",
  argument: "Arguments",
  expression: "Text that is an expression",
  provider: "Providers",
  terraform: "State backend and required providers",
  output: "Outputs",
  import: "Imports",
};

/** Where an unreviewed element is, in Markdown: its address, and the key path inside it. */
export function notReviewedAt(n: NotReviewed): string {
  return n.path === undefined ? code(n.address) : `${code(n.address)} at ${code(n.path)}`;
}

/** Where the state is, in Markdown. */
export function describeState(state: StateLocation): string {
  switch (state.kind) {
    case "local":
      return `local file ${code(state.path)}`;
    case "azurerm":
      return (
        `Azure Storage ${code(`${state.account}/${state.container}/${state.key}`)}` +
        (state.entraAuth ? " (Entra ID auth)" : "")
      );
    case "cloud":
      return (
        `HCP Terraform, organization ${code(state.organization)}, ` +
        (state.workspace === undefined ? "no workspace named" : `workspace ${code(state.workspace)}`) +
        (state.hostname === undefined || state.hostname === "app.terraform.io" ? "" : ` on ${code(state.hostname)}`)
      );
    default:
      return `${code(state.backend)} backend`;
  }
}

/** A delivery target in Markdown. */
export function describeDelivery(d: Delivery): string {
  return d.kind === "output"
    ? `output ${code(d.name)}${d.sensitive ? " (sensitive)" : ""}`
    : `Key Vault ${code(d.vault)}, secret ${code(d.name)}`;
}

/** A sign-in audience in Markdown. */
export function describeAudience(audience: string): string {
  const known = Object.prototype.hasOwnProperty.call(AUDIENCES, audience) ? AUDIENCES[audience] : undefined;
  return `${known ?? "not a known audience"} (${code(audience)})`;
}

function renderRegistration(r: RegistrationReview): string[] {
  const rows: [string, string][] = [
    ["Sign-in audience", describeAudience(r.audience)],
    ["Owners", r.owners.length === 0 ? "none" : r.owners.map(text).join(", ")],
    ["Client secret", text(describeSecret(r))],
    [
      "Credentials delivered to",
      r.delivery.length === 0 ? "nowhere in this stack" : r.delivery.map(describeDelivery).join(", "),
    ],
    ["Protected from destroy", r.protectedFromDestroy ? "yes (`prevent_destroy`)" : "no"],
  ];
  if (r.serviceManagementReference !== undefined) {
    rows.push(["Service management reference", text(r.serviceManagementReference)]);
  }
  if (r.tags.length > 0) rows.push(["Tags", r.tags.map(text).join(", ")]);
  if (r.notes !== undefined) rows.push(["Notes", text(r.notes)]);

  return [
    `### ${text(r.displayName)}`,
    "",
    code(r.address),
    "",
    "| | |",
    "| --- | --- |",
    ...rows.map(([label, value]) => `| ${label} | ${value} |`),
    "",
    `Microsoft Graph permissions (${r.permissions.length}):`,
    "",
    "| Permission | Corso service | Access | Why Corso has it | What it allows |",
    "| --- | --- | --- | --- | --- |",
    ...r.permissions.map((p) => {
      const kind = p.type === "Role" ? "" : ` (${p.type === "Scope" ? "delegated" : text(p.type)})`;
      if (!p.resolved)
        return `| ${code(p.name)}${kind} | ? | ? | ? | not resolved: the review cannot tell which permission this is |`;
      if (p.catalog === undefined) return `| ${code(p.name)}${kind} | ? | ? | ? | not in the project's catalog |`;
      const services = corsoUsesOf(p.catalog).join(", ") || "—";
      const why = text(describeCorsoEvidence(p.catalog));
      return `| ${code(p.name)}${kind} | ${services} | ${p.catalog.access} | ${why} | ${text(p.catalog.description)} |`;
    }),
    "",
    ...renderOtherApis(r),
    ...renderGrants(r),
    ...renderSignIn(r),
  ];
}

function renderOtherApis(r: RegistrationReview): string[] {
  const others = r.requests.filter((q) => q.api.appId !== MICROSOFT_GRAPH_APP_ID);
  if (others.length === 0) return [];
  return [
    `Other APIs (${others.length} permission${others.length === 1 ? "" : "s"}):`,
    "",
    "| API | Permission | Type |",
    "| --- | --- | --- |",
    ...others.map((q) => `| ${describeApi(q.api)} | ${describePermission(q.permission)} | ${describeType(q.type)} |`),
    "",
  ];
}

/** An API in Markdown: its name and client id, or the expression the review could not resolve. */
export function describeApi(api: AccessRequest["api"]): string {
  if (!api.resolved) return `${code(api.label)} (not resolved)`;
  if (api.appId !== undefined && api.label !== `API ${api.appId}`) return `${text(api.label)} (${code(api.appId)})`;
  return text(api.label);
}

/** A permission in Markdown; one the review could not name is shown as written and said so. */
export function describePermission(p: AccessRequest["permission"]): string {
  return p.resolved ? code(p.label) : `${code(p.label)} (not resolved)`;
}

/** `Role` and `Scope` in reviewers' words. */
export function describeType(type: string): string {
  if (type === "Role") return "application";
  if (type === "Scope") return "delegated";
  return code(type);
}

/** A grant in Markdown, without its principal. */
export function describeGrant(g: Grant): string {
  if (g.kind === "directory role") {
    return `directory role ${g.permission.resolved ? text(g.permission.label) : describePermission(g.permission)} over ${text(g.scope ?? "")}`;
  }
  const on = g.api === undefined ? "" : ` on ${describeApi(g.api)}`;
  const scope = g.kind === "delegated permission" && g.scope !== undefined ? `, for ${text(g.scope)}` : "";
  return `${g.kind} ${describePermission(g.permission)}${on}${scope}`;
}

function renderGrants(r: RegistrationReview): string[] {
  const granted = new Set(r.grants.map(grantKey));
  const requestGrantKey = (q: AccessRequest) =>
    grantKey({
      kind: q.type === "Scope" ? "delegated permission" : "application permission",
      api: q.api,
      permission: q.permission,
      scope: q.type === "Scope" ? "every user (admin consent)" : undefined,
      address: q.address,
    });
  const requested = new Set(r.requests.map(requestGrantKey));
  const consented = r.requests.filter((q) => granted.has(requestGrantKey(q)));
  const notGranted = r.requests.filter((q) => !granted.has(requestGrantKey(q)));
  const unrequested = r.grants.filter((g) => g.kind === "directory role" || !requested.has(grantKey(g)));

  const lines: string[] = [];
  const graphRoles = consented.filter((q) => q.type === "Role" && q.api.appId === MICROSOFT_GRAPH_APP_ID);
  const allGraphRoles = r.requests.filter((q) => q.type === "Role" && q.api.appId === MICROSOFT_GRAPH_APP_ID);
  if (graphRoles.length > 0 && graphRoles.length === allGraphRoles.length) {
    lines.push(
      `admin consent to ${graphRoles.length === 1 ? "the" : `all ${graphRoles.length}`} requested Microsoft Graph application permission${graphRoles.length === 1 ? "" : "s"}`,
    );
  } else {
    lines.push(
      ...graphRoles.map(
        (q) =>
          `admin consent to ${describeType(q.type)} permission ${describePermission(q.permission)} on ${describeApi(q.api)}`,
      ),
    );
  }
  lines.push(
    ...consented
      .filter((q) => !graphRoles.includes(q))
      .map(
        (q) =>
          `consent to ${describeType(q.type)} permission ${describePermission(q.permission)} on ${describeApi(q.api)}`,
      ),
  );
  lines.push(...unrequested.map((g) => `${describeGrant(g)}, not requested by the application (${code(g.address)})`));
  lines.push(
    ...notGranted.map(
      (q) =>
        `requested, not granted in this stack: ${describeType(q.type)} permission ${describePermission(q.permission)} on ${describeApi(q.api)}`,
    ),
  );
  if (lines.length === 0) return ["Access granted in this stack: none.", ""];
  if (lines.length === 1) return [`Access granted in this stack: ${lines[0]}.`, ""];
  return ["Access granted in this stack:", "", ...lines.map((l) => `- ${l}`), ""];
}

function renderSignIn(r: RegistrationReview): string[] {
  const rows: [string, string][] = [
    ["Credentials", describeCredentials(r.credentials)],
    [
      "Redirect URIs",
      r.redirectUris.length === 0 ? "none" : r.redirectUris.map((u) => `${code(u.uri)} (${u.platform})`).join(", "),
    ],
    ["Public client flows", r.publicClient ? "yes (`fallback_public_client_enabled`)" : "no"],
  ];
  if (r.implicitGrant.length > 0) rows.push(["Implicit grant", r.implicitGrant.join(", ")]);
  if (r.assignmentRequired) rows.push(["Assignment required", "yes (`app_role_assignment_required`)"]);
  rows.push([
    "Service principal",
    r.servicePrincipal === undefined
      ? "none in this stack"
      : `${code(r.servicePrincipal)}, owners: ${r.servicePrincipalOwners.length === 0 ? "none" : r.servicePrincipalOwners.map(text).join(", ")}`,
  ]);
  return [
    "Ways to sign in or control it:",
    "",
    "| | |",
    "| --- | --- |",
    ...rows.map(([label, value]) => `| ${label} | ${value} |`),
    "",
  ];
}

/** Credentials in Markdown: how many of each kind, and each federated credential's issuer and subject. */
export function describeCredentials(credentials: readonly Credential[]): string {
  if (credentials.length === 0) return "none";
  const counts = new Map<string, number>();
  const details: string[] = [];
  for (const c of credentials) {
    if (c.detail !== undefined) details.push(`${text(c.kind)} (${text(c.detail)})`);
    else counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  }
  return [
    ...[...counts.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([kind, n]) => `${n} ${text(kind)}${n === 1 ? "" : "s"}`),
    ...details,
  ].join(", ");
}

function renderOther(o: PrincipalReview): string[] {
  const parts = [
    ...o.grants.map((g) => `${describeGrant(g)} (${code(g.address)})`),
    ...o.credentials.map(
      (c) => `${text(c.kind)}${c.detail === undefined ? "" : ` (${text(c.detail)})`} (${code(c.address)})`,
    ),
    ...o.owners.map((owner) => `owner ${text(owner)}`),
  ];
  return parts.map((p) => `- ${text(o.label)}: ${p}`);
}

/** The secret's shape in words: how many, how long each lives, how often replaced. */
export function describeSecret(r: RegistrationReview): string {
  const { slots, lifetimeDays, rotationDays } = r.secret;
  if (slots === 0) return "none";
  const count = slots === 1 ? "1 secret" : `${slots} overlapping secrets`;
  const lifetime = lifetimeDays === undefined ? "lifetime not fixed" : `each valid ${lifetimeDays} days`;
  const rotation = rotationDays === undefined ? "" : `, replaced every ${rotationDays} days`;
  return `${count}, ${lifetime}${rotation}`;
}
