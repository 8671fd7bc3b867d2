import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { ClientSecret, CorsoAppRegistration } from "../../lib";
import { synthesizeCorsoApp } from "../../lib/app/corso-app";
import { synthesizeInto } from "../../lib/app/output-directory";
import { CorsoKeyVaultSecrets } from "../../lib/key-vault-secrets";
import { hasUnsafeCharacter } from "../../lib/common";

const TENANT = { name: "contoso", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" };
const OWNERS = ["11111111-2222-4333-8444-555555555555", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"];
const VAULT =
  "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/backup/providers/Microsoft.KeyVault/vaults/corso-kv";

/** One hostile or careless input: a config file (object or raw text), variables, or construct props. */
interface HostileCase {
  readonly name: string;
  /** The field the message must name. */
  readonly field: string;
  /** The message, or a part of it. */
  readonly message: string;
  readonly config?: unknown;
  readonly env?: Record<string, string>;
  /** Builds a stack from a construct's props, as a JavaScript caller would. */
  readonly build?: (stack: TerraformStack) => void;
  /** Prepares the project before the run (files left by an earlier synthesis). */
  readonly setup?: (project: string) => void;
}

const tenant = (extra: object) => ({ tenants: [{ ...TENANT, owners: OWNERS, ...extra }] });
const registration = (props: unknown) => (stack: TerraformStack) =>
  new CorsoAppRegistration(stack, "Corso", props as never);

const CASES: HostileCase[] = [
  // Text that Terraform or cdktf would evaluate
  {
    name: "a config string that cdktf would read as a reference",
    field: "tenants[0].notes",
    message: "tenants[0].notes: holds '{TfToken[', which cdktf would read as a reference to another value",
    config: tenant({ notes: "${TfToken[TOKEN.12]}" }),
  },
  {
    name: "an expression in a backend setting",
    field: "backend.path",
    message: `backend.path: '\${file("/etc/passwd")}.tfstate' holds '\${' or '%{', which Terraform would read as an expression`,
    config: { ...tenant({}), backend: { type: "local", path: '${file("/etc/passwd")}.tfstate' } },
  },
  {
    name: "a directive in a backend setting",
    field: "tenants[0].backend.containerName",
    message: "tenants[0].backend.containerName: 'tf%{ if true }x%{ endif }' holds '${' or '%{'",
    config: tenant({
      backend: { type: "azurerm", storageAccountName: "st", containerName: "tf%{ if true }x%{ endif }" },
    }),
  },
  // A field JavaScript would drop
  {
    name: "a __proto__ tag, whose value would vanish",
    field: "tenants[0].keyVault.tags.__proto__",
    message:
      "tenants[0].keyVault.tags.__proto__: the field name '__proto__' is refused: JavaScript takes it for the object's prototype, so its value would be lost",
    config:
      '{"tenants": [{"name": "contoso", "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47", "keyVault": ' +
      `{"id": "${VAULT}", "tags": {"team": "backup", "__proto__": "audit"}}}]}`,
  },
  // Names the provider cannot plan
  {
    name: "an apostrophe in the display name",
    field: "displayName",
    message:
      "tenants[0]: displayName 'Contoso's Corso Backup' contains an apostrophe ('), which the azuread provider's duplicate-name check",
    config: tenant({ displayName: "Contoso's Corso Backup" }),
  },
  // Owners
  {
    name: "leaving the deploying identity out without naming owners",
    field: "deployerIsOwner",
    message: "tenants[0]: deployerIsOwner is false but owners lists no one: the application would have no owner",
    config: { tenants: [{ ...TENANT, deployerIsOwner: false }] },
  },
  // One state per tenant
  {
    name: "a local state path shared by two tenants",
    field: "tenants[1]",
    message:
      "tenants[1]: its state would be the same as tenants[0]'s (local file state/corso.tfstate), so applying one tenant would destroy the other's app",
    config: {
      backend: { type: "local", path: "state/corso.tfstate" },
      tenants: [TENANT, { name: "fabrikam", tenantId: "3c5e1f0a-8d2b-4e6f-9a1c-7b4d2e8f0a61" }],
    },
  },
  {
    name: "local state paths that differ only in how an accent is encoded",
    field: "tenants[1]",
    message: "tenants[1]: its state would be the same as tenants[0]'s (local file e\u0301tat/contoso.tfstate)",
    config: {
      tenants: [
        { ...TENANT, backend: { type: "local", path: "\u00e9tat/{name}.tfstate" } },
        {
          name: "fabrikam",
          tenantId: "3c5e1f0a-8d2b-4e6f-9a1c-7b4d2e8f0a61",
          backend: { type: "local", path: "e\u0301tat/contoso.tfstate" },
        },
      ],
    },
  },
  {
    name: "display names that differ only in how an accent is encoded, in one Entra ID tenant",
    field: "tenants[1].displayName",
    message:
      'tenants[1].displayName: "Corso Sauvegarde e\u0301te\u0301" reads the same as the display name of tenants[0] in the same Entra ID tenant',
    config: {
      tenants: [
        { ...TENANT, displayName: "Corso Sauvegarde \u00e9t\u00e9" },
        { ...TENANT, name: "fabrikam", displayName: "Corso Sauvegarde e\u0301te\u0301" },
      ],
    },
  },
  {
    name: "an absolute local state path",
    field: "backend.path",
    message: "backend.path: '/var/lib/corso/terraform.tfstate' is absolute: give a path relative to the project root",
    config: { ...tenant({}), backend: { type: "local", path: "/var/lib/corso/terraform.tfstate" } },
  },
  {
    name: "a local state path that leaves the project",
    field: "tenants[0].backend.path",
    message: "tenants[0].backend.path: '../../../../../../tmp/x.tfstate' leaves the project",
    config: tenant({ backend: { type: "local", path: "../../../../../../tmp/x.tfstate" } }),
  },
  {
    name: "a blob key prefix that climbs out of its folder",
    field: "backend.keyPrefix",
    message: "backend.keyPrefix: 'corso/../' is not allowed: give a blob-name prefix",
    config: {
      ...tenant({}),
      backend: { type: "azurerm", storageAccountName: "st", containerName: "tfstate", keyPrefix: "corso/../" },
    },
  },
  {
    name: "a workspace prefix with spaces and slashes",
    field: "backend.workspacePrefix",
    message: "backend.workspacePrefix: 'corso prod/' is not allowed: give a workspace-name prefix",
    config: { ...tenant({}), backend: { type: "cloud", organization: "acme", workspacePrefix: "corso prod/" } },
  },
  {
    name: "the same tenant and display name twice",
    field: "tenants[1].displayName",
    message:
      'tenants[1].displayName: "Corso Backup" is already the display name of tenants[0] in the same Entra ID tenant',
    config: { tenants: [TENANT, { ...TENANT, name: "contoso-again" }] },
  },
  // Reading the config file
  {
    name: "a key given twice",
    field: "tenants[0].permissions",
    message: "tenants[0].permissions: the field appears twice in the same object",
    config: `{"tenants": [{"name": "contoso", "tenantId": "${TENANT.tenantId}", "permissions": ["Mail.Read"], "permissions": ["Mail.ReadWrite"]}]}`,
  },
  {
    name: "nesting deep enough to exhaust the stack",
    field: "corso.config.json",
    message: "not valid JSON: nested deeper than 16 levels at line 1, column 28",
    config: `{"tenants": [${"[".repeat(100_000)}`,
  },
  {
    name: "a number too large to be finite",
    field: "tenants[0].secret.lifetimeDays",
    message: "tenants[0].secret.lifetimeDays: 1e999 is too large to be a number",
    config: `{"tenants": [{"name": "contoso", "tenantId": "${TENANT.tenantId}", "secret": {"lifetimeDays": 1e999}}]}`,
  },
  {
    name: "a comment",
    field: "corso.config.json",
    message: "not valid JSON: comments are not allowed in JSON at line 1, column 2",
    config: `{// tenants\n"tenants": []}`,
  },
  {
    name: "CORSO_CONFIG naming a directory",
    field: "configs",
    message: "configs: it is a directory",
    setup: (project) => mkdirSync(join(project, "configs")),
    env: { CORSO_CONFIG: "configs" },
  },
  {
    name: "a tag of 100,000 characters",
    field: "tags",
    message:
      "tenants[0]: tag 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' in tags is 100000 characters long",
    config: tenant({ tags: ["x".repeat(100_000)] }),
  },
  {
    name: "too many tags",
    field: "tags",
    message: "tenants[0]: tags has 101 entries: at most 100",
    config: tenant({ tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }),
  },
  // Variables
  {
    name: "a yes-or-no variable that is neither",
    field: "CORSO_KEY_VAULT_PASSPHRASE",
    message: "CORSO_KEY_VAULT_PASSPHRASE must be true, false, 1 or 0 (in any case), got 'yes'",
    env: { CORSO_KEY_VAULT_ID: VAULT, CORSO_KEY_VAULT_PASSPHRASE: "yes" },
  },
  {
    name: "a Key Vault id that is not one",
    field: "CORSO_KEY_VAULT_ID",
    message: "CORSO_KEY_VAULT_ID 'corso-kv' is not a Key Vault resource id",
    env: { CORSO_KEY_VAULT_ID: "corso-kv" },
  },
  {
    name: "a Key Vault variable next to a config file, which would be ignored",
    field: "CORSO_KEY_VAULT_ID",
    message: "CORSO_KEY_VAULT_ID applies to the default stack only",
    config: tenant({}),
    env: { CORSO_KEY_VAULT_ID: VAULT },
  },
  // What earlier syntheses left
  {
    name: "a removed tenant whose directory holds state",
    field: "fabrikam",
    message: "stack 'fabrikam' is no longer in the app, but ",
    config: tenant({}),
    setup: (project) => {
      rmSync(join(project, "cdktf.out"), { recursive: true });
      synthesizeInto({ outdir: join(project, "cdktf.out") }, (app) => {
        for (const name of ["contoso", "fabrikam"]) new TerraformStack(app, name);
      });
      writeFileSync(join(project, "cdktf.out/stacks/fabrikam/terraform.tfstate"), '{"version": 4}');
    },
  },
  // Construct props from JavaScript
  { name: "null props", field: "props", message: "props must be an object, got null", build: registration(null) },
  {
    name: "null among the owners",
    field: "owners[0]",
    message: "owners[0] must be a string, got null",
    build: registration({ owners: [null] }),
  },
  {
    name: "a number for notes",
    field: "notes",
    message: "notes must be a string, got 42",
    build: registration({ notes: 42 }),
  },
  {
    name: "a string for tags",
    field: "tags",
    message: "tags must be a list of strings, got 'a,b'",
    build: registration({ tags: "a,b" }),
  },
  {
    name: "a string for a yes-or-no prop",
    field: "protectFromDestroy",
    message: "protectFromDestroy must be true or false, got 'false'",
    build: registration({ protectFromDestroy: "false" }),
  },
  {
    name: "a misspelt prop",
    field: "protectFromDestory",
    message: "unknown prop 'protectFromDestory': did you mean 'protectFromDestroy'?",
    build: registration({ protectFromDestory: true }),
  },
  {
    name: "an apostrophe in the display name prop",
    field: "displayName",
    message: "displayName 'Contoso's Corso Backup' contains an apostrophe (')",
    build: registration({ displayName: "Contoso's Corso Backup" }),
  },
  {
    name: "a provider given by name",
    field: "provider",
    message:
      "provider 'azuread' is not a Terraform provider: pass an AzureadProvider from @cdktf/provider-azuread/lib/provider/index.js",
    build: registration({ provider: "azuread" }),
  },
  {
    name: "a time provider given as a plain object",
    field: "timeProvider",
    message: "timeProvider (a plain object) is not a Terraform provider: pass a TimeProvider",
    build: registration({ timeProvider: { alias: "corso" } }),
  },
  {
    name: "an azuread provider of another stack",
    field: "provider",
    message: "provider 'other/azuread' is declared in stack 'other', not in stack 'corso' where the construct is",
    build: (stack) => {
      const other = new TerraformStack(stack.node.scope as Construct, "other");
      registration({ provider: new AzureadProvider(other, "azuread", {}) })(stack);
    },
  },
  {
    name: "a Key Vault provider of the wrong kind",
    field: "provider",
    message: "provider is an azuread provider ('corso/azuread'), not an azurerm provider",
    build: (stack) =>
      new CorsoKeyVaultSecrets(stack, "Vault", {
        registration: new CorsoAppRegistration(stack, "Corso"),
        keyVaultId: VAULT,
        provider: stack.node.findChild("azuread") as never,
      }),
  },
  {
    name: "a Key Vault tag that is not text",
    field: "tags.team",
    message: "tags.team must be a string, got 7",
    build: (stack) =>
      new CorsoKeyVaultSecrets(stack, "Vault", {
        registration: new CorsoAppRegistration(stack, "Corso"),
        keyVaultId: VAULT,
        tags: { team: 7 } as never,
      }),
  },
  {
    name: "a Key Vault delivery without its registration",
    field: "registration",
    message: "registration is required: give a CorsoAppRegistration",
    build: (stack) => new CorsoKeyVaultSecrets(stack, "Vault", { keyVaultId: VAULT } as never),
  },
  {
    name: "a client secret lifetime given as text",
    field: "lifetimeDays",
    message: "lifetimeDays must be a number, got '180'",
    build: (stack) =>
      new ClientSecret(stack, "Secret", {
        applicationId: "/applications/x",
        displayName: "x",
        lifetimeDays: "180",
        rotationDays: 90,
      } as never),
  },
];

/** Every file under `dir` with its content, so that any change shows. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) readdirSync(path).forEach((entry) => walk(join(path, entry)));
    else files[relative(dir, path)] = readFileSync(path, "utf8");
  };
  walk(dir);
  return files;
}

/** A project that an earlier synthesis left a stack in. */
function newProject(): string {
  const project = mkdtempSync(join(tmpdir(), "corso-hostile-"));
  mkdirSync(join(project, "cdktf.out/stacks/contoso"), { recursive: true });
  writeFileSync(join(project, "cdktf.out/stacks/contoso/cdk.tf.json"), '{"earlier": true}');
  writeFileSync(join(project, "cdktf.out/manifest.json"), '{"stacks": {}}');
  return project;
}

/** Writes the case's config file and returns the variables of its run. */
function prepare(project: string, c: HostileCase): NodeJS.ProcessEnv {
  c.setup?.(project);
  const env: NodeJS.ProcessEnv = { CDKTF_OUTDIR: join(project, "cdktf.out"), ...c.env };
  if (c.config !== undefined) {
    env.CORSO_CONFIG = join(project, "corso.config.json");
    writeFileSync(env.CORSO_CONFIG, typeof c.config === "string" ? c.config : JSON.stringify(c.config));
  } else if (env.CORSO_CONFIG !== undefined) {
    env.CORSO_CONFIG = join(project, env.CORSO_CONFIG);
  }
  return env;
}

function run(env: NodeJS.ProcessEnv, c: HostileCase): void {
  if (c.build === undefined) {
    synthesizeCorsoApp(env);
    return;
  }
  const build = c.build;
  synthesizeInto({ outdir: env.CDKTF_OUTDIR as string }, (app) => {
    const stack = new TerraformStack(app, "corso");
    new AzureadProvider(stack, "azuread", {});
    build(stack);
  });
}

describe("hostile and careless input", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("rejects %s, naming the field, and writes nothing", (_, c) => {
    const project = newProject();
    const env = prepare(project, c);
    const before = snapshot(project);
    let message = "";
    try {
      run(env, c);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(c.message);
    expect(message).toContain(c.field);
    expect(message.split("\n").every((line) => line.length > 0)).toBe(true);
    expect(snapshot(project)).toEqual(before);
  });
});

describe("text from a config file in error messages", () => {
  // ESC ] sets a terminal's title, CSI (U+009B) moves its cursor, U+202E reverses the text after it.
  const HOSTILE = "\u001b]0;owned\u0007\u009b2J\u202eevil";
  const CONFIGS: [string, unknown, string][] = [
    ["a tenant name", { tenants: [{ ...TENANT, name: HOSTILE }] }, "tenants[0].name"],
    ["an unknown field's name", { tenants: [{ ...TENANT, [HOSTILE]: 1 }] }, "tenants[0]: unknown field"],
    ["a backend path", { ...tenant({}), backend: { type: "local", path: `${HOSTILE}.tfstate` } }, "backend.path"],
    ["a display name", { tenants: [{ ...TENANT, displayName: `${HOSTILE}'` }] }, "displayName"],
  ];

  it.each(CONFIGS)("writes %s with its control and bidirectional characters escaped", (_, config, field) => {
    const project = newProject();
    const env = prepare(project, { name: "", field, message: "", config });
    let message = "";
    try {
      run(env, { name: "", field, message: "" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(field);
    expect(message).toContain("\\u{009B}2J\\u{202E}evil");
    expect(message.split("\n").some(hasUnsafeCharacter)).toBe(false);
  });

  it("escapes the config file's own name, from CORSO_CONFIG", () => {
    const project = newProject();
    let message = "";
    try {
      synthesizeCorsoApp({ CDKTF_OUTDIR: join(project, "cdktf.out"), CORSO_CONFIG: join(project, `${HOSTILE}.json`) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("\\u{001B}]0;owned\\u{0007}\\u{009B}2J\\u{202E}evil.json: no such file");
  });
});
