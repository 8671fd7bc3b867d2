import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider/index.js";
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

    new TerraformOutput(this, "AZURE_CLIENT_ID", { value: corso.clientId });
    new TerraformOutput(this, "AZURE_TENANT_ID", { value: corso.tenantId });
    new TerraformOutput(this, "AZURE_CLIENT_SECRET", { value: corso.clientSecret, sensitive: true });
    // What corso-status reads to tell how long the secret has left and when it rotates; no secret in it.
    new TerraformOutput(this, "client_secret_schedule", { value: corso.secretSchedule });
  }
}

const app = new App();
new BackupStack(app, "backup");
app.synth();
