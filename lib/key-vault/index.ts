// The key-vault component's light face: its props, secret names and their checks, none of which
// loads the azurerm bindings. The construct itself is the package entry lib/key-vault-secrets.ts.
export { KEY_VAULT_DEFAULTS, KEY_VAULT_PROP_TYPES, findKeyVaultProblems, keyVaultSecretNames } from "./key-vault-props";
export type { CorsoKeyVaultSecretsProps, KeyVaultChoice } from "./key-vault-props";
