import { compare, isGuid } from "../common";
import type { NotReviewed, NotReviewedKind } from "./access-model";
import { type JsonObject, describeType } from "./json-input";
import type { SecretReach } from "./secret-reach";
import { type StackIndex, fingerprint } from "./stack-index";
import { literal, shown, terraformValue } from "./terraform-values";

// The Terraform this project writes, element by element: what its constructs and app emit (the
// default stack, Key Vault delivery, every example, adoption), and what the access model reads by
// meaning (lib/review/access-model.ts). Anything else in a synthesis is listed under "Not reviewed",
// by address and key path, so that the review passes only what it positively recognises.

/** A value check: `undefined` when the value is one the model knows, else why not. */
type Check = (value: unknown) => string | undefined;
/** An argument: any value (its meaning is read elsewhere), a checked value, or a nested block. */
type Rule = true | Check | Shape;
/** The arguments of a block, by name. */
export interface Shape {
  readonly [argument: string]: Rule;
}

const boolean: Check = (v) => (typeof v === "boolean" ? undefined : `expected true or false, got ${describe(v)}`);
const number: Check = (v) => (typeof v === "number" ? undefined : `expected a number, got ${describe(v)}`);
const text: Check = (v) =>
  typeof v === "string" && literal(v) !== undefined ? undefined : `expected text, got ${describe(v)}`;
const guid: Check = (v) => {
  const value = literal(v);
  return value !== undefined && isGuid(value) ? undefined : `expected a GUID, got ${describe(v)}`;
};
const exactly =
  (expected: unknown): Check =>
  (v) =>
    fingerprint(v) === fingerprint(expected) ? undefined : `expected ${JSON.stringify(expected)}, got ${describe(v)}`;

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return describeType(value);
}

const PREVENT_DESTROY: Shape = { prevent_destroy: boolean };
const REDIRECTS: Shape = { redirect_uris: true };

/** Managed resource types and their arguments. `provider` is allowed on every block and checked apart. */
export const RESOURCE_SHAPES: Readonly<Record<string, Shape>> = {
  // Emitted by CorsoAppRegistration (lib/registration/corso-app-registration.ts).
  azuread_application: {
    display_name: true,
    owners: true,
    prevent_duplicate_names: boolean,
    sign_in_audience: true,
    notes: true,
    service_management_reference: true,
    tags: true,
    required_resource_access: { resource_app_id: true, resource_access: { id: true, type: true } },
    // Adoption's client id check (keepingClientId); the access model reads the rest by meaning.
    lifecycle: { prevent_destroy: boolean, postcondition: { condition: true, error_message: true } },
    web: {
      redirect_uris: true,
      implicit_grant: { access_token_issuance_enabled: true, id_token_issuance_enabled: true },
    },
    single_page_application: REDIRECTS,
    public_client: REDIRECTS,
    fallback_public_client_enabled: true,
    password: true,
    template_id: true,
    dynamic: true,
  },
  azuread_service_principal: {
    client_id: true,
    owners: true,
    notes: true,
    tags: true,
    lifecycle: PREVENT_DESTROY,
    app_role_assignment_required: true,
  },
  azuread_app_role_assignment: { app_role_id: true, principal_object_id: true, resource_object_id: true },
  // ClientSecret (lib/registration/client-secret.ts).
  azuread_application_password: {
    application_id: true,
    display_name: true,
    end_date: true,
    rotate_when_changed: { rotation: true },
  },
  time_rotating: {
    rotation_days: number,
    rotation_rfc3339: true,
    lifecycle: { ignore_changes: exactly(["rotation_rfc3339"]) },
  },
  // CorsoKeyVaultSecrets (lib/key-vault/corso-key-vault-secrets.ts).
  azurerm_key_vault_secret: {
    key_vault_id: text,
    name: true,
    value: true,
    content_type: true,
    tags: true,
    expiration_date: true,
    lifecycle: PREVENT_DESTROY,
  },
  random_password: { length: number, special: boolean, lifecycle: PREVENT_DESTROY },
  // Read by meaning in the access model: every way azuread grants or widens access.
  azuread_application_registration: {
    display_name: true,
    sign_in_audience: true,
    notes: true,
    service_management_reference: true,
    implicit_access_token_issuance_enabled: true,
    implicit_id_token_issuance_enabled: true,
  },
  azuread_application_api_access: { application_id: true, api_client_id: true, role_ids: true, scope_ids: true },
  azuread_application_certificate: {
    application_id: true,
    type: true,
    value: true,
    encoding: true,
    end_date: true,
    start_date: true,
  },
  azuread_application_federated_identity_credential: {
    application_id: true,
    display_name: true,
    description: true,
    issuer: true,
    subject: true,
    audiences: true,
  },
  azuread_application_flexible_federated_identity_credential: {
    application_id: true,
    display_name: true,
    description: true,
    issuer: true,
    claims_matching_expression: true,
    audience: true,
  },
  azuread_application_owner: { application_id: true, owner_object_id: true },
  azuread_application_redirect_uris: { application_id: true, type: true, redirect_uris: true },
  azuread_application_fallback_public_client: { application_id: true, enabled: true },
  azuread_service_principal_password: { service_principal_id: true, display_name: true, end_date: true },
  azuread_service_principal_certificate: {
    service_principal_id: true,
    type: true,
    value: true,
    encoding: true,
    end_date: true,
  },
  azuread_service_principal_delegated_permission_grant: {
    service_principal_object_id: true,
    resource_service_principal_object_id: true,
    claim_values: true,
    user_object_id: true,
  },
  azuread_directory_role_assignment: {
    role_id: true,
    principal_object_id: true,
    directory_scope_id: true,
    app_scope_id: true,
  },
  azuread_directory_role_member: { role_object_id: true, member_object_id: true },
  azuread_directory_role: { display_name: true, template_id: true },
};

/** Data source types and their arguments. */
export const DATA_SHAPES: Readonly<Record<string, Shape>> = {
  azuread_client_config: {},
  azuread_service_principal: { client_id: true, display_name: true, object_id: true },
  azuread_application: { client_id: true, display_name: true, object_id: true, identifier_uri: true },
  azuread_application_published_app_ids: {},
  azuread_user: { user_principal_name: true, object_id: true, mail: true, mail_nickname: true, employee_id: true },
  azuread_group: {
    display_name: true,
    object_id: true,
    mail_nickname: true,
    security_enabled: true,
    mail_enabled: true,
  },
};

/** Whether a resource or data source type is one the review knows. */
export function isKnownType(type: string, data: boolean): boolean {
  return Object.prototype.hasOwnProperty.call(data ? DATA_SHAPES : RESOURCE_SHAPES, type);
}

// Provider configurations: the app sets the azuread tenant (lib/app/corso-stack.ts) and azurerm's
// required `features` block (lib/key-vault); credentials always come from the environment.
const PROVIDER_SHAPES: Readonly<Record<string, Shape>> = {
  azuread: { alias: text, tenant_id: guid },
  time: { alias: text },
  random: { alias: text },
  azurerm: { alias: text, features: {} },
};

// Where each provider comes from (`terraform.required_providers`); cdktf writes azurerm's as `azurerm`,
// which Terraform reads as hashicorp/azurerm on its default registry.
const PROVIDER_SOURCES: Readonly<Record<string, string>> = {
  azuread: "hashicorp/azuread",
  time: "hashicorp/time",
  random: "hashicorp/random",
  azurerm: "hashicorp/azurerm",
};

// State backends the app writes (lib/app/backends.ts), with every setting it can give them.
const BACKEND_SHAPES: Readonly<Record<string, Shape>> = {
  local: { path: text },
  azurerm: {
    storage_account_name: text,
    container_name: text,
    key: text,
    resource_group_name: text,
    subscription_id: text,
    tenant_id: text,
    use_azuread_auth: boolean,
    use_oidc: boolean,
    use_msi: boolean,
    environment: text,
    snapshot: boolean,
  },
};
const CLOUD_SHAPE: Shape = { organization: text, hostname: text, workspaces: { name: text } };

// Outputs that hold a credential, as CorsoStack and the examples write them: sensitive, and nothing
// but the current client secret (one slot, or the newer of two) or the generated passphrase.
const PASSWORD_VALUE = `azuread_application_password\\.([\\w-]+)\\.value`;
const ROTATING_UNIX = `time_rotating\\.[\\w-]+\\.unix`;
const CREDENTIAL_OUTPUTS: Readonly<Record<string, readonly RegExp[]>> = {
  AZURE_CLIENT_SECRET: [
    new RegExp(`^\\$\\{${PASSWORD_VALUE}\\}$`),
    new RegExp(`^\\$\\{\\(${ROTATING_UNIX} >= ${ROTATING_UNIX}\\) \\? ${PASSWORD_VALUE} : ${PASSWORD_VALUE}\\}$`),
  ],
  CORSO_PASSPHRASE: [/^\$\{random_password\.([\w-]+)\.result\}$/],
};

// Types whose settings hold a credential on purpose: a Key Vault secret's value is the credential.
const HOLDS_SECRETS: ReadonlySet<string> = new Set(["azurerm_key_vault_secret.value"]);
// Text attributes of azuread resources and Key Vault secrets: the access model already lists an
// expression in them (readTextExpressions).
const TEXT_ATTRIBUTES = new Set([
  "display_name",
  "description",
  "notes",
  "service_management_reference",
  "name",
  "content_type",
  "tags",
]);

const TOP_LEVEL = new Set(["//", "resource", "data", "output", "provider", "terraform", "import", "module"]);

/** A provider configuration of a stack, as the diff compares them. */
export interface ProviderReview {
  /** `azuread`, or `azuread.alias` for an aliased one. */
  readonly name: string;
  /** The tenant it signs in to, as written, when set. */
  readonly tenant?: string;
}

/** The provider configurations of a stack, sorted by name. */
export function readProviders(json: JsonObject): ProviderReview[] {
  const providers: ProviderReview[] = [];
  const section = json.provider;
  if (typeof section !== "object" || section === null || Array.isArray(section)) return providers;
  for (const [type, configs] of Object.entries(section)) {
    for (const config of listOfObjects(configs)) {
      const alias = literal(config.alias);
      providers.push({
        name: alias === undefined ? type : `${type}.${alias}`,
        tenant: config.tenant_id === undefined ? undefined : shown(config.tenant_id),
      });
    }
  }
  return providers.sort((a, b) => compare(a.name, b.name));
}

function listOfObjects(value: unknown): JsonObject[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v));
}

/**
 * Everything in one stack's JSON outside the model, each with its address, key path and why:
 * blocks, types, arguments, providers, backends, required providers, outputs and imports.
 * `listed` are the access model's own entries: a block it already lists is not listed twice.
 */
export function readUnknownElements(
  index: StackIndex,
  reach: SecretReach,
  listed: readonly NotReviewed[],
): NotReviewed[] {
  return new ModelReader(index, reach, new Set(listed.map((n) => n.address))).read();
}

class ModelReader {
  private readonly found: NotReviewed[] = [];
  private readonly aliases = new Set<string>();

  constructor(
    private readonly index: StackIndex,
    private readonly reach: SecretReach,
    private readonly listed: ReadonlySet<string>,
  ) {
    for (const p of readProviders(index.json)) this.aliases.add(p.name);
  }

  read(): NotReviewed[] {
    this.readTopLevel();
    this.readBlocks();
    this.readProviderBlocks();
    this.readTerraformBlock();
    this.readOutputs();
    this.readImports();
    return this.found;
  }

  private add(kind: NotReviewedKind, address: string, path: string | undefined, why: string, value: unknown): void {
    this.found.push({ kind, address, path, why, fingerprint: fingerprint(value) });
  }

  /** ", and it can reach a secret (`x`)", when it can. */
  private secretNote(value: unknown): string {
    const secret = this.reach.find(value);
    return secret === undefined ? "" : `; it can reach a secret (${secret})`;
  }

  private readTopLevel(): void {
    const json = this.index.json;
    for (const [key, value] of Object.entries(json)) {
      if (TOP_LEVEL.has(key)) continue;
      switch (key) {
        case "locals":
          for (const block of listOfObjects(value)) {
            for (const [name, local] of Object.entries(block)) {
              this.add(
                "block",
                `local.${name}`,
                undefined,
                `a local value, which this project never writes${this.secretNote(local)}`,
                local,
              );
            }
          }
          break;
        case "check":
          for (const block of listOfObjects(value)) {
            for (const [name, check] of Object.entries(block)) {
              const data = listOfObjects((check as JsonObject).data).flatMap((d) =>
                Object.entries(d).flatMap(([type, byName]) =>
                  listOfObjects(byName).flatMap((o) => Object.keys(o).map((n) => `data.${type}.${n}`)),
                ),
              );
              const reads = data.length > 0 ? `; it reads its own data sources at every plan (${data.join(", ")})` : "";
              this.add(
                "block",
                `check.${name}`,
                undefined,
                `a check block, which this project never writes${reads}${this.secretNote(check)}`,
                check,
              );
            }
          }
          break;
        case "removed":
        case "moved":
          for (const [i, block] of listOfObjects(value).entries()) {
            const from = shown(block.from);
            const provisioners =
              block.provisioner === undefined
                ? ""
                : "; its provisioners run commands when Terraform destroys the object";
            const what =
              key === "removed" ? `a removed block for ${from}` : `a moved block from ${from} to ${shown(block.to)}`;
            this.add(
              "block",
              `${key}[${i}]`,
              undefined,
              `${what}, which this project never writes${provisioners}${this.secretNote(block)}`,
              block,
            );
          }
          break;
        default:
          this.add(
            "block",
            key,
            undefined,
            `a top-level ${key} element, which this project never writes${this.secretNote(value)}`,
            value,
          );
      }
    }
  }

  private readBlocks(): void {
    for (const block of this.index.blocks) {
      const shapes = block.data ? DATA_SHAPES : RESOURCE_SHAPES;
      const shape = Object.prototype.hasOwnProperty.call(shapes, block.type) ? shapes[block.type] : undefined;
      if (shape === undefined) {
        if (!this.listed.has(block.address)) {
          this.add(
            "type",
            block.address,
            undefined,
            unknownTypeWhy(block.type, block.data, block.body) + this.secretNote(block.body),
            block.body,
          );
        }
        continue;
      }
      this.walk(block.type, block.address, block.body, shape, "");
    }
  }

  /** Compares a block's settings with its shape; unknown keys, wrong values and secrets are listed. */
  private walk(type: string, address: string, body: JsonObject, shape: Shape, prefix: string): void {
    for (const [key, value] of Object.entries(body)) {
      if (key === "//") continue;
      const path = prefix === "" ? key : `${prefix}.${key}`;
      if (prefix === "" && key === "provider") {
        const problem = this.providerProblem(type, value);
        if (problem !== undefined) this.add("provider", address, path, problem, value);
        continue;
      }
      // The access model lists provisioners itself.
      if (prefix === "" && key === "provisioner") continue;
      const rule = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
      if (rule === undefined) {
        this.add(
          "argument",
          address,
          path,
          `not an argument this project writes for ${type}${this.secretNote(value)}`,
          value,
        );
        continue;
      }
      if (typeof rule === "object") {
        const blocks = Array.isArray(value) ? value : [value];
        for (const [i, inner] of blocks.entries()) {
          const innerPath = Array.isArray(value) ? `${path}[${i}]` : path;
          if (typeof inner !== "object" || inner === null || Array.isArray(inner)) {
            this.add("argument", address, innerPath, `expected a block, got ${describe(inner)}`, inner);
          } else {
            this.walk(type, address, inner as JsonObject, rule, innerPath);
          }
        }
        continue;
      }
      const problem = rule === true ? undefined : rule(value);
      if (problem !== undefined) {
        this.add("argument", address, path, problem, value);
        continue;
      }
      const top = path.split(/[.[]/)[0];
      const textAttribute =
        TEXT_ATTRIBUTES.has(top) && (type.startsWith("azuread_") || type === "azurerm_key_vault_secret");
      if (!HOLDS_SECRETS.has(`${type}.${path}`) && !textAttribute) {
        const secret = this.reach.find(value);
        if (secret !== undefined) {
          this.add(
            "argument",
            address,
            path,
            `it can reach a secret (${secret}), which this project never writes there`,
            value,
          );
        }
      }
    }
  }

  private providerProblem(type: string, value: unknown): string | undefined {
    const name = literal(value);
    const providerType = type.slice(0, type.indexOf("_"));
    if (name === undefined) return `expected a provider name, got ${describe(value)}`;
    if (name !== providerType && !name.startsWith(`${providerType}.`)) {
      return `names provider ${name}, not a ${providerType} provider`;
    }
    if (!this.aliases.has(name)) return `names provider ${name}, which the stack does not configure`;
    return undefined;
  }

  private readProviderBlocks(): void {
    const section = this.index.json.provider;
    if (section === undefined) return;
    for (const [type, configs] of Object.entries(section as JsonObject)) {
      const shape = Object.prototype.hasOwnProperty.call(PROVIDER_SHAPES, type) ? PROVIDER_SHAPES[type] : undefined;
      for (const config of listOfObjects(configs)) {
        const alias = literal(config.alias);
        const address = `provider.${alias === undefined ? type : `${type}.${alias}`}`;
        if (shape === undefined) {
          this.add(
            "provider",
            address,
            undefined,
            `a ${type} provider, which this project never configures${this.secretNote(config)}`,
            config,
          );
          continue;
        }
        this.walkProvider(address, config, shape, "");
      }
    }
  }

  private walkProvider(address: string, config: JsonObject, shape: Shape, prefix: string): void {
    for (const [key, value] of Object.entries(config)) {
      if (key === "//") continue;
      const path = prefix === "" ? key : `${prefix}.${key}`;
      const rule = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
      if (rule === undefined) {
        this.add(
          "provider",
          address,
          path,
          `not a setting this project gives the provider (it takes its credentials from the environment), set to ${describe(value)}${this.secretNote(value)}`,
          value,
        );
      } else if (typeof rule === "object") {
        for (const inner of Array.isArray(value) ? value : [value]) {
          if (typeof inner === "object" && inner !== null && !Array.isArray(inner)) {
            this.walkProvider(address, inner as JsonObject, rule, path);
          } else {
            this.add("provider", address, path, `expected a block, got ${describe(inner)}`, inner);
          }
        }
      } else if (rule !== true) {
        const problem = rule(value);
        if (problem !== undefined) this.add("provider", address, path, problem, value);
      }
    }
  }

  private readTerraformBlock(): void {
    const terraform = this.index.json.terraform;
    if (terraform === undefined) return;
    for (const [key, value] of Object.entries(terraform as JsonObject)) {
      if (key === "//") continue;
      const address = `terraform.${key}`;
      if (key === "backend") {
        for (const [type, settings] of Object.entries(value as JsonObject)) {
          const shape = Object.prototype.hasOwnProperty.call(BACKEND_SHAPES, type) ? BACKEND_SHAPES[type] : undefined;
          if (shape === undefined) {
            this.add(
              "terraform",
              `${address}.${type}`,
              undefined,
              `a ${type} backend: this project keeps state in a local file, Azure Storage or HCP Terraform only, and the state holds the client secret`,
              settings,
            );
          } else {
            this.walkSettings(`${address}.${type}`, settings, shape, "");
          }
        }
      } else if (key === "cloud") {
        this.walkSettings(address, value, CLOUD_SHAPE, "");
      } else if (key === "required_providers") {
        for (const [name, requirement] of Object.entries(value as JsonObject)) {
          this.readRequirement(`${address}.${name}`, name, requirement);
        }
      } else {
        this.add(
          "terraform",
          address,
          undefined,
          `a terraform setting this project never writes, set to ${describe(value)}`,
          value,
        );
      }
    }
  }

  private readRequirement(address: string, name: string, requirement: unknown): void {
    const expected = Object.prototype.hasOwnProperty.call(PROVIDER_SOURCES, name) ? PROVIDER_SOURCES[name] : undefined;
    if (
      expected === undefined ||
      typeof requirement !== "object" ||
      requirement === null ||
      Array.isArray(requirement)
    ) {
      this.add("terraform", address, undefined, "a provider this project never requires", requirement);
      return;
    }
    for (const [key, value] of Object.entries(requirement as JsonObject)) {
      if (key === "version") continue;
      if (key === "source") {
        if (normalSource(value) !== expected) {
          this.add(
            "terraform",
            address,
            "source",
            `the ${name} provider is downloaded from ${describe(value)}, not ${expected}`,
            value,
          );
        }
        continue;
      }
      this.add(
        "terraform",
        address,
        key,
        `not a setting this project gives a required provider, set to ${describe(value)}`,
        value,
      );
    }
  }

  private walkSettings(address: string, settings: unknown, shape: Shape, prefix: string): void {
    if (typeof settings !== "object" || settings === null || Array.isArray(settings)) {
      this.add("terraform", address, prefix || undefined, `expected a block, got ${describe(settings)}`, settings);
      return;
    }
    for (const [key, value] of Object.entries(settings as JsonObject)) {
      if (key === "//") continue;
      const path = prefix === "" ? key : `${prefix}.${key}`;
      const rule = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
      if (rule === undefined) {
        this.add(
          "terraform",
          address,
          path,
          `not a state setting this project writes, set to ${describe(value)}`,
          value,
        );
      } else if (typeof rule === "object") {
        this.walkSettings(address, value, rule, path);
      } else if (rule !== true) {
        const problem = rule(value);
        if (problem !== undefined) this.add("terraform", address, path, problem, value);
      }
    }
  }

  private readOutputs(): void {
    const outputs = this.index.json.output;
    if (outputs === undefined) return;
    for (const [name, output] of Object.entries(outputs as JsonObject)) {
      const address = `output.${name}`;
      if (typeof output !== "object" || output === null || Array.isArray(output)) {
        this.add("output", address, undefined, `expected a block, got ${describe(output)}`, output);
        continue;
      }
      const body = output as JsonObject;
      for (const [key, value] of Object.entries(body)) {
        if (key === "//" || key === "value" || key === "description" || key === "sensitive") continue;
        this.add("output", address, key, `not a setting this project gives an output${this.secretNote(value)}`, value);
      }
      const secret = this.reach.find(body.value);
      if (secret !== undefined && !this.isCredentialOutput(name, body)) {
        const sensitive = body.sensitive === true ? "" : ", and it is not marked sensitive";
        this.add(
          "output",
          address,
          "value",
          `it can reach a secret (${secret})${sensitive}: only AZURE_CLIENT_SECRET and CORSO_PASSPHRASE, sensitive and written as this project writes them, may`,
          body,
        );
      }
    }
  }

  private isCredentialOutput(name: string, output: JsonObject): boolean {
    const shapes = Object.prototype.hasOwnProperty.call(CREDENTIAL_OUTPUTS, name)
      ? CREDENTIAL_OUTPUTS[name]
      : undefined;
    if (shapes === undefined || output.sensitive !== true || typeof output.value !== "string") return false;
    const value = output.value;
    const type = name === "CORSO_PASSPHRASE" ? "random_password" : "azuread_application_password";
    return shapes.some((shape) => {
      const match = shape.exec(value);
      return match !== null && match.slice(1).every((n) => this.index.get(`${type}.${n}`) !== undefined);
    });
  }

  private readImports(): void {
    const imports = this.index.json.import;
    if (imports === undefined) return;
    for (const [i, block] of listOfObjects(imports).entries()) {
      const to = terraformValue(block.to);
      const address = `import[${i}]`;
      for (const [key, value] of Object.entries(block)) {
        if (key === "//" || key === "to" || key === "id") continue;
        if (key === "provider") {
          const type = /^([\w-]+)\./.exec(shown(block.to))?.[1] ?? "";
          const problem = this.providerProblem(type, value);
          if (problem !== undefined) this.add("import", address, key, problem, value);
          continue;
        }
        this.add("import", address, key, `not a setting this project gives an import${this.secretNote(value)}`, value);
      }
      const target = to.kind === "literal" ? to.value : undefined;
      const type = target?.split(".")[0] ?? "";
      if (
        target === undefined ||
        !["azuread_application", "azuread_service_principal", "azuread_app_role_assignment"].includes(type) ||
        this.index.get(target) === undefined
      ) {
        this.add(
          "import",
          address,
          "to",
          `imports into ${shown(block.to)}, not an application, service principal or consent of this stack`,
          block,
        );
      }
      const secret = this.reach.find(block.id);
      if (secret !== undefined) this.add("import", address, "id", `it can reach a secret (${secret})`, block.id);
    }
  }
}

/** `hashicorp/azuread` for `azuread`, `hashicorp/azuread` and `registry.terraform.io/hashicorp/azuread`, any case. */
function normalSource(value: unknown): string | undefined {
  const source = literal(value)?.toLowerCase();
  if (source === undefined) return undefined;
  const parts = source.split("/");
  if (parts.length === 1) return `hashicorp/${parts[0]}`;
  if (parts.length === 2) return source;
  return parts.length === 3 && parts[0] === "registry.terraform.io" ? `${parts[1]}/${parts[2]}` : source;
}

/** Why a type is not reviewed, with what it does when the review can tell. */
function unknownTypeWhy(type: string, data: boolean, body: JsonObject): string {
  const base = `not a ${data ? "data source" : "resource"} type this project writes`;
  const extra: Record<string, () => string> = {
    azurerm_role_assignment: () =>
      `: it gives the Azure role ${shown(body.role_definition_name ?? body.role_definition_id)} to ${shown(body.principal_id)} over ${shown(body.scope)}`,
    azurerm_federated_identity_credential: () =>
      `: whoever ${shown(body.issuer)} issues tokens for as ${shown(body.subject)} signs in as the managed identity ${shown(body.parent_id ?? body.user_assigned_identity_id)}`,
    http: () => `: Terraform requests ${shown(body.url)} at every plan`,
    terraform_data: () => ": it keeps values in the state and can run provisioners",
    external: () => ": it runs a program when Terraform plans",
  };
  return base + (Object.prototype.hasOwnProperty.call(extra, type) ? extra[type]() : "");
}
