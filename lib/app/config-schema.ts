import { z } from "zod";
import { CorsoValidationError } from "../common";
import { findKeyVaultProblems } from "../key-vault";
import { CORSO_SERVICE_NAMES, GRAPH_PERMISSIONS } from "../permissions";
import { REGISTRATION_DEFAULTS, REGISTRATION_LIMITS, findRegistrationProblems } from "../registration";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Stack names become directories, Terraform state keys and HCP Terraform workspace names.
const STACK_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const guid = (what: string) =>
  z.string().regex(GUID, { error: (issue) => `expected ${what} as a GUID, got ${describe(issue.input)}` });

const localBackend = z
  .strictObject({
    type: z.literal("local"),
    path: z.string().min(1).optional().meta({ description: "State file path. Default: terraform.<stack>.tfstate" }),
  })
  .meta({ description: "State in a local file (the default)." });

const azurermBackend = z
  .strictObject({
    type: z.literal("azurerm"),
    storageAccountName: z.string().min(1).meta({ description: "Storage account holding the state." }),
    containerName: z.string().min(1).meta({ description: "Blob container holding the state." }),
    resourceGroupName: z.string().min(1).optional(),
    subscriptionId: guid("the subscription id").optional(),
    tenantId: guid("the tenant id of the storage account").optional(),
    keyPrefix: z
      .string()
      .optional()
      .meta({ description: 'Prefix of each tenant\'s blob: <keyPrefix><name>.tfstate. Default: "corso/"' }),
    useAzureadAuth: z
      .boolean()
      .optional()
      .meta({ description: "Reach the storage with Entra ID rather than an access key. Default: true" }),
    useOidc: z.boolean().optional().meta({ description: "Sign in with OIDC (CI workload identity). Default: false" }),
    useMsi: z.boolean().optional().meta({ description: "Sign in with a managed identity (self-hosted runners)." }),
    environment: z
      .enum(["public", "usgovernment", "china"])
      .optional()
      .meta({ description: 'Azure cloud of the storage account. Default: "public"' }),
    snapshot: z.boolean().optional().meta({ description: "Snapshot the state blob before each write." }),
  })
  .meta({ description: "State in Azure Storage, locked with a blob lease." });

const cloudBackend = z
  .strictObject({
    type: z.literal("cloud"),
    organization: z.string().min(1).meta({ description: "HCP Terraform or Terraform Enterprise organization." }),
    workspacePrefix: z
      .string()
      .optional()
      .meta({ description: 'Each tenant gets the workspace <workspacePrefix><name>. Default: "corso-"' }),
    hostname: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "Terraform Enterprise host. Default: app.terraform.io" }),
  })
  .meta({ description: "State in HCP Terraform or Terraform Enterprise, one workspace per tenant." });

const backend = z.discriminatedUnion("type", [localBackend, azurermBackend, cloudBackend]);

const secret = z
  .strictObject({
    lifetimeDays: z
      .number()
      .optional()
      .meta({
        description: `Days each client secret is valid. Default: ${REGISTRATION_DEFAULTS.secretLifetimeDays}`,
        minimum: 1,
        maximum: REGISTRATION_LIMITS.secretDays,
      }),
    rotationDays: z
      .number()
      .optional()
      .meta({
        description: `Days until a secret is replaced. Default: ${REGISTRATION_DEFAULTS.secretRotationDays}`,
        minimum: 1,
        maximum: REGISTRATION_LIMITS.secretDays,
      }),
    slots: z
      .number()
      .optional()
      .meta({ description: "2 overlapping secrets or 1. Default: 2", enum: [1, 2] }),
  })
  .meta({ description: "The client secret's lifetime and rotation." });

const keyVault = z
  .strictObject({
    id: z.string().meta({ description: "Resource id of an existing Key Vault." }),
    passphrase: z
      .boolean()
      .optional()
      .meta({ description: "Also generate and store CORSO_PASSPHRASE (protected from destroy). Default: false" }),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .meta({ description: "Also write the credentials to this Key Vault." });

const tenant = z
  .strictObject({
    name: z
      .string()
      .regex(STACK_NAME, {
        error: (issue) =>
          `expected a stack name of lowercase letters, digits and dashes (at most 63, not starting or ending with a dash), got ${describe(issue.input)}`,
      })
      .meta({ description: "The stack's name; also names its state." }),
    tenantId: guid("the Entra ID tenant id").meta({ description: "Directory (tenant) id." }),
    displayName: z
      .string()
      .optional()
      .meta({
        description: `Name in Entra ID > App registrations. Default: "${REGISTRATION_DEFAULTS.displayName}"`,
        maxLength: REGISTRATION_LIMITS.displayNameLength,
      }),
    permissions: z
      .array(z.string().meta({ enum: GRAPH_PERMISSIONS.map((p) => p.name) }))
      .optional()
      .meta({ description: "Microsoft Graph application permissions; not together with services." }),
    services: z
      .array(z.string().meta({ enum: [...CORSO_SERVICE_NAMES] }))
      .optional()
      .meta({ description: "Corso services to back up; picks the permissions. Default: Corso's documented 14." }),
    owners: z
      .array(z.string().meta({ pattern: GUID.source }))
      .optional()
      .meta({ description: "Object ids of the app's owners (at least two advised). Default: the deploying identity" }),
    secret: secret.optional(),
    keyVault: keyVault.optional(),
    tags: z.array(z.string()).optional().meta({ description: "Tags on the application and its service principal." }),
    notes: z.string().optional().meta({ maxLength: REGISTRATION_LIMITS.notesLength }),
    serviceManagementReference: z.string().optional(),
    protectFromDestroy: z
      .boolean()
      .optional()
      .meta({ description: "Put prevent_destroy on the application and service principal. Default: false" }),
    backend: backend.optional().meta({ description: "This tenant's state; overrides the top-level backend." }),
  })
  .superRefine(checkTenant, { when: () => true });

/** The schema of `corso.config.json`, from which its JSON Schema is generated. */
export const corsoConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    tenants: z.array(tenant).min(1).meta({ description: "One stack per tenant." }),
    backend: backend.optional().meta({ description: "Default state backend of every tenant. Default: local" }),
  })
  .superRefine(checkUniqueNames, { when: () => true })
  .meta({ title: "Corso on Microsoft 365: tenants to register", description: "corso.config.json" });

/** The contents of `corso.config.json`. */
export type CorsoConfig = z.infer<typeof corsoConfigSchema>;
/** One tenant of the config file. */
export type TenantConfig = CorsoConfig["tenants"][number];
/** A state backend of the config file. */
export type BackendConfig = z.infer<typeof backend>;

/**
 * Parses and checks a config file's text; throws one {@link CorsoValidationError} listing every
 * mistake, each with its JSON path, the value found and what is allowed.
 */
export function parseCorsoConfig(text: string, source: string): CorsoConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CorsoValidationError(source, [`not valid JSON: ${(error as Error).message}`]);
  }
  const result = corsoConfigSchema.safeParse(data, { reportInput: true, error: messageFor });
  if (!result.success) {
    throw new CorsoValidationError(
      source,
      result.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`),
    );
  }
  return result.data;
}

/** Cross-field and catalog checks, shared with the constructs; runs even when a field has the wrong type. */
function checkTenant(value: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(value)) return;
  const strings = (field: string) =>
    Array.isArray(value[field]) && value[field].every((v: unknown) => typeof v === "string")
      ? (value[field] as string[])
      : undefined;
  const text = (field: string) => (typeof value[field] === "string" ? (value[field] as string) : undefined);
  const secret = isRecord(value.secret) ? value.secret : {};
  const number = (n: unknown) => (typeof n === "number" ? n : undefined);
  const problems = findRegistrationProblems(
    {
      displayName: text("displayName"),
      permissions: strings("permissions"),
      services: strings("services") as never,
      owners: strings("owners"),
      secretLifetimeDays: number(secret.lifetimeDays),
      secretRotationDays: number(secret.rotationDays),
      secretSlots: number(secret.slots) as 1 | 2 | undefined,
      notes: text("notes"),
      serviceManagementReference: text("serviceManagementReference"),
      tags: strings("tags"),
    },
    {
      secretLifetimeDays: "secret.lifetimeDays",
      secretRotationDays: "secret.rotationDays",
      secretSlots: "secret.slots",
    },
  );
  if (isRecord(value.keyVault) && typeof value.keyVault.id === "string") {
    const vault = value.keyVault;
    problems.push(
      ...findKeyVaultProblems(
        {
          keyVaultId: vault.id as string,
          passphrase: vault.passphrase === true,
          tags: isRecord(vault.tags) ? (vault.tags as Record<string, string>) : undefined,
        },
        "keyVault.",
      ),
    );
  }
  for (const message of problems) {
    ctx.addIssue({ code: "custom", message, input: value });
  }
}

function checkUniqueNames(value: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(value) || !Array.isArray(value.tenants)) return;
  const seen = new Map<string, number>();
  value.tenants.forEach((t: unknown, index: number) => {
    if (!isRecord(t) || typeof t.name !== "string") return;
    const first = seen.get(t.name);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["tenants", index, "name"],
        message: `${describe(t.name)} is already the name of tenants[${first}]: each tenant needs its own stack name`,
        input: t.name,
      });
    } else {
      seen.set(t.name, index);
    }
  });
}

/** Messages for zod's own checks, each saying what was expected and what was found. */
function messageFor(issue: z.core.$ZodRawIssue): string | undefined {
  const got = `got ${describe(issue.input)}`;
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? `required: expected ${issue.expected}` : `expected ${issue.expected}, ${got}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}: check the spelling against corso.config.schema.json`;
    case "invalid_union":
      if ("discriminator" in issue && typeof issue.discriminator === "string") {
        const options = (issue.options as string[] | undefined)?.map((o) => `'${o}'`).join(", ");
        const found = isRecord(issue.input) ? issue.input[issue.discriminator] : issue.input;
        return `expected ${issue.discriminator} to be one of ${options}, got ${describe(found)}`;
      }
      return `matches none of the allowed shapes, ${got}`;
    case "invalid_value":
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}, ${got}`;
    case "too_small":
      return issue.origin === "array"
        ? `needs at least ${issue.minimum} ${issue.minimum === 1 ? "entry" : "entries"}, ${got}`
        : `must be at least ${issue.minimum}${issue.origin === "string" ? " characters long" : ""}, ${got}`;
    default:
      return undefined;
  }
}

/** `tenants[0].secret.lifetimeDays` from zod's path. */
function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON Schema of `corso.config.json` for editors, generated from the same zod schema. */
export function corsoConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(corsoConfigSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
