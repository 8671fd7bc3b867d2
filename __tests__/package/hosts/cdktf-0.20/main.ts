import { Construct } from "constructs";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { CorsoAppRegistration } from "corso-m365-cdktf";
import { CorsoKeyVaultSecrets } from "corso-m365-cdktf/key-vault-secrets";

// A single-tenant stack on cdktf 0.20 whose clocks run on a time provider of its own choosing.
class BackupStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const clock = new TimeProvider(this, "clock", { alias: "corso" });

    const corso = new CorsoAppRegistration(this, "Corso", {
      services: ["exchange", "onedrive"],
      timeProvider: clock,
    });
    const application: Application = corso.application;
    new TerraformOutput(this, "AZURE_CLIENT_ID", { value: application.clientId });
    new TerraformOutput(this, "AZURE_CLIENT_SECRET", { value: corso.clientSecret, sensitive: true });

    new CorsoKeyVaultSecrets(this, "Vault", {
      registration: corso,
      keyVaultId:
        "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/backup/providers/Microsoft.KeyVault/vaults/corso-kv",
      passphrase: true,
    });

    new AzureadProvider(this, "azuread", {});
  }
}

const app = new App();
new BackupStack(app, "backup");
app.synth();
