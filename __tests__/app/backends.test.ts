import { TerraformStack, Testing } from "cdktf";
import { addBackend } from "../../lib/app/backends";
import { BackendConfig } from "../../lib/app/config-schema";

function terraformBlock(backend: BackendConfig | undefined, name = "contoso") {
  const stack = new TerraformStack(Testing.app(), name);
  addBackend(stack, backend, name);
  return JSON.parse(Testing.synth(stack)).terraform;
}

describe("addBackend", () => {
  it("keeps state in a local file at the project root by default, with a path that is the same everywhere", () => {
    expect(terraformBlock(undefined).backend).toEqual({ local: { path: "../../../terraform.contoso.tfstate" } });
    expect(terraformBlock({ type: "local", path: "/var/lib/corso/state.tfstate" }).backend).toEqual({
      local: { path: "/var/lib/corso/state.tfstate" },
    });
  });

  it("gives each stack its own blob in Azure Storage, signing in with Entra ID unless told otherwise", () => {
    expect(terraformBlock({ type: "azurerm", storageAccountName: "st", containerName: "c" }).backend).toEqual({
      azurerm: {
        storage_account_name: "st",
        container_name: "c",
        key: "corso/contoso.tfstate",
        use_azuread_auth: true,
      },
    });
    const withKey = terraformBlock({
      type: "azurerm",
      storageAccountName: "st",
      containerName: "c",
      keyPrefix: "m365/",
      useAzureadAuth: false,
      useMsi: true,
      environment: "usgovernment",
    });
    expect(withKey.backend.azurerm).toMatchObject({
      key: "m365/contoso.tfstate",
      use_azuread_auth: false,
      use_msi: true,
      environment: "usgovernment",
    });
  });

  it("gives each stack its own HCP Terraform workspace", () => {
    expect(terraformBlock({ type: "cloud", organization: "acme" }).cloud).toEqual({
      organization: "acme",
      workspaces: { name: "corso-contoso" },
    });
    expect(terraformBlock({ type: "cloud", organization: "acme", hostname: "tfe.acme.example" }).cloud).toMatchObject({
      hostname: "tfe.acme.example",
    });
  });
});
