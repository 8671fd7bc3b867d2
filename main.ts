import { App } from "cdktf";
import { CorsoStack, addTenantStacks, readCorsoConfig } from "./lib/app";

// corso.config.json (or the file CORSO_CONFIG names) lists the tenants: one stack each. Without it,
// one `corso` stack with Corso's documented registration; CORSO_KEY_VAULT_ID also writes the
// credentials to that Key Vault, CORSO_KEY_VAULT_PASSPHRASE=true adds a generated passphrase.
// Stack traces stay out of the manifest so that synthesis is the same on every machine.
// The config is checked first, so that a mistake leaves nothing behind, not even an empty cdktf.out.
const config = readCorsoConfig(process.env.CORSO_CONFIG ?? "corso.config.json", process.env.CORSO_CONFIG !== undefined);
const app = new App({ context: { "@cdktf/disable_stack_trace_in_metadata": true } });
if (config !== undefined) {
  addTenantStacks(app, config);
} else {
  const keyVaultId = process.env.CORSO_KEY_VAULT_ID;
  new CorsoStack(app, "corso", {
    keyVault: keyVaultId ? { keyVaultId, passphrase: process.env.CORSO_KEY_VAULT_PASSPHRASE === "true" } : undefined,
  });
}
app.synth();
