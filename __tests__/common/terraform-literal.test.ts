import { TerraformVariable, Token } from "cdktf";
import { CorsoAppRegistration } from "../../lib";
import { terraformLiteral, terraformLiterals } from "../../lib/common/terraform-literal";
import { CorsoKeyVaultSecrets } from "../../lib/key-vault-secrets";
import { newStack, resources, synth } from "../support/synth";
import { findTerraform, terraformOutputs } from "../support/terraform";

describe("terraformLiteral", () => {
  it("leaves text without template sequences as it is", () => {
    expect(terraformLiteral("Corso Backup (mail, 100% of files) $5 {x}")).toBe(
      "Corso Backup (mail, 100% of files) $5 {x}",
    );
  });

  it("escapes interpolations and directives, escaped ones included", () => {
    expect(terraformLiteral('${file("/etc/passwd")} %{ if true }x%{ endif }')).toBe(
      '$${file("/etc/passwd")} %%{ if true }x%%{ endif }',
    );
    expect(terraformLiteral("$${already} %%{too}")).toBe("$$${already} %%%{too}");
  });

  it("keeps cdktf tokens as references and escapes only the text around them", () => {
    const token = Token.asString({ Ref: "x" });
    expect(terraformLiteral(token)).toBe(token);
    expect(terraformLiteral(`a \${b} ${token} %{c}`)).toBe(`a \${"$"}{b} ${token} %%{c}`);
    expect(terraformLiteral(`costs $${token}`)).toBe(`costs \${"$"}${token}`);
  });

  it("escapes object keys and list entries but leaves numbers, tokens and class instances alone", () => {
    const list = Token.asList({ Ref: "l" });
    const instance = new (class Thing {
      public readonly note = "${x}";
    })();
    expect(terraformLiterals({ tags: { "${k}": "%{v}" }, n: 3, list, instance, items: ["${a}"] })).toEqual({
      tags: { "$${k}": "%%{v}" },
      n: 3,
      list,
      instance,
      items: ["$${a}"],
    });
  });
});

const terraform = findTerraform();
if (terraform === undefined) {
  console.warn(
    "terraform not found at /usr/local/bin/terraform or on PATH: skipping the tests that let Terraform read text",
  );
}
const withTerraform = terraform === undefined ? it.skip : it;

describe("hostile text in props reaches Entra ID and Key Vault exactly as written", () => {
  const hostile = {
    displayName: 'Corso ${file("/etc/passwd")} %{ if true }x%{ endif } $${y} 100%{',
    notes: "${nonsensitive(azuread_application_password.x.value)} %{for i in [1]}${i}%{endfor}",
    serviceManagementReference: "${path.cwd}",
    tags: ['${upper("a")}', "%{if(true)}x%{endif}", "$${kept}", "plain"],
  };
  const vaultTags = { "${path.module}": "%{ if true }v%{ endif }", team: "${var.v}" };
  const vaultId = "/subscriptions/${x}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";

  const stack = newStack();
  const v = new TerraformVariable(stack, "v", { type: "string", default: "V" }).stringValue;
  const registration = new CorsoAppRegistration(stack, "Corso", hostile);
  new CorsoKeyVaultSecrets(stack, "Vault", { registration, keyVaultId: vaultId, tags: vaultTags });
  // Text around a token: the token stays a reference, the text stays text.
  new CorsoAppRegistration(stack, "Mixed", { displayName: `pre \${ ${v} } $${v} %{x}`, services: ["exchange"] });
  const json = synth(stack);
  const byPrefix = (type: string, prefix: string) => {
    const all = resources(json, type);
    return all[Object.keys(all).find((name) => name.startsWith(prefix)) as string];
  };
  const app = byPrefix("azuread_application", "Corso_");
  const mixed = byPrefix("azuread_application", "Mixed_");
  const principal = byPrefix("azuread_service_principal", "Corso_");
  const passwords = Object.entries(resources(json, "azuread_application_password"))
    .filter(([name]) => name.startsWith("Corso_"))
    .map(([, password]) => password.display_name);
  const secrets = Object.values(resources(json, "azurerm_key_vault_secret"));

  it("writes every template sequence escaped in the synthesized JSON", () => {
    expect(app.display_name).toBe('Corso $${file("/etc/passwd")} %%{ if true }x%%{ endif } $$${y} 100%%{');
    expect(app.notes).toBe("$${nonsensitive(azuread_application_password.x.value)} %%{for i in [1]}$${i}%%{endfor}");
    expect(app.service_management_reference).toBe("$${path.cwd}");
    expect(app.tags).toEqual(['$${upper("a")}', "%%{if(true)}x%%{endif}", "$$${kept}", "plain"]);
    expect(principal.tags).toEqual(app.tags);
    expect(passwords).toEqual([`${app.display_name} secret A`, `${app.display_name} secret B`]);
    for (const secret of secrets) {
      expect(secret.tags).toMatchObject({ "$${path.module}": "%%{ if true }v%%{ endif }", team: "$${var.v}" });
      expect(secret.key_vault_id).toBe("/subscriptions/$${x}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv");
    }
    expect(mixed.display_name).toBe('pre ${"$"}{ ${var.v} } ${"$"}${var.v} %%{x}');
  });

  withTerraform("reads back as the original text when Terraform itself evaluates it", () => {
    const outputs = terraformOutputs(terraform as string, {
      variable: { v: { type: "string", default: "V" } },
      output: Object.fromEntries(
        Object.entries({
          display_name: app.display_name,
          notes: app.notes,
          service_management_reference: app.service_management_reference,
          tags: app.tags,
          principal_notes: principal.notes,
          passwords,
          vault_tags: secrets[0].tags,
          vault_id: secrets[0].key_vault_id,
          mixed: mixed.display_name,
        }).map(([name, value]) => [name, { value }]),
      ),
    });
    expect(outputs).toEqual({
      display_name: hostile.displayName,
      notes: hostile.notes,
      service_management_reference: hostile.serviceManagementReference,
      tags: hostile.tags,
      principal_notes: hostile.notes,
      passwords: [`${hostile.displayName} secret A`, `${hostile.displayName} secret B`],
      vault_tags: { ...vaultTags, "corso-variable": expect.stringMatching(/^(AZURE|CORSO)_/) },
      vault_id: vaultId,
      mixed: "pre ${ V } $V %{x}",
    });
  });

  it("leaves the references between resources as references", () => {
    expect(principal.client_id).toMatch(/^\$\{azuread_application\.Corso_Application_\w+\.client_id\}$/);
    expect(app.owners).toEqual([
      expect.stringMatching(/^\$\{data\.azuread_client_config\.Corso_ClientConfig_\w+\.object_id\}$/),
    ]);
    expect(secrets.map((secret) => secret.value)).toContainEqual(
      expect.stringMatching(/^\$\{azuread_application\.Corso_Application_\w+\.client_id\}$/),
    );
  });
});
