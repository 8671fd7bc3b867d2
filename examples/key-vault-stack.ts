import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider/index.js";
import { CorsoAppRegistration } from "corso-m365-cdktf";
import { CorsoKeyVaultSecrets } from "corso-m365-cdktf/key-vault-secrets";

class BackupStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, "azuread", {});

    const corso = new CorsoAppRegistration(this, "Corso", {
      owners: ["11111111-2222-4333-8444-555555555555", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"],
    });

    new CorsoKeyVaultSecrets(this, "Vault", {
      registration: corso,
      keyVaultId:
        "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/backup/providers/Microsoft.KeyVault/vaults/corso-kv",
      passphrase: true,
      tags: { team: "platform" },
    });
  }
}

const app = new App();
new BackupStack(app, "backup");
app.synth();
