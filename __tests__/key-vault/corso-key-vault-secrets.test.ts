import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { CorsoAppRegistration } from "../../lib";
import { CorsoKeyVaultSecrets, CorsoKeyVaultSecretsProps } from "../../lib/key-vault-secrets";
import { CorsoStack } from "../../lib/app/corso-stack";
import { newStack, resources, synth } from "../support/synth";

const SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-111122223333";
const VAULT =
  "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/backup/providers/Microsoft.KeyVault/vaults/corso-kv";

function synthVault(props: Partial<CorsoKeyVaultSecretsProps> = {}) {
  const stack = newStack();
  const registration = new CorsoAppRegistration(stack, "Corso");
  new CorsoKeyVaultSecrets(stack, "Vault", { registration, keyVaultId: VAULT, ...props });
  return synth(stack);
}

function secretsByName(json: ReturnType<typeof synthVault>) {
  return Object.fromEntries(Object.values(resources(json, "azurerm_key_vault_secret")).map((s) => [String(s.name), s]));
}

describe("CorsoKeyVaultSecrets", () => {
  const json = synthVault({ tags: { team: "platform" } });
  const secrets = secretsByName(json);

  it("stores client id, tenant id and the current client secret under Corso's default names", () => {
    expect(Object.keys(secrets).sort()).toEqual([
      "corso-azure-client-id",
      "corso-azure-client-secret",
      "corso-azure-tenant-id",
    ]);
    expect(secrets["corso-azure-client-id"].value).toMatch(/^\$\{azuread_application\.\w+\.client_id\}$/);
    expect(secrets["corso-azure-tenant-id"].value).toMatch(/^\$\{data\.azuread_client_config\.\w+\.tenant_id\}$/);
    expect(secrets["corso-azure-client-secret"].value).toMatch(
      /\? azuread_application_password\.Corso_ClientSecretB_Password_\w+\.value : azuread_application_password\.Corso_ClientSecretA_Password_\w+\.value\}$/,
    );
    for (const secret of Object.values(secrets)) {
      expect(secret.key_vault_id).toBe(VAULT);
    }
  });

  it("lets the client secret expire with the secret it holds", () => {
    expect(secrets["corso-azure-client-secret"].expiration_date).toMatch(
      /^\$\{\(time_rotating\.\w+\.unix >= time_rotating\.\w+\.unix\) \? timeadd\(time_rotating\.Corso_ClientSecretB_Rotation_\w+\.id, "4320h"\) : timeadd\(/,
    );
    expect(secrets["corso-azure-client-id"]).not.toHaveProperty("expiration_date");
  });

  it("labels each secret with its content type and the variable it holds, plus the user's tags", () => {
    expect(secrets["corso-azure-client-secret"].content_type).toBe("text/plain; Corso AZURE_CLIENT_SECRET");
    expect(secrets["corso-azure-tenant-id"].tags).toEqual({ team: "platform", "corso-variable": "AZURE_TENANT_ID" });
  });

  it("adds an azurerm provider with its features block only when the stack has none", () => {
    expect(json.provider.azurerm).toEqual([{ features: [{}] }]);
    const stack = newStack();
    new AzurermProvider(stack, "mine", { features: [{}], subscriptionId: "0b1f6471-1bf0-4dda-aec3-111122223333" });
    new CorsoKeyVaultSecrets(stack, "Vault", {
      registration: new CorsoAppRegistration(stack, "Corso"),
      keyVaultId: VAULT,
    });
    expect(synth(stack).provider.azurerm).toHaveLength(1);
  });

  it("uses an azurerm provider the stack declares after the construct, under any id", () => {
    const stack = newStack();
    new CorsoKeyVaultSecrets(stack, "Vault", {
      registration: new CorsoAppRegistration(stack, "Corso"),
      keyVaultId: VAULT,
      passphrase: true,
    });
    new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: SUBSCRIPTION });
    new RandomProvider(stack, "dice");
    const json = synth(stack);
    expect(json.provider.azurerm).toEqual([{ features: [{}], subscription_id: SUBSCRIPTION }]);
    expect(json.provider.random).toEqual([{}]);
  });

  it("writes with the azurerm and random providers given, and adds none of its own", () => {
    const stack = newStack();
    const vaultSubscription = new AzurermProvider(stack, "vault", {
      alias: "vault",
      features: [{}],
      subscriptionId: SUBSCRIPTION,
    });
    const dice = new RandomProvider(stack, "dice", { alias: "dice" });
    new CorsoKeyVaultSecrets(stack, "Vault", {
      registration: new CorsoAppRegistration(stack, "Corso"),
      keyVaultId: VAULT,
      passphrase: true,
      provider: vaultSubscription,
      randomProvider: dice,
    });
    const json = synth(stack);
    expect(json.provider.azurerm).toEqual([{ alias: "vault", features: [{}], subscription_id: SUBSCRIPTION }]);
    expect(json.provider.random).toEqual([{ alias: "dice" }]);
    const secrets = Object.values(resources(json, "azurerm_key_vault_secret"));
    expect(secrets.map((s) => s.provider)).toEqual(Array(4).fill("azurerm.vault"));
    expect(Object.values(resources(json, "random_password")).map((p) => p.provider)).toEqual(["random.dice"]);
  });

  it("rejects providers of the wrong type before synthesis", () => {
    const stack = newStack();
    const registration = new CorsoAppRegistration(stack, "Corso");
    const azuread = stack.node.findChild("azuread") as unknown as AzurermProvider;
    expect(
      () =>
        new CorsoKeyVaultSecrets(stack, "Vault", {
          registration,
          keyVaultId: VAULT,
          provider: azuread,
          randomProvider: azuread as unknown as RandomProvider,
        }),
    ).toThrow(
      "CorsoKeyVaultSecrets: 2 problems:\n" +
        "  - provider is an azuread provider ('test/azuread'), not an azurerm provider: " +
        "pass an AzurermProvider from @cdktf/provider-azurerm/lib/provider/index.js\n" +
        "  - randomProvider is an azuread provider ('test/azuread'), not a random provider: " +
        "pass a RandomProvider from @cdktf/provider-random/lib/provider/index.js",
    );
  });

  it("takes other secret names", () => {
    const names = secretsByName(synthVault({ clientIdName: "a", tenantIdName: "b", clientSecretName: "C-3" }));
    expect(Object.keys(names).sort()).toEqual(["C-3", "a", "b"]);
  });

  it("generates a passphrase that neither Terraform nor a mistake can destroy", () => {
    const withPassphrase = synthVault({ passphrase: true });
    const [random] = Object.values(resources(withPassphrase, "random_password"));
    expect(random).toMatchObject({ length: 64, special: false, lifecycle: { prevent_destroy: true } });
    expect(Number(random.length)).toBeGreaterThanOrEqual(32);
    const stored = secretsByName(withPassphrase)["corso-passphrase"];
    expect(stored.value).toMatch(/^\$\{random_password\.\w+\.result\}$/);
    expect(stored.lifecycle).toEqual({ prevent_destroy: true });
    expect(withPassphrase.provider.random).toEqual([{}]);
    expect(json.resource.random_password).toBeUndefined();
  });

  it("rejects names Key Vault does not allow, and the same name twice", () => {
    expect(() => synthVault({ clientIdName: "corso_client_id", clientSecretName: "x".repeat(128) })).toThrow(
      "CorsoKeyVaultSecrets: 2 problems:\n" +
        "  - clientIdName 'corso_client_id' is not a Key Vault secret name: use 1 to 127 letters, digits and dashes\n" +
        `  - clientSecretName '${"x".repeat(57)}...' is not a Key Vault secret name: use 1 to 127 letters, digits and dashes`,
    );
    expect(() => synthVault({ tenantIdName: "corso-azure-client-id" })).toThrow(
      "tenantIdName 'corso-azure-client-id' is already used by clientIdName: each secret needs its own name",
    );
  });

  it("rejects a key vault id that is not a Key Vault resource id", () => {
    expect(() => synthVault({ keyVaultId: "corso-kv" })).toThrow(
      "keyVaultId 'corso-kv' is not a Key Vault resource id: expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>",
    );
  });

  it("rejects too many tags and a tag that would hide the variable's name", () => {
    const tags = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`t${i}`, "x"]));
    expect(() => synthVault({ tags })).toThrow(
      "tags has 15 entries: Key Vault allows 15 tags on a secret, and corso-variable is one",
    );
    expect(() => synthVault({ tags: { "corso-variable": "x" } })).toThrow("tags sets 'corso-variable'");
  });
});

describe("CorsoStack with a Key Vault", () => {
  it("delivers the credentials and outputs the generated passphrase as sensitive", () => {
    const stack = new CorsoStack(Testing.app(), "corso", { keyVault: { keyVaultId: VAULT, passphrase: true } });
    const json = JSON.parse(Testing.synth(stack, true));
    expect(Object.keys(json.resource.azurerm_key_vault_secret)).toHaveLength(4);
    expect(json.output.CORSO_PASSPHRASE).toMatchObject({
      value: expect.stringMatching(/^\$\{random_password\.\w+\.result\}$/),
      sensitive: true,
    });
  });
});

describe("loading the library", () => {
  const root = join(__dirname, "../..");
  // One process, three steps: which azurerm modules are loaded after each require.
  const script = `
    const azurerm = () => Object.keys(require.cache).filter((f) => f.includes("provider-azurerm")).length;
    const steps = {};
    require("./dist/lib").CorsoAppRegistration;
    steps.index = azurerm();
    require("./dist/main");
    steps.main = azurerm();
    steps.configReader = Object.keys(require.cache).filter((f) => /[/]node_modules[/](zod|jsonc-parser)[/]/.test(f)).length;
    require("./dist/lib/key-vault-secrets");
    steps.keyVault = azurerm();
    console.log(JSON.stringify(steps));`;
  let steps: { index: number; main: number; configReader: number; keyVault: number };

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]);
    const env = { ...process.env, CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), "corso-load-")), CORSO_KEY_VAULT_ID: "" };
    steps = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8", env }));
  });

  it("never loads the azurerm bindings from lib/index.ts", () => {
    expect(steps.index).toBe(0);
  });

  it("never loads them for the default stack either", () => {
    expect(steps.main).toBe(0);
  });

  it("loads the config file's schema and JSON reader (zod, jsonc-parser) only when there is a config file", () => {
    expect(steps.configReader).toBe(0);
  });

  it("loads them only through the key-vault-secrets entry point", () => {
    expect(steps.keyVault).toBeGreaterThan(0);
  });
});

describe("README's Key Vault example", () => {
  it("synthesizes the registration and its four Key Vault secrets", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "corso-example-"));
    process.env.CDKTF_OUTDIR = outdir;
    try {
      await jest.isolateModulesAsync(async () => {
        await import("../../examples/key-vault-stack");
      });
    } finally {
      delete process.env.CDKTF_OUTDIR;
    }
    const stack = JSON.parse(readFileSync(join(outdir, "stacks/backup/cdk.tf.json"), "utf8"));
    expect(
      Object.values<{ name: string }>(stack.resource.azurerm_key_vault_secret)
        .map((s) => s.name)
        .sort(),
    ).toEqual(["corso-azure-client-id", "corso-azure-client-secret", "corso-azure-tenant-id", "corso-passphrase"]);
  });
});
