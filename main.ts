import { App } from "cdktf";
import { CorsoStack } from "./lib/corso-stack";

// Synthesizes Corso's documented registration; `cdktf deploy` or `terraform apply` deploys it.
// CORSO_KEY_VAULT_ID also writes the credentials to that Key Vault; CORSO_KEY_VAULT_PASSPHRASE=true
// adds a generated repository passphrase.
// Stack traces stay out of the manifest so that synthesis is the same on every machine.
const app = new App({ context: { "@cdktf/disable_stack_trace_in_metadata": true } });
const keyVaultId = process.env.CORSO_KEY_VAULT_ID;
new CorsoStack(app, "corso", {
  keyVault: keyVaultId ? { keyVaultId, passphrase: process.env.CORSO_KEY_VAULT_PASSPHRASE === "true" } : undefined,
});
app.synth();
