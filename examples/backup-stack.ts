import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { CorsoAppRegistration } from "corso-m365-cdktf";

class BackupStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, "azuread", {});

    const corso = new CorsoAppRegistration(this, "Corso", {
      displayName: "Corso Backup (mail and files)",
      services: ["exchange", "onedrive"],
      secretLifetimeDays: 120,
      secretRotationDays: 60,
    });

    new TerraformOutput(this, "corso_client_id", { value: corso.clientId });
    new TerraformOutput(this, "corso_client_secret", { value: corso.clientSecret, sensitive: true });
  }
}

const app = new App();
new BackupStack(app, "backup");
app.synth();
