import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider/index.js";
import { CorsoAppRegistration } from "corso-m365-cdktf";
import { CorsoKeyVaultSecrets } from "corso-m365-cdktf/key-vault-secrets";

// An ES module project ("type": "module", moduleResolution nodenext): its imports name files, not directories.
class BackupStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, "azuread", {});
    const corso = new CorsoAppRegistration(this, "Corso", { services: ["onedrive"] });
    const vault = new CorsoKeyVaultSecrets(this, "Vault", {
      registration: corso,
      keyVaultId:
        "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/backup/providers/Microsoft.KeyVault/vaults/corso-kv",
      passphrase: true,
    });
    new TerraformOutput(this, "AZURE_CLIENT_ID", { value: corso.clientId });
    new TerraformOutput(this, "CORSO_PASSPHRASE", { value: vault.passphraseValue, sensitive: true });
  }
}

const app = new App();
new BackupStack(app, "backup");
app.synth();
