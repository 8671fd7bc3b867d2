import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compare } from "../common";
import { type GraphPermission, MICROSOFT_GRAPH_APP_ID, findGraphPermission } from "../permissions";

/** What a reviewer needs to know of one synthesized directory (`cdktf.out`), read from its JSON alone. */
export interface SynthesisReview {
  readonly stacks: readonly StackReview[];
}

/** One synthesized stack. */
export interface StackReview {
  readonly name: string;
  /** Where Terraform keeps the stack's state, in words. */
  readonly state: string;
  readonly registrations: readonly RegistrationReview[];
  /** Every resource's Terraform address, sorted. */
  readonly addresses: readonly string[];
}

/** One `azuread_application` and what hangs off it. */
export interface RegistrationReview {
  /** The application's Terraform address. */
  readonly address: string;
  readonly displayName: string;
  readonly audience: string;
  /** Owners, in words (`the deploying identity`) or as object ids. */
  readonly owners: readonly string[];
  readonly permissions: readonly PermissionReview[];
  readonly secret: SecretReview;
  /** Where the credentials go: outputs and Key Vault secrets, in words. */
  readonly delivery: readonly string[];
  readonly protectedFromDestroy: boolean;
  readonly notes?: string;
  readonly serviceManagementReference?: string;
  readonly tags: readonly string[];
}

/** A requested Microsoft Graph permission, with the catalog's entry when the project knows it. */
export interface PermissionReview {
  readonly name: string;
  /** `Role` for an application permission, `Scope` for a delegated one. */
  readonly type: string;
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

/** Raised when a directory is not a readable synthesis; the message says what is wrong. */
export class SynthesisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthesisError";
  }
}

type Block = Record<string, unknown>;
type Synthesized = {
  resource?: Record<string, Record<string, Block>>;
  output?: Record<string, Block>;
  terraform?: Block;
};

/** Reads every stack of a synthesis directory (its `manifest.json` and each `cdk.tf.json`). */
export function readSynthesis(dir: string): SynthesisReview {
  const manifest = readJson(join(dir, "manifest.json"), `${dir} is not a cdktf synthesis (no readable manifest.json)`);
  const stacks = manifest.stacks;
  if (typeof stacks !== "object" || stacks === null) {
    throw new SynthesisError(`${join(dir, "manifest.json")} lists no stacks`);
  }
  return {
    stacks: Object.entries(stacks as Record<string, { synthesizedStackPath?: string }>)
      .map(([name, entry]) => {
        const file = join(dir, entry.synthesizedStackPath ?? join("stacks", name, "cdk.tf.json"));
        return reviewStack(name, readJson(file, `cannot read stack '${name}' (${file})`) as Synthesized);
      })
      .sort((a, b) => compare(a.name, b.name)),
  };
}

function reviewStack(name: string, json: Synthesized): StackReview {
  const resources = json.resource ?? {};
  const addresses = Object.entries(resources)
    .flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`))
    .sort(compare);
  const registrations = Object.entries(resources.azuread_application ?? {})
    .map(([appName, app]) => reviewRegistration(`azuread_application.${appName}`, app, json))
    .sort((a, b) => compare(a.address, b.address));
  return { name, state: describeState(json.terraform ?? {}), registrations, addresses };
}

function reviewRegistration(address: string, app: Block, json: Synthesized): RegistrationReview {
  const resources = json.resource ?? {};
  const passwords = Object.entries(resources.azuread_application_password ?? {}).filter(
    ([, password]) => password.application_id === `\${${address}.id}`,
  );
  const passwordRefs = passwords.map(([n]) => `azuread_application_password.${n}.value`);
  const holdsCredential = (value: unknown) =>
    typeof value === "string" &&
    (passwordRefs.some((ref) => value.includes(ref)) || value.includes(`${address}.client_id`));

  const delivery = [
    ...Object.entries(json.output ?? {})
      .filter(([, output]) => holdsCredential(output.value))
      .map(([outputName, output]) => `output \`${outputName}\`${output.sensitive === true ? " (sensitive)" : ""}`),
    ...Object.values(resources.azurerm_key_vault_secret ?? {})
      .filter((secret) => holdsCredential(secret.value))
      .map((secret) => `Key Vault \`${vaultName(secret.key_vault_id)}\`, secret \`${String(secret.name)}\``),
  ].sort(compare);

  return {
    address,
    displayName: String(app.display_name),
    audience: String(app.sign_in_audience ?? "AzureADMyOrg"),
    owners: asStrings(app.owners).map(describeOwner),
    permissions: graphPermissions(app),
    secret: reviewSecret(
      passwords.map(([, p]) => p),
      resources.time_rotating ?? {},
    ),
    delivery,
    protectedFromDestroy: (app.lifecycle as Block | undefined)?.prevent_destroy === true,
    notes: typeof app.notes === "string" ? app.notes : undefined,
    serviceManagementReference:
      typeof app.service_management_reference === "string" ? app.service_management_reference : undefined,
    tags: asStrings(app.tags),
  };
}

function graphPermissions(app: Block): PermissionReview[] {
  const accesses = Array.isArray(app.required_resource_access) ? (app.required_resource_access as Block[]) : [];
  return accesses
    .filter((access) => access.resource_app_id === MICROSOFT_GRAPH_APP_ID)
    .flatMap((access) => (Array.isArray(access.resource_access) ? (access.resource_access as Block[]) : []))
    .map((entry) => {
      const id = String(entry.id);
      const name =
        /app_role_ids\["([^"]+)"\]/.exec(id)?.[1] ?? /oauth2_permission_scope_ids\["([^"]+)"\]/.exec(id)?.[1] ?? id;
      return { name, type: String(entry.type), catalog: findGraphPermission(name) };
    })
    .sort((a, b) => compare(a.name, b.name));
}

function reviewSecret(passwords: Block[], clocks: Record<string, Block>): SecretReview {
  const lifetimes = passwords.map((p) => /"(\d+)h"\)\}$/.exec(String(p.end_date))?.[1]).filter((h) => h !== undefined);
  const periodic = passwords
    .map((p) => /time_rotating\.(\w+)\.id/.exec(JSON.stringify(p.rotate_when_changed ?? {}))?.[1])
    .map((clock) => (clock === undefined ? undefined : clocks[clock]?.rotation_days))
    .find((days) => typeof days === "number") as number | undefined;
  return {
    slots: passwords.length,
    lifetimeDays: lifetimes.length > 0 ? Number(lifetimes[0]) / 24 : undefined,
    rotationDays: periodic,
  };
}

function describeState(terraform: Block): string {
  const cloud = terraform.cloud as Block | undefined;
  if (cloud !== undefined) {
    const workspace = (cloud.workspaces as Block | undefined)?.name;
    return `HCP Terraform, organization \`${String(cloud.organization)}\`, workspace \`${String(workspace)}\``;
  }
  const [type, settings] = Object.entries((terraform.backend as Block | undefined) ?? { local: {} })[0] as [
    string,
    Block,
  ];
  switch (type) {
    case "local":
      return `local file \`${String(settings.path ?? "terraform.tfstate")}\``;
    case "azurerm":
      return (
        `Azure Storage \`${String(settings.storage_account_name)}/${String(settings.container_name)}/${String(settings.key)}\`` +
        (settings.use_azuread_auth === true ? " (Entra ID auth)" : "")
      );
    default:
      return `\`${type}\` backend`;
  }
}

function describeOwner(owner: string): string {
  return /^\$\{data\.azuread_client_config\.\w+\.object_id\}$/.test(owner) ? "the deploying identity" : owner;
}

function vaultName(id: unknown): string {
  return /\/vaults\/([^/]+)$/i.exec(String(id))?.[1] ?? String(id);
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function readJson(file: string, failure: string): Block {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new SynthesisError(failure);
  }
  try {
    return JSON.parse(text) as Block;
  } catch (error) {
    throw new SynthesisError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
