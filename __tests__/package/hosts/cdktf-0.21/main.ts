import { Construct } from "constructs";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { CorsoAppRegistration } from "corso-m365-cdktf";
import { CorsoKeyVaultSecrets } from "corso-m365-cdktf/key-vault-secrets";

// A managed service provider's stack: one Corso registration in each of two customer tenants,
// each through its own aliased azuread provider, and the first tenant's credentials in Key Vault.
class CustomerBackups extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const contoso = new AzureadProvider(this, "contoso", {
      alias: "contoso",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    });
    const fabrikam = new AzureadProvider(this, "fabrikam", {
      alias: "fabrikam",
      tenantId: "3c5e1f0a-8d2b-4e6f-9a1c-7b4d2e8f0a61",
    });

    const contosoCorso = new CorsoAppRegistration(this, "Contoso", {
      provider: contoso,
      displayName: "Corso Backup (Contoso)",
    });
    const fabrikamCorso = new CorsoAppRegistration(this, "Fabrikam", {
      provider: fabrikam,
      displayName: "Corso Backup (Fabrikam)",
      services: ["exchange"],
    });

    // The registration's resources are this project's own provider classes.
    const application: Application = contosoCorso.application;
    new TerraformOutput(this, "contoso_application_id", { value: application.id });
    new TerraformOutput(this, "fabrikam_client_id", { value: fabrikamCorso.clientId });

    new CorsoKeyVaultSecrets(this, "ContosoVault", {
      registration: contosoCorso,
      keyVaultId:
        "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/backup/providers/Microsoft.KeyVault/vaults/contoso-kv",
      passphrase: true,
    });

    // Declared after the constructs that need them, as stacks grow.
    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: "0b1f6471-1bf0-4dda-aec3-111122223333" });
    new TimeProvider(this, "time");
  }
}

const app = new App();
new CustomerBackups(app, "customers");
app.synth();
