import { compare, isGuid } from "../common";
import { MICROSOFT_GRAPH_APP_ID, type GraphPermission, findGraphPermission } from "../permissions";
import { type JsonObject, at, blocksOf, objectsOf } from "./json-input";
import { directoryRoleName, knownApiByAppId, knownApiByPublishedName, permissionNameById } from "./known-apis";
import { type StackBlock, type StackIndex, fingerprint } from "./stack-index";
import { type TerraformValue, listOf, literal, shown, terraformValue } from "./terraform-values";

/** An API that access is requested to or granted on, as far as the JSON tells. */
export interface ApiRef {
  /** What identifies it across syntheses: the client id in lower case, or the expression as written. */
  readonly key: string;
  /** How the report names it. */
  readonly label: string;
  /** The client id, when the JSON fixes it. */
  readonly appId?: string;
  /** False when the review could not tell which API this is. */
  readonly resolved: boolean;
}

/** A permission (app role or delegated scope) of an API. */
export interface PermissionRef {
  /** The name when known, else the id in lower case, else the expression as written. */
  readonly key: string;
  readonly label: string;
  /** False when the review could not name it (an unknown id or an expression). */
  readonly resolved: boolean;
}

/** A permission an application asks for (`required_resource_access`, `azuread_application_api_access`). */
export interface AccessRequest {
  readonly api: ApiRef;
  /** `Role` (application permission) or `Scope` (delegated permission), or what the JSON says. */
  readonly type: string;
  readonly permission: PermissionRef;
  /** The Terraform address that asks for it. */
  readonly address: string;
}

/** Access that takes effect: admin consent, a delegated grant, or a directory role. */
export interface Grant {
  readonly kind: "application permission" | "delegated permission" | "directory role";
  /** The API of an application or delegated permission. */
  readonly api?: ApiRef;
  readonly permission: PermissionRef;
  /** For a delegated grant, whose data it reaches; for a directory role, where it applies. */
  readonly scope?: string;
  readonly address: string;
}

/** A way to sign in as an application or its service principal. */
export interface Credential {
  readonly kind: string;
  /** What tells two of a kind apart where it matters: a federated credential's issuer and subject. */
  readonly detail?: string;
  readonly address: string;
}

/** A redirect URI, through which a person signs in to the app. */
export interface RedirectUri {
  readonly platform: "web" | "single-page application" | "public client";
  readonly uri: string;
}

/** A requested Microsoft Graph permission, with the catalog's entry when the project knows it. */
export interface PermissionReview {
  readonly name: string;
  /** `Role` for an application permission, `Scope` for a delegated one. */
  readonly type: string;
  /** False for an id or expression the review could not name. */
  readonly resolved: boolean;
  readonly catalog?: GraphPermission;
}

/** The client secrets of a registration. */
export interface SecretReview {
  readonly slots: number;
  /** Days each secret is valid, when the end date is a fixed offset from its rotation clock. */
  readonly lifetimeDays?: number;
  /** Days between replacements of one slot. */
  readonly rotationDays?: number;
}

/** One application (`azuread_application` or `azuread_application_registration`) and what hangs off it. */
export interface RegistrationReview {
  /** The application's Terraform address. */
  readonly address: string;
  readonly displayName: string;
  readonly audience: string;
  /** Owners of the application, in words (`the deploying identity`) or as object ids. */
  readonly owners: readonly string[];
  /** Owners of its service principal, who can add credentials to it. */
  readonly servicePrincipalOwners: readonly string[];
  /** The requested Microsoft Graph permissions, by name. */
  readonly permissions: readonly PermissionReview[];
  /** Every requested permission, on every API. */
  readonly requests: readonly AccessRequest[];
  /** Access granted to the application's service principal. */
  readonly grants: readonly Grant[];
  readonly credentials: readonly Credential[];
  readonly redirectUris: readonly RedirectUri[];
  /** Whether it accepts public client flows (device code, username and password). */
  readonly publicClient: boolean;
  /** Tokens the authorize endpoint hands out directly (implicit grant). */
  readonly implicitGrant: readonly string[];
  /** The service principal's address, when the stack creates one. */
  readonly servicePrincipal?: string;
  /** Whether only users and apps assigned to it get tokens (`app_role_assignment_required`). */
  readonly assignmentRequired: boolean;
  readonly secret: SecretReview;
  /** Where the credentials go: outputs and Key Vault secrets. */
  readonly delivery: readonly Delivery[];
  readonly protectedFromDestroy: boolean;
  readonly notes?: string;
  readonly serviceManagementReference?: string;
  readonly tags: readonly string[];
}

/** Somewhere the stack puts an application's client id or secret. */
export type Delivery =
  | { readonly kind: "output"; readonly name: string; readonly sensitive: boolean }
  | { readonly kind: "key vault"; readonly vault: string; readonly name: string };

/** What tells two deliveries apart, and orders them. */
export function deliveryKey(d: Delivery): string {
  return d.kind === "output" ? `output ${d.name}` : `key vault ${d.vault} ${d.name}`;
}

/** A principal outside the stack's applications that the stack grants access to, signs in as or owns. */
export interface PrincipalReview {
  readonly key: string;
  readonly label: string;
  readonly grants: readonly Grant[];
  readonly credentials: readonly Credential[];
  readonly owners: readonly string[];
}

/** A Terraform `import` block: an existing object the stack takes over. */
export interface ImportReview {
  readonly to: string;
  readonly id: string;
  /** What is taken over, in words. */
  readonly what: string;
}

/** What kind of element is not reviewed; the report groups them by it. */
export type NotReviewedKind =
  "file" | "block" | "type" | "argument" | "expression" | "provider" | "terraform" | "output" | "import";

/** Something in the stack the review does not model, listed so that a reviewer reads it. */
export interface NotReviewed {
  readonly kind?: NotReviewedKind;
  readonly address: string;
  /** The key path inside the element (`web.implicit_grant[0].access_token_issuance_enabled`), when one. */
  readonly path?: string;
  readonly why: string;
  /** The block's settings; a change is a change of something unreviewed. */
  readonly fingerprint: string;
}

/** Everything the review reads from one stack's Terraform JSON about access. */
export interface StackAccess {
  readonly registrations: readonly RegistrationReview[];
  readonly others: readonly PrincipalReview[];
  readonly imports: readonly ImportReview[];
  readonly notReviewed: readonly NotReviewed[];
}

const APPLICATION_TYPES = ["azuread_application", "azuread_application_registration"];
// Attributes that hold text for people to read; a Terraform expression there is never this project's.
const TEXT_ATTRIBUTES = [
  "display_name",
  "description",
  "notes",
  "service_management_reference",
  "marketing_url",
  "support_url",
  "privacy_statement_url",
  "terms_of_service_url",
  "name",
  "content_type",
  "tags",
];

/** A `tags` attribute's values: a list (azuread) or a map's keys and values (azurerm). */
function tagValues(tags: unknown): unknown[] {
  if (tags === undefined || tags === null) return [];
  if (typeof tags === "object" && !Array.isArray(tags)) return Object.entries(tags).flat();
  return listOf(tags);
}

// The azuread types this review models; every other azuread type is listed under "Not reviewed".
const MODELLED_RESOURCES = new Set([
  ...APPLICATION_TYPES,
  "azuread_application_api_access",
  "azuread_application_password",
  "azuread_application_certificate",
  "azuread_application_federated_identity_credential",
  "azuread_application_flexible_federated_identity_credential",
  "azuread_application_owner",
  "azuread_application_redirect_uris",
  "azuread_application_fallback_public_client",
  "azuread_service_principal",
  "azuread_service_principal_password",
  "azuread_service_principal_certificate",
  "azuread_app_role_assignment",
  "azuread_service_principal_delegated_permission_grant",
  "azuread_directory_role_assignment",
  "azuread_directory_role_member",
  "azuread_directory_role",
]);
const MODELLED_DATA = new Set([
  "azuread_client_config",
  "azuread_service_principal",
  "azuread_application",
  "azuread_application_published_app_ids",
  "azuread_user",
  "azuread_group",
]);

/** Reads who gets which access, and how one signs in as whom, from one stack's blocks. */
export function readStackAccess(index: StackIndex): StackAccess {
  return new AccessReader(index).read();
}

class AccessReader {
  private readonly others = new Map<
    string,
    { label: string; grants: Grant[]; credentials: Credential[]; owners: string[] }
  >();
  private readonly perApp = new Map<
    string,
    { grants: Grant[]; credentials: Credential[]; owners: string[]; spOwners: string[]; requests: AccessRequest[] }
  >();
  private readonly redirects = new Map<string, RedirectUri[]>();
  private readonly publicClients = new Set<string>();
  private readonly notReviewed: NotReviewed[] = [];
  private readonly spOfApp = new Map<string, string>();
  private readonly appOfSp = new Map<string, string>();

  constructor(private readonly index: StackIndex) {}

  read(): StackAccess {
    const apps = APPLICATION_TYPES.flatMap((type) => this.index.resources(type));
    for (const app of apps) {
      this.perApp.set(app.address, { grants: [], credentials: [], owners: [], spOwners: [], requests: [] });
    }
    for (const sp of this.index.resources("azuread_service_principal")) {
      const app = this.applicationOfClientId(sp.body.client_id);
      if (app !== undefined && !this.spOfApp.has(app)) {
        this.spOfApp.set(app, sp.address);
        this.appOfSp.set(sp.address, app);
      }
    }
    for (const app of apps) this.readApplication(app);
    this.readServicePrincipals();
    this.readApiAccess();
    this.readCredentials();
    this.readOwners();
    this.readSignIn();
    this.readGrants();
    this.readUnmodelled();

    const registrations = apps.map((app) => this.registration(app)).sort((a, b) => compare(a.address, b.address));
    const others = [...this.others.entries()]
      .map(([key, o]) => ({
        key,
        label: o.label,
        grants: o.grants.sort(byGrant),
        credentials: o.credentials.sort(byCredential),
        owners: unique(o.owners),
      }))
      .sort((a, b) => compare(a.key, b.key));
    return {
      registrations,
      others,
      imports: this.readImports(),
      notReviewed: this.notReviewed.sort((a, b) => compare(a.address, b.address) || compare(a.why, b.why)),
    };
  }

  // ----- applications and what they request

  private readApplication(app: StackBlock): void {
    const state = this.perApp.get(app.address)!;
    for (const [block, place] of blocksOf(
      app.body.required_resource_access,
      at(app.place, "required_resource_access"),
    )) {
      const api = this.apiFromClientId(block.resource_app_id);
      for (const [entry] of blocksOf(block.resource_access, at(place, "resource_access"))) {
        const type = literal(entry.type) ?? shown(entry.type);
        state.requests.push({ api, type, permission: this.permission(entry.id, api, type), address: app.address });
      }
    }
    state.owners.push(...listOf(app.body.owners).map((o) => this.principalLabel(o)));
    if (app.body.password !== undefined) {
      state.credentials.push({ kind: "inline client secret", address: app.address });
    }
    if (app.body.dynamic !== undefined) {
      this.notReviewed.push({
        kind: "argument",
        address: app.address,
        path: "dynamic",
        why: "its `dynamic` blocks are computed by Terraform; the review cannot read what they declare",
        fingerprint: fingerprint(app.body.dynamic),
      });
    }
    if (app.body.template_id !== undefined) {
      this.notReviewed.push({
        kind: "argument",
        address: app.address,
        path: "template_id",
        why: "it is created from an application template, which can bring permissions of its own",
        fingerprint: fingerprint(app.body.template_id),
      });
    }
  }

  private readApiAccess(): void {
    for (const access of this.index.resources("azuread_application_api_access")) {
      const api = this.apiFromClientId(access.body.api_client_id);
      const entries = [
        ...listOf(access.body.role_ids).map((id) => ["Role", id] as const),
        ...listOf(access.body.scope_ids).map((id) => ["Scope", id] as const),
      ];
      const target = this.applicationTarget(access.body.application_id);
      for (const [type, id] of entries) {
        const request = { api, type, permission: this.permission(id, api, type), address: access.address };
        if (target.app !== undefined) this.perApp.get(target.app)!.requests.push(request);
        else this.other(target.key, target.label).grants.push(requestAsGrant(request));
      }
    }
  }

  private readServicePrincipals(): void {
    for (const sp of this.index.resources("azuread_service_principal")) {
      const owners = listOf(sp.body.owners).map((o) => this.principalLabel(o));
      const app = this.appOfSp.get(sp.address);
      if (app !== undefined) {
        this.perApp.get(app)!.spOwners.push(...owners);
      } else if (owners.length > 0) {
        this.other(`sp:${sp.address}`, this.servicePrincipalLabel(sp)).owners.push(...owners);
      }
    }
  }

  // ----- credentials and owners

  private readCredentials(): void {
    const onApplication: [string, string][] = [
      ["azuread_application_password", "client secret"],
      ["azuread_application_certificate", "certificate"],
      ["azuread_application_federated_identity_credential", "federated identity credential"],
      ["azuread_application_flexible_federated_identity_credential", "flexible federated identity credential"],
    ];
    for (const [type, kind] of onApplication) {
      for (const credential of this.index.resources(type)) {
        const detail = federatedDetail(credential.body);
        const entry = { kind, detail, address: credential.address };
        const target = this.applicationTarget(credential.body.application_id);
        if (target.app !== undefined) this.perApp.get(target.app)!.credentials.push(entry);
        else this.other(target.key, target.label).credentials.push(entry);
      }
    }
    const onServicePrincipal: [string, string][] = [
      ["azuread_service_principal_password", "service principal secret"],
      ["azuread_service_principal_certificate", "service principal certificate"],
    ];
    for (const [type, kind] of onServicePrincipal) {
      for (const credential of this.index.resources(type)) {
        const entry = { kind, address: credential.address };
        const principal = this.principal(credential.body.service_principal_id);
        if (principal.app !== undefined) this.perApp.get(principal.app)!.credentials.push(entry);
        else this.other(principal.key, principal.label).credentials.push(entry);
      }
    }
  }

  private readOwners(): void {
    for (const owner of this.index.resources("azuread_application_owner")) {
      const label = this.principalLabel(owner.body.owner_object_id);
      const target = this.applicationTarget(owner.body.application_id);
      if (target.app !== undefined) this.perApp.get(target.app)!.owners.push(label);
      else this.other(target.key, target.label).owners.push(label);
    }
  }

  // ----- sign-in: redirect URIs, public client flows

  private readSignIn(): void {
    const add = (app: string, platform: RedirectUri["platform"], uris: unknown) => {
      const list = this.redirects.get(app) ?? [];
      list.push(...listOf(uris).map((uri) => ({ platform, uri: shown(uri) })));
      this.redirects.set(app, list);
    };
    for (const app of APPLICATION_TYPES.flatMap((type) => this.index.resources(type))) {
      for (const [web] of blocksOf(app.body.web, at(app.place, "web"))) add(app.address, "web", web.redirect_uris);
      for (const [spa] of blocksOf(app.body.single_page_application, at(app.place, "single_page_application"))) {
        add(app.address, "single-page application", spa.redirect_uris);
      }
      for (const [client] of blocksOf(app.body.public_client, at(app.place, "public_client"))) {
        add(app.address, "public client", client.redirect_uris);
      }
      if (switchedOn(app.body.fallback_public_client_enabled)) {
        this.publicClients.add(app.address);
      }
    }
    const platforms: Record<string, RedirectUri["platform"]> = {
      Web: "web",
      SPA: "single-page application",
      PublicClient: "public client",
    };
    for (const uris of this.index.resources("azuread_application_redirect_uris")) {
      const target = this.applicationTarget(uris.body.application_id);
      const platform = platforms[literal(uris.body.type) ?? ""] ?? "web";
      if (target.app !== undefined) add(target.app, platform, uris.body.redirect_uris);
      else
        this.other(target.key, target.label).credentials.push({
          kind: "redirect URIs",
          detail: shown(uris.body.redirect_uris),
          address: uris.address,
        });
    }
    for (const fallback of this.index.resources("azuread_application_fallback_public_client")) {
      const target = this.applicationTarget(fallback.body.application_id);
      if (!switchedOn(fallback.body.enabled ?? true)) continue;
      if (target.app !== undefined) this.publicClients.add(target.app);
      else
        this.other(target.key, target.label).credentials.push({
          kind: "public client flows",
          address: fallback.address,
        });
    }
  }

  // ----- grants

  private readGrants(): void {
    for (const assignment of this.index.resources("azuread_app_role_assignment")) {
      const api = this.apiFromServicePrincipalObject(assignment.body.resource_object_id);
      const grant: Grant = {
        kind: "application permission",
        api,
        permission: this.permission(assignment.body.app_role_id, api, "Role"),
        address: assignment.address,
      };
      this.grantTo(assignment.body.principal_object_id, grant);
    }
    for (const delegated of this.index.resources("azuread_service_principal_delegated_permission_grant")) {
      const api = this.apiFromServicePrincipalObject(delegated.body.resource_service_principal_object_id);
      const scope =
        delegated.body.user_object_id === undefined
          ? "every user (admin consent)"
          : `the user ${this.principalLabel(delegated.body.user_object_id)}`;
      const claims = listOf(delegated.body.claim_values);
      for (const claim of claims.length === 0 ? [undefined] : claims) {
        const name = literal(claim);
        const permission: PermissionRef =
          name !== undefined && /^[\w.-]+$/.test(name)
            ? { key: name, label: name, resolved: true }
            : { key: shown(claim), label: shown(claim), resolved: false };
        this.grantTo(delegated.body.service_principal_object_id, {
          kind: "delegated permission",
          api,
          permission,
          scope,
          address: delegated.address,
        });
      }
    }
    for (const role of this.index.resources("azuread_directory_role_assignment")) {
      this.grantTo(role.body.principal_object_id, {
        kind: "directory role",
        permission: this.directoryRole(role.body.role_id),
        scope: directoryScope(role.body),
        address: role.address,
      });
    }
    for (const member of this.index.resources("azuread_directory_role_member")) {
      this.grantTo(member.body.member_object_id, {
        kind: "directory role",
        permission: this.directoryRole(member.body.role_object_id),
        scope: "the whole directory",
        address: member.address,
      });
    }
  }

  private grantTo(principalValue: unknown, grant: Grant): void {
    const principal = this.principal(principalValue);
    if (principal.app !== undefined) this.perApp.get(principal.app)!.grants.push(grant);
    else this.other(principal.key, principal.label).grants.push(grant);
  }

  private directoryRole(value: unknown): PermissionRef {
    const parsed = terraformValue(value);
    if (parsed.kind === "literal" && isGuid(parsed.value)) {
      const name = directoryRoleName(parsed.value);
      return name === undefined
        ? { key: parsed.value.toLowerCase(), label: `role ${parsed.value.toLowerCase()}`, resolved: false }
        : { key: name, label: name, resolved: true };
    }
    if (parsed.kind === "reference" && parsed.address.startsWith("azuread_directory_role.")) {
      const role = this.index.get(parsed.address);
      const name =
        literal(role?.body.display_name) ?? directoryRoleName(literal(role?.body.template_id) ?? "") ?? undefined;
      if (name !== undefined) return { key: name, label: name, resolved: true };
    }
    const text = shown(value);
    return { key: text, label: text, resolved: false };
  }

  // ----- what the review does not model

  private readUnmodelled(): void {
    for (const block of this.index.blocks) {
      const modelled = block.data ? MODELLED_DATA.has(block.type) : MODELLED_RESOURCES.has(block.type);
      if (block.type.startsWith("azuread_") && !modelled) {
        this.notReviewed.push({
          kind: "type",
          address: block.address,
          why: `the review does not model this azuread ${block.data ? "data source" : "resource"} type`,
          fingerprint: fingerprint(block.body),
        });
      } else if (block.type.startsWith("msgraph_")) {
        this.notReviewed.push({
          kind: "type",
          address: block.address,
          why: "it calls Microsoft Graph directly, which can grant any access",
          fingerprint: fingerprint(block.body),
        });
      } else if (block.data && block.type === "external") {
        this.notReviewed.push({
          kind: "type",
          address: block.address,
          why: "it runs a program when Terraform plans",
          fingerprint: fingerprint(block.body),
        });
      }
      if (!block.data && block.body.provisioner !== undefined) {
        this.notReviewed.push({
          kind: "argument",
          address: block.address,
          path: "provisioner",
          why: "it has provisioners, which run commands when Terraform applies",
          fingerprint: fingerprint(block.body.provisioner),
        });
      }
    }
    this.readTextExpressions();
    for (const [name, module] of objectsOf(this.index.json.module, at(this.index.place, "module"))) {
      this.notReviewed.push({
        kind: "block",
        address: `module.${name}`,
        why: "the review does not read modules",
        fingerprint: fingerprint(module),
      });
    }
  }

  /**
   * Text attributes (names, notes, tags) that are Terraform expressions rather than text: this
   * project writes every such text escaped, so an expression there was written by hand, and
   * Terraform evaluates it when it runs: it can read files on that machine or another resource's
   * value, a client secret among them, into a place ordinary directory users can read.
   */
  private readTextExpressions(): void {
    for (const block of this.index.blocks) {
      if (block.data || !(block.type.startsWith("azuread_") || block.type === "azurerm_key_vault_secret")) continue;
      for (const attribute of TEXT_ATTRIBUTES) {
        const values = attribute === "tags" ? tagValues(block.body.tags) : [block.body[attribute]];
        for (const value of values) {
          if (value === undefined || terraformValue(value).kind === "literal") continue;
          this.notReviewed.push({
            kind: "expression",
            address: block.address,
            why:
              `its ${attribute} is a Terraform expression, not text: Terraform evaluates ${shown(value)} ` +
              "when it runs, and it can read files or other resources' values (a client secret among them)",
            fingerprint: fingerprint(value),
          });
        }
      }
    }
  }

  private readImports(): ImportReview[] {
    const what: Record<string, string> = {
      azuread_application: "existing application",
      azuread_application_registration: "existing application",
      azuread_service_principal: "existing service principal",
      azuread_app_role_assignment: "existing admin consent",
      azuread_service_principal_delegated_permission_grant: "existing delegated permission grant",
      azuread_directory_role_assignment: "existing directory role assignment",
    };
    return blocksOf(this.index.json.import, at(this.index.place, "import"))
      .map(([block]) => {
        const to = shown(block.to);
        const type = /^([\w-]+)\./.exec(to)?.[1] ?? "";
        return { to, id: shown(block.id), what: what[type] ?? "existing object" };
      })
      .sort((a, b) => compare(a.to, b.to) || compare(a.id, b.id));
  }

  // ----- resolution of references

  /** The application an `application_id` (`${azuread_application.x.id}`) points at, or the outside one it names. */
  private applicationTarget(value: unknown): { app?: string; key: string; label: string } {
    const parsed = terraformValue(value);
    if (parsed.kind === "reference" && APPLICATION_TYPES.includes(parsed.address.split(".")[0])) {
      if (this.perApp.has(parsed.address)) return { app: parsed.address, key: parsed.address, label: parsed.address };
    }
    if (parsed.kind === "reference" && parsed.address.startsWith("data.azuread_application.")) {
      return { key: parsed.address, label: `existing application ${this.lookupLabel(parsed.address)}` };
    }
    const text = shown(value);
    return { key: `application:${text}`, label: `application ${text}` };
  }

  /** The application whose `client_id` a value refers to. */
  private applicationOfClientId(value: unknown): string | undefined {
    const parsed = terraformValue(value);
    if (parsed.kind !== "reference" || parsed.attribute !== "client_id") return undefined;
    return this.perApp.has(parsed.address) ? parsed.address : undefined;
  }

  /** The principal a `principal_object_id` or `service_principal_id` refers to. */
  private principal(value: unknown): { app?: string; key: string; label: string } {
    const parsed = terraformValue(value);
    if (parsed.kind === "reference" && parsed.address.startsWith("azuread_service_principal.")) {
      const app = this.appOfSp.get(parsed.address);
      if (app !== undefined) return { app, key: app, label: app };
      const sp = this.index.get(parsed.address);
      if (sp !== undefined) return { key: `sp:${sp.address}`, label: this.servicePrincipalLabel(sp) };
    }
    const label = this.principalLabel(value);
    return { key: `principal:${label}`, label };
  }

  /** A principal (owner, grantee) in words. */
  private principalLabel(value: unknown): string {
    const parsed = terraformValue(value);
    if (parsed.kind === "literal") return isGuid(parsed.value) ? parsed.value.toLowerCase() : parsed.value;
    if (parsed.kind === "reference") {
      const [kind, type] = parsed.address.split(".");
      if (kind === "data" && type === "azuread_client_config") return this.signedInAs(parsed.address);
      if (kind === "data" && type === "azuread_user") return `user ${this.lookupLabel(parsed.address)}`;
      if (kind === "data" && type === "azuread_group") return `group ${this.lookupLabel(parsed.address)}`;
      if (kind === "data" && type === "azuread_service_principal") {
        return `service principal ${this.lookupLabel(parsed.address)}`;
      }
      if (kind === "azuread_service_principal") {
        const app = this.appOfSp.get(parsed.address);
        const sp = this.index.get(parsed.address);
        if (app !== undefined) return `the service principal of ${app}`;
        if (sp !== undefined) return this.servicePrincipalLabel(sp);
      }
    }
    return shown(value);
  }

  /**
   * Whom `data.azuread_client_config` describes: the identity its provider signs in as. Only the
   * default azuread provider is the deploying identity; an alias can sign in as anyone, anywhere.
   */
  private signedInAs(address: string): string {
    const provider = literal(this.index.get(address)?.body.provider);
    if (provider === undefined || provider === "azuread") return "the deploying identity";
    const tenant = providerTenant(this.index.json, provider);
    return `the identity provider ${provider} signs in as${tenant === undefined ? "" : ` (tenant ${tenant})`}`;
  }

  /** What a data source looks up, in words: `"Alice" (user_principal_name)`. */
  private lookupLabel(address: string): string {
    const block = this.index.get(address);
    if (block === undefined) return address;
    for (const key of ["user_principal_name", "display_name", "client_id", "object_id", "mail", "mail_nickname"]) {
      const value = block.body[key];
      if (value !== undefined) return `${shown(value)} (${key})`;
    }
    return address;
  }

  private servicePrincipalLabel(sp: StackBlock): string {
    const api = this.apiFromClientId(sp.body.client_id);
    return `service principal ${sp.address} of ${api.label}`;
  }

  /** The API a client id value names: a literal GUID, a published app id lookup, another application of the stack. */
  private apiFromClientId(value: unknown): ApiRef {
    const parsed = terraformValue(value);
    if (parsed.kind === "literal" && isGuid(parsed.value)) return apiOfAppId(parsed.value);
    if (parsed.kind === "reference") {
      const [kind, type] = parsed.address.split(".");
      if (kind === "data" && type === "azuread_application_published_app_ids" && parsed.attribute === "result") {
        const known = parsed.key === undefined ? undefined : knownApiByPublishedName(parsed.key);
        if (known !== undefined) return apiOfAppId(known.appId);
        if (parsed.key !== undefined) {
          return { key: `published:${parsed.key}`, label: `Microsoft's published API ${parsed.key}`, resolved: true };
        }
      }
      if (parsed.attribute === "client_id" && this.perApp.has(parsed.address)) {
        return { key: `app:${parsed.address}`, label: `the API of ${parsed.address}`, resolved: true };
      }
      if (kind === "data" && (type === "azuread_service_principal" || type === "azuread_application")) {
        if (parsed.attribute === "client_id") return this.apiFromLookup(parsed.address);
      }
    }
    return unresolvedApi(parsed);
  }

  /** The API a data source of a service principal or application finds. */
  private apiFromLookup(address: string): ApiRef {
    const block = this.index.get(address);
    if (block === undefined) return { key: address, label: address, resolved: false };
    if (block.body.client_id !== undefined) return this.apiFromClientId(block.body.client_id);
    const label = this.lookupLabel(address);
    return { key: `lookup:${label}`, label: `the API found by ${label}`, resolved: false };
  }

  /** The API whose service principal a `resource_object_id` refers to. */
  private apiFromServicePrincipalObject(value: unknown): ApiRef {
    const parsed = terraformValue(value);
    if (parsed.kind === "reference" && parsed.attribute === "object_id") {
      if (parsed.address.startsWith("data.azuread_service_principal.")) return this.apiFromLookup(parsed.address);
      if (parsed.address.startsWith("azuread_service_principal.")) {
        const sp = this.index.get(parsed.address);
        if (sp !== undefined) return this.apiFromClientId(sp.body.client_id);
      }
    }
    return unresolvedApi(parsed);
  }

  /** A permission written as a lookup by name (`app_role_ids["Mail.Read"]`) or as a literal id. */
  private permission(value: unknown, api: ApiRef, type: string): PermissionRef {
    const parsed = terraformValue(value);
    if (
      parsed.kind === "reference" &&
      (parsed.attribute === "app_role_ids" || parsed.attribute === "oauth2_permission_scope_ids") &&
      parsed.key !== undefined
    ) {
      const lookedUpOn = this.apiOfLookupSource(parsed.address);
      if (lookedUpOn === undefined || lookedUpOn.key === api.key) {
        return { key: parsed.key, label: parsed.key, resolved: true };
      }
      return { key: `${lookedUpOn.key}:${parsed.key}`, label: `${parsed.key} of ${lookedUpOn.label}`, resolved: false };
    }
    if (parsed.kind === "literal" && isGuid(parsed.value)) {
      const id = parsed.value.toLowerCase();
      const name = permissionNameById(api.appId, type, id);
      if (name !== undefined) return { key: name, label: name, resolved: true };
      if (id === "00000000-0000-0000-0000-000000000000") return { key: id, label: "default access", resolved: true };
      return { key: id, label: id, resolved: false };
    }
    const text = shown(value);
    return { key: text, label: text, resolved: false };
  }

  /** The API whose roles an `app_role_ids` lookup reads. */
  private apiOfLookupSource(address: string): ApiRef | undefined {
    const block = this.index.get(address);
    if (block === undefined) return undefined;
    if (block.type === "azuread_service_principal") {
      return block.data ? this.apiFromLookup(address) : this.apiFromClientId(block.body.client_id);
    }
    if (block.type === "azuread_application") {
      return block.data
        ? this.apiFromLookup(address)
        : { key: `app:${address}`, label: `the API of ${address}`, resolved: true };
    }
    return undefined;
  }

  private other(key: string, label: string) {
    let entry = this.others.get(key);
    if (entry === undefined) {
      entry = { label, grants: [], credentials: [], owners: [] };
      this.others.set(key, entry);
    }
    return entry;
  }

  // ----- the registration as reported

  private registration(app: StackBlock): RegistrationReview {
    const state = this.perApp.get(app.address)!;
    const json = this.index.json;
    const passwords = this.index
      .resources("azuread_application_password")
      .filter((p) => this.applicationTarget(p.body.application_id).app === app.address);
    const passwordRefs = passwords.map((p) => `${p.address}.value`);
    const holdsCredential = (value: unknown) =>
      typeof value === "string" &&
      (passwordRefs.some((ref) => value.includes(ref)) || value.includes(`${app.address}.client_id`));
    const delivery: Delivery[] = [
      ...objectsOf(json.output, at(this.index.place, "output"))
        .filter(([, output]) => holdsCredential(output.value))
        .map(([name, output]): Delivery => ({ kind: "output", name, sensitive: output.sensitive === true })),
      ...this.index
        .resources("azurerm_key_vault_secret")
        .filter((secret) => holdsCredential(secret.body.value))
        .map((secret): Delivery => ({
          kind: "key vault",
          vault: vaultName(secret.body.key_vault_id),
          name: shown(secret.body.name),
        })),
    ].sort((a, b) => compare(deliveryKey(a), deliveryKey(b)));

    const graphRequests = state.requests.filter((r) => r.api.appId === MICROSOFT_GRAPH_APP_ID);
    const web = blocksOf(app.body.web, at(app.place, "web"));
    const implicit = web.flatMap(([w, place]) =>
      blocksOf(w.implicit_grant, at(place, "implicit_grant")).flatMap(([grant]) => [
        ...(switchedOn(grant.access_token_issuance_enabled) ? ["access tokens"] : []),
        ...(switchedOn(grant.id_token_issuance_enabled) ? ["ID tokens"] : []),
      ]),
    );
    if (switchedOn(app.body.implicit_access_token_issuance_enabled)) implicit.push("access tokens");
    if (switchedOn(app.body.implicit_id_token_issuance_enabled)) implicit.push("ID tokens");
    const sp = this.spOfApp.get(app.address);
    const spBody = sp === undefined ? undefined : this.index.get(sp)?.body;
    const lifecycle = app.body.lifecycle as JsonObject | undefined;

    return {
      address: app.address,
      displayName: shown(app.body.display_name),
      audience: app.body.sign_in_audience === undefined ? "AzureADMyOrg" : shown(app.body.sign_in_audience),
      owners: unique(state.owners),
      servicePrincipalOwners: unique(state.spOwners),
      permissions: graphRequests
        .map((r) => ({
          name: r.permission.label,
          type: r.type,
          resolved: r.permission.resolved,
          catalog: r.permission.resolved ? findGraphPermission(r.permission.label) : undefined,
        }))
        .sort((a, b) => compare(a.name, b.name) || compare(a.type, b.type)),
      requests: state.requests.sort(byRequest),
      grants: state.grants.sort(byGrant),
      credentials: state.credentials.sort(byCredential),
      redirectUris: (this.redirects.get(app.address) ?? []).sort(
        (a, b) => compare(a.platform, b.platform) || compare(a.uri, b.uri),
      ),
      publicClient: this.publicClients.has(app.address),
      implicitGrant: unique(implicit),
      servicePrincipal: sp,
      assignmentRequired: spBody !== undefined && switchedOn(spBody.app_role_assignment_required),
      secret: readSecret(passwords, this.index),
      delivery,
      protectedFromDestroy: typeof lifecycle === "object" && lifecycle !== null && lifecycle.prevent_destroy === true,
      notes: app.body.notes === undefined ? undefined : shown(app.body.notes),
      serviceManagementReference:
        app.body.service_management_reference === undefined ? undefined : shown(app.body.service_management_reference),
      tags: listOf(app.body.tags).map(shown),
    };
  }
}

/** The tenant a provider configuration (`azuread.alias`) signs in to, as written, when set. */
function providerTenant(json: JsonObject, name: string): string | undefined {
  const [type, alias] = name.split(".");
  const section = json.provider as JsonObject | undefined;
  const configs = section?.[type];
  for (const config of Array.isArray(configs) ? configs : [configs]) {
    if (typeof config !== "object" || config === null) continue;
    const body = config as JsonObject;
    if (literal(body.alias) === alias && body.tenant_id !== undefined) return shown(body.tenant_id);
  }
  return undefined;
}

/** Whether a switch is on: anything but `false` (or its text) counts, so that a string "true" is not missed. */
function switchedOn(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== "false";
}

function apiOfAppId(appId: string): ApiRef {
  const lower = appId.toLowerCase();
  const known = knownApiByAppId(lower);
  return { key: lower, label: known === undefined ? `API ${lower}` : known.name, appId: lower, resolved: true };
}

function unresolvedApi(parsed: TerraformValue): ApiRef {
  const text = parsed.kind === "literal" ? parsed.value : parsed.text;
  return { key: text, label: text, resolved: false };
}

function requestAsGrant(request: AccessRequest): Grant {
  return {
    kind: request.type === "Scope" ? "delegated permission" : "application permission",
    api: request.api,
    permission: request.permission,
    scope: "requested on an application outside this stack",
    address: request.address,
  };
}

function federatedDetail(body: JsonObject): string | undefined {
  if (body.issuer === undefined) return undefined;
  const matching = body.subject ?? body.claims_matching_expression;
  return `issuer ${shown(body.issuer)}, subject ${shown(matching)}`;
}

function directoryScope(body: JsonObject): string {
  if (body.app_scope_id !== undefined) return `application scope ${shown(body.app_scope_id)}`;
  const scope = body.directory_scope_id === undefined ? "/" : shown(body.directory_scope_id);
  return scope === "/" ? "the whole directory" : `directory scope ${scope}`;
}

function readSecret(passwords: StackBlock[], index: StackIndex): SecretReview {
  const lifetimes = passwords
    .map((p) => /"(\d+)h"\)\}$/.exec(typeof p.body.end_date === "string" ? p.body.end_date : "")?.[1])
    .filter((h) => h !== undefined);
  const periodic = passwords
    .map((p) => /time_rotating\.([\w-]+)\.id/.exec(JSON.stringify(p.body.rotate_when_changed ?? {}))?.[1])
    .map((clock) => (clock === undefined ? undefined : index.get(`time_rotating.${clock}`)?.body.rotation_days))
    .find((days) => typeof days === "number") as number | undefined;
  return {
    slots: passwords.length,
    lifetimeDays: lifetimes.length > 0 ? Number(lifetimes[0]) / 24 : undefined,
    rotationDays: periodic,
  };
}

function vaultName(id: unknown): string {
  const text = shown(id);
  return /\/vaults\/([^/]+)$/i.exec(text)?.[1] ?? text;
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort(compare);
}

function byRequest(a: AccessRequest, b: AccessRequest): number {
  return compare(a.api.key, b.api.key) || compare(a.permission.key, b.permission.key) || compare(a.type, b.type);
}

function byGrant(a: Grant, b: Grant): number {
  return (
    compare(a.kind, b.kind) ||
    compare(a.api?.key ?? "", b.api?.key ?? "") ||
    compare(a.permission.key, b.permission.key) ||
    compare(a.scope ?? "", b.scope ?? "")
  );
}

function byCredential(a: Credential, b: Credential): number {
  return compare(a.kind, b.kind) || compare(a.detail ?? "", b.detail ?? "") || compare(a.address, b.address);
}

/** The keys that identify a request or grant across two syntheses. */
export function requestKey(r: AccessRequest): string {
  return `${r.api.key}|${r.type}|${r.permission.key}`;
}

/** The key of a grant across two syntheses. */
export function grantKey(g: Grant): string {
  return `${g.kind}|${g.api?.key ?? ""}|${g.permission.key}|${g.scope ?? ""}`;
}
