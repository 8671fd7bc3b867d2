import { synthesizeCorsoApp } from "./lib/app";

// corso.config.json (or the file CORSO_CONFIG names) lists the tenants: one stack each. Without it,
// one `corso` stack with Corso's documented registration; CORSO_KEY_VAULT_ID also writes the
// credentials to that Key Vault, CORSO_KEY_VAULT_PASSPHRASE=true adds a generated passphrase.
// Every input is checked before anything is written, and cdktf.out changes only when synthesis is complete.
synthesizeCorsoApp(process.env);
