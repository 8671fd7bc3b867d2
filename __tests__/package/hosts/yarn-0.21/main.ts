import { Construct } from "constructs";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider/index.js";
import { CorsoAppRegistration } from "corso-m365-cdktf";

// A yarn 1 project on cdktf 0.21 without the time bindings, which README's yarn line names.
class BackupStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzureadProvider(this, "azuread", {});
    const corso = new CorsoAppRegistration(this, "Corso", { services: ["sharepoint"] });
    new TerraformOutput(this, "AZURE_CLIENT_ID", { value: corso.clientId });
    new TerraformOutput(this, "client_secret_schedule", { value: corso.secretSchedule });
  }
}

const app = new App();
new BackupStack(app, "backup");
app.synth();
