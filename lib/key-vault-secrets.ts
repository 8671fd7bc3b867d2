// Entry point `corso-m365-cdktf/key-vault-secrets`: the only one that loads the azurerm bindings.
export { CorsoKeyVaultSecrets } from "./key-vault/corso-key-vault-secrets";
export { KEY_VAULT_DEFAULTS } from "./key-vault";
export type { CorsoKeyVaultSecretsProps } from "./key-vault";
