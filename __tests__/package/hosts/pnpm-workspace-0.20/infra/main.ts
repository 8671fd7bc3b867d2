import { Construct } from "constructs";
import { App, AzurermBackend, TerraformOutput, TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { CorsoAppRegistration } from "corso-m365-cdktf";
import { CorsoKeyVaultSecrets } from "corso-m365-cdktf/key-vault-secrets";

const SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-111122223333";

// The platform team's own stack, which has nothing to do with Corso.
class NetworkStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: SUBSCRIPTION });
    new ResourceGroup(this, "network", { name: "network", location: "westeurope" });
  }
}

// Corso's registration, its credentials in Key Vault (no passphrase: this project has no random bindings).
class BackupStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermBackend(this, {
      resourceGroupName: "tfstate",
      storageAccountName: "platformtfstate",
      containerName: "tfstate",
      key: "backup.tfstate",
    });
    new AzureadProvider(this, "azuread", {});
    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: SUBSCRIPTION });
    const corso = new CorsoAppRegistration(this, "Corso", { services: ["exchange"] });
    new CorsoKeyVaultSecrets(this, "Vault", {
      registration: corso,
      keyVaultId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/backup/providers/Microsoft.KeyVault/vaults/corso-kv`,
    });
    new TerraformOutput(this, "AZURE_CLIENT_ID", { value: corso.clientId });
    new TerraformOutput(this, "AZURE_TENANT_ID", { value: corso.tenantId });
    new TerraformOutput(this, "AZURE_CLIENT_SECRET", { value: corso.clientSecret, sensitive: true });
    new TerraformOutput(this, "client_secret_schedule", { value: corso.secretSchedule });
  }
}

const app = new App();
new NetworkStack(app, "network");
new BackupStack(app, "backup");
app.synth();
