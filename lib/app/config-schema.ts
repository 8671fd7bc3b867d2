import { z } from "zod";
import { CorsoValidationError, GUID_PATTERN } from "../common";
import { findKeyVaultProblems } from "../key-vault";
import { CORSO_SERVICE_NAMES, GRAPH_PERMISSIONS } from "../permissions";
import {
  type CorsoAdoption,
  REGISTRATION_DEFAULTS,
  REGISTRATION_LIMITS,
  findRegistrationProblems,
} from "../registration";
import {
  type BackendConfig,
  NAME_PLACEHOLDER,
  findBackendProblems,
  stateKey,
  stateLocation,
  stateProblem,
} from "./backends";
import { jsonPath, readStrictJson } from "./config-json";

const GUID = new RegExp(GUID_PATTERN);
// Stack names become directories, Terraform state keys and HCP Terraform workspace names.
const STACK_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const guid = (what: string) =>
  z.string().regex(GUID, { error: (issue) => `expected ${what} as a GUID, got ${describe(issue.input)}` });

const localBackend = z
  .strictObject({
    type: z.literal("local"),
    path: z
      .string()
      .min(1)
      .optional()
      .meta({
        description:
          `State file, relative to the project root and inside it, ending in .tfstate; ${NAME_PLACEHOLDER} ` +
          "is replaced by the tenant's name. Default: terraform.<name>.tfstate",
      }),
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

// The backends' own module describes their settings as plain types, so that it never loads zod.
const backend = z.discriminatedUnion("type", [localBackend, azurermBackend, cloudBackend]) satisfies z.ZodType<
  BackendConfig,
  unknown
>;

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

const adopt = z
  .strictObject({
    clientId: z.string().meta({
      description: "Application (client) id of the app to take over; each plan checks it.",
      pattern: GUID.source,
    }),
    applicationObjectId: z
      .string()
      .meta({ description: "Object id of the application (App registrations).", pattern: GUID.source }),
    servicePrincipalObjectId: z
      .string()
      .meta({ description: "Object id of its service principal (Enterprise applications).", pattern: GUID.source }),
    consents: z
      .record(z.string().meta({ enum: GRAPH_PERMISSIONS.map((p) => p.name) }), z.string())
      .optional()
      .meta({ description: "Microsoft Graph permission name -> id of the app role assignment granting it." }),
    owners: z
      .array(z.string().meta({ pattern: GUID.source }))
      .optional()
      .meta({ description: "Object ids of the app's current owners, kept as owners." }),
  })
  .meta({ description: "Take over a registration made by hand, as corso-adopt writes it; the client id stays." });

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
      .meta({
        description: "Object ids of the app's owners besides the deploying identity (two or more in all advised).",
      }),
    deployerIsOwner: z.boolean().optional().meta({
      description:
        "Keep the deploying identity among the owners, so that it can finish and later manage the app. Default: true",
    }),
    secret: secret.optional(),
    keyVault: keyVault.optional(),
    tags: z
      .array(z.string().meta({ minLength: 1, maxLength: REGISTRATION_LIMITS.tagLength }))
      .optional()
      .meta({ description: "Tags on the application and its service principal.", maxItems: REGISTRATION_LIMITS.tags }),
    notes: z.string().optional().meta({ maxLength: REGISTRATION_LIMITS.notesLength }),
    serviceManagementReference: z.string().optional(),
    protectFromDestroy: z
      .boolean()
      .optional()
      .meta({ description: "Put prevent_destroy on the application and service principal. Default: false" }),
    backend: backend.optional().meta({ description: "This tenant's state; overrides the top-level backend." }),
    adopt: adopt.optional(),
  })
  .superRefine(checkTenant, { when: () => true });

/** The schema of `corso.config.json`, from which its JSON Schema is generated. */
export const corsoConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    tenants: z.array(tenant).min(1).meta({ description: "One stack per tenant." }),
    backend: backend.optional().meta({ description: "Default state backend of every tenant. Default: local" }),
  })
  .superRefine(checkAcrossTenants, { when: () => true })
  .meta({ title: "Corso on Microsoft 365: tenants to register", description: "corso.config.json" });

/** The contents of `corso.config.json`. */
export type CorsoConfig = z.infer<typeof corsoConfigSchema>;
/** One tenant of the config file. */
export type TenantConfig = CorsoConfig["tenants"][number];
export type { BackendConfig } from "./backends";

/**
 * Parses and checks a config file's text; throws one {@link CorsoValidationError} listing every
 * mistake, each with its JSON path, the value found and what is allowed.
 */
export function parseCorsoConfig(text: string, source: string): CorsoConfig {
  const json = readStrictJson(text);
  if ("syntax" in json && json.syntax !== undefined) {
    throw new CorsoValidationError(source, [`not valid JSON: ${json.syntax}`]);
  }
  if (!("value" in json)) throw new CorsoValidationError(source, json.values);
  const result = corsoConfigSchema.safeParse(json.value, { reportInput: true, error: messageFor });
  if (!result.success) {
    throw new CorsoValidationError(
      source,
      result.error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`),
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
      deployerIsOwner: typeof value.deployerIsOwner === "boolean" ? value.deployerIsOwner : undefined,
      adopt: adoptionToCheck(value.adopt),
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

/** The adopt block when its fields have the types zod checks for, so that each mistake is reported once. */
function adoptionToCheck(value: unknown): CorsoAdoption | undefined {
  if (!isRecord(value)) return undefined;
  const ids = [value.clientId, value.applicationObjectId, value.servicePrincipalObjectId];
  const consents = value.consents;
  const owners = value.owners;
  const shaped =
    ids.every((id) => typeof id === "string") &&
    (consents === undefined || (isRecord(consents) && Object.values(consents).every((v) => typeof v === "string"))) &&
    (owners === undefined || (Array.isArray(owners) && owners.every((o) => typeof o === "string")));
  return shaped ? (value as unknown as CorsoAdoption) : undefined;
}

/**
 * Checks that need every tenant: each its own stack name, its own app (tenant id and display
 * name) and its own state; and every backend's settings, at their JSON paths.
 */
function checkAcrossTenants(value: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(value)) return;
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message, input: value });
  if (isRecord(value.backend)) {
    for (const { setting, problem } of findBackendProblems(value.backend)) {
      issue(["backend", setting], problem);
    }
  }
  if (!Array.isArray(value.tenants)) return;
  const names = new Map<string, number>();
  const apps = new Map<string, { index: number; displayName: string }>();
  const states = new Map<string, number>();
  value.tenants.forEach((t: unknown, index: number) => {
    if (!isRecord(t)) return;
    if (isRecord(t.backend)) {
      for (const { setting, problem } of findBackendProblems(t.backend)) {
        issue(["tenants", index, "backend", setting], problem);
      }
    }
    if (typeof t.name !== "string") return;
    const sameName = names.get(t.name);
    if (sameName !== undefined) {
      issue(
        ["tenants", index, "name"],
        `${describe(t.name)} is already the name of tenants[${sameName}]: each tenant needs its own stack name`,
      );
      return;
    }
    names.set(t.name, index);

    if (typeof t.tenantId === "string" && (t.displayName === undefined || typeof t.displayName === "string")) {
      const displayName = t.displayName ?? REGISTRATION_DEFAULTS.displayName;
      // Graph compares display names without regard to case; two that differ only in how an accent
      // is encoded (NFC or not) look the same to whoever picks the app in the portal.
      const app = `${t.tenantId.toLowerCase()} ${displayName.normalize("NFC").toLowerCase()}`;
      const sameApp = apps.get(app);
      if (sameApp === undefined) {
        apps.set(app, { index, displayName });
      } else if (sameApp.displayName.toLowerCase() === displayName.toLowerCase()) {
        issue(
          ["tenants", index, "displayName"],
          `${describe(displayName)} is already the display name of tenants[${sameApp.index}] in the same Entra ID tenant: ` +
            "the second apply would fail on the duplicate name: give each its own displayName",
        );
      } else {
        issue(
          ["tenants", index, "displayName"],
          `${describe(displayName)} reads the same as the display name of tenants[${sameApp.index}] in the same ` +
            "Entra ID tenant, written with other Unicode code points (an accent as a separate character, say): " +
            "no one could tell the two apps apart; give each its own displayName",
        );
      }
    }

    const raw = t.backend ?? value.backend;
    const own = raw === undefined ? undefined : validBackend(raw);
    // A backend of the wrong shape is reported by the schema; its state cannot be located.
    if (raw !== undefined && own === undefined) return;
    const backendPath = t.backend === undefined ? ["backend"] : ["tenants", index, "backend"];
    const tooLong = stateProblem(own, t.name);
    if (tooLong !== undefined) issue([...backendPath, tooLong.setting], tooLong.problem);
    const location = stateLocation(own, t.name);
    const sameState = states.get(stateKey(location));
    if (sameState !== undefined) {
      issue(
        ["tenants", index],
        `its state would be the same as tenants[${sameState}]'s (${location}), so applying one tenant would ` +
          `destroy the other's app: give each tenant its own state (${NAME_PLACEHOLDER} in a local path takes the tenant's name)`,
      );
    } else {
      states.set(stateKey(location), index);
    }
  });
}

/** The backend when its settings have the right types, so that its state can be located. */
function validBackend(raw: unknown): BackendConfig | undefined {
  const parsed = backend.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
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
