import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { parseCorsoConfig } from "../../lib/app/config-schema";
import { addTenantStacks } from "../../lib/app/tenant-stacks";
import { SynthesizedStack } from "../support/synth";

const root = join(__dirname, "../..");

/** Synthesizes an example config the way main.ts does and returns each stack's JSON. */
function synthExample(file: string): Record<string, SynthesizedStack> {
  const config = parseCorsoConfig(readFileSync(join(root, "examples", file), "utf8"), file);
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "corso-tenants-")) });
  const stacks = addTenantStacks(app, config);
  app.synth();
  return Object.fromEntries(
    stacks.map((stack) => [
      stack.node.id,
      JSON.parse(readFileSync(join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8")),
    ]),
  );
}

const appOf = (json: SynthesizedStack) => Object.values(json.resource.azuread_application)[0];
const consentCount = (json: SynthesizedStack) => Object.keys(json.resource.azuread_app_role_assignment).length;

describe("one stack per tenant", () => {
  it("single tenant: one stack with the tenant's provider, services and governance, state in a local file", () => {
    const { contoso } = synthExample("single-tenant.json");
    expect(contoso.provider.azuread).toEqual([{ tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47" }]);
    expect(contoso.terraform.backend).toEqual({ local: { path: "../../../terraform.contoso.tfstate" } });
    expect(consentCount(contoso)).toBe(2 + 4 + 1 + 1);
    expect(appOf(contoso)).toMatchObject({
      owners: [
        expect.stringMatching(/^\$\{data\.azuread_client_config\.\w+\.object_id\}$/),
        "11111111-2222-4333-8444-555555555555",
        "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
      ],
      service_management_reference: "CHG0031337",
      tags: ["backup", "corso"],
    });
  });

  it("three tenants: each its own provider, permissions and blob in Azure Storage, with Entra ID auth", () => {
    const stacks = synthExample("three-tenants-azurerm.json");
    expect(Object.keys(stacks)).toEqual(["contoso", "fabrikam", "northwind"]);
    for (const [name, json] of Object.entries(stacks)) {
      expect(json.terraform.backend).toEqual({
        azurerm: {
          storage_account_name: "corsostate",
          container_name: "tfstate",
          key: `corso/${name}.tfstate`,
          resource_group_name: "corso-state",
          subscription_id: "0b1f6471-1bf0-4dda-aec3-111122223333",
          use_azuread_auth: true,
          use_oidc: true,
        },
      });
      expect(json.provider.azuread).toHaveLength(1);
    }
    expect(stacks.fabrikam.provider.azuread).toEqual([{ tenant_id: "3c5e1f0a-8d2b-4e6f-9a1c-7b4d2e8f0a61" }]);
    expect(consentCount(stacks.contoso)).toBe(14);
    expect(consentCount(stacks.fabrikam)).toBe(6);
    expect(consentCount(stacks.northwind)).toBe(2 + 5 + 1);
    expect(appOf(stacks.contoso).lifecycle).toEqual({ prevent_destroy: true });
    expect(appOf(stacks.fabrikam)).not.toHaveProperty("lifecycle");
    expect(Object.keys(stacks.contoso.resource.azurerm_key_vault_secret)).toHaveLength(4);
    expect(stacks.fabrikam.resource.azurerm_key_vault_secret).toBeUndefined();
  });

  it("HCP Terraform: one workspace per tenant from the prefix, and a tenant can keep its own backend", () => {
    const stacks = synthExample("hcp-terraform.json");
    expect(stacks.contoso.terraform.cloud).toEqual({
      organization: "contoso-platform",
      workspaces: { name: "corso-m365-contoso" },
    });
    expect(stacks["contoso-lab"].terraform.cloud).toBeUndefined();
    expect(stacks["contoso-lab"].terraform.backend).toEqual({
      local: { path: "../../../terraform.contoso-lab.tfstate" },
    });
  });
});
