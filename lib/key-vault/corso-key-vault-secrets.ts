import { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import {
  OPTIONAL_PEERS,
  findPropTypeProblems,
  requireOptionalPeer,
  terraformLiterals,
  throwIfProblems,
} from "../common";
import { ensureDefaultProvider, findProviderProblems } from "../registration";
import {
  type CorsoKeyVaultSecretsProps,
  KEY_VAULT_PROP_TYPES,
  findKeyVaultProblems,
  keyVaultSecretNames,
} from "./key-vault-props";

// Corso encrypts its repository with this passphrase; 64 letters and digits are about 380 bits.
const PASSPHRASE_LENGTH = 64;
const AZURERM_HINT = "an AzurermProvider from @cdktf/provider-azurerm/lib/provider/index.js";
const RANDOM_HINT = "a RandomProvider from @cdktf/provider-random/lib/provider/index.js";

// The random bindings, an optional peer, load only when a passphrase is asked for.
type RandomProviderModule = typeof import("@cdktf/provider-random/lib/provider");
type PasswordModule = typeof import("@cdktf/provider-random/lib/password");

/**
 * Writes a {@link CorsoAppRegistration}'s credentials into an existing Azure Key Vault, so that the
 * machines running Corso read them from there: client id, tenant id and the current client secret
 * (expiring with it), and optionally a generated repository passphrase.
 *
 * Import it from `corso-m365-cdktf/key-vault-secrets`; it is the only part that loads the azurerm
 * bindings. Its secrets use the azurerm provider given in `provider`, or else the stack's unaliased
 * one, which the stack gets when it declares none; the same holds for `randomProvider`.
 */
export class CorsoKeyVaultSecrets extends Construct {
  /** The secret holding `AZURE_CLIENT_ID`. */
  public readonly clientId: KeyVaultSecret;
  /** The secret holding `AZURE_TENANT_ID`. */
  public readonly tenantId: KeyVaultSecret;
  /** The secret holding `AZURE_CLIENT_SECRET`; it expires with the client secret. */
  public readonly clientSecret: KeyVaultSecret;
  /** The secret holding `CORSO_PASSPHRASE`, when asked for. */
  public readonly passphrase?: KeyVaultSecret;
  /** The generated passphrase (a sensitive token), when asked for. */
  public readonly passphraseValue?: string;

  constructor(scope: Construct, id: string, props: CorsoKeyVaultSecretsProps) {
    super(scope, id);
    throwIfProblems("CorsoKeyVaultSecrets", findPropTypeProblems(props, KEY_VAULT_PROP_TYPES));
    throwIfProblems("CorsoKeyVaultSecrets", [
      ...findKeyVaultProblems(props),
      ...findProviderProblems(this, props.provider, "azurerm", "provider", AZURERM_HINT),
      ...findProviderProblems(this, props.randomProvider, "random", "randomProvider", RANDOM_HINT),
    ]);
    const names = keyVaultSecretNames(props);
    const provider = props.provider;
    if (provider === undefined) {
      ensureDefaultProvider(this, "azurerm", (stack, id) => new AzurermProvider(stack, id, { features: [{}] }));
    }

    // Tags and ids come from props or a config file: terraformLiterals keeps them text, never templates.
    const store = (construct: string, name: string, variable: string, value: string, extra = {}) =>
      new KeyVaultSecret(
        this,
        construct,
        terraformLiterals({
          provider,
          keyVaultId: props.keyVaultId,
          name,
          value,
          contentType: `text/plain; Corso ${variable}`,
          tags: { ...props.tags, "corso-variable": variable },
          ...extra,
        }),
      );

    const registration = props.registration;
    this.clientId = store("ClientId", names.clientIdName, "AZURE_CLIENT_ID", registration.clientId);
    this.tenantId = store("TenantId", names.tenantIdName, "AZURE_TENANT_ID", registration.tenantId);
    this.clientSecret = store(
      "ClientSecret",
      names.clientSecretName,
      "AZURE_CLIENT_SECRET",
      registration.clientSecret,
      {
        expirationDate: registration.clientSecretEndDate,
      },
    );

    if (props.passphrase === true) {
      const needed = `CorsoKeyVaultSecrets '${this.node.path}' with passphrase: true`;
      const random = <T>(module: string) => requireOptionalPeer<T>(OPTIONAL_PEERS.random, module, needed);
      const { RandomProvider } = random<RandomProviderModule>("@cdktf/provider-random/lib/provider");
      const { Password } = random<PasswordModule>("@cdktf/provider-random/lib/password");
      if (props.randomProvider === undefined) {
        ensureDefaultProvider(this, "random", (stack, id) => new RandomProvider(stack, id));
      }
      const generated = new Password(
        this,
        "PassphraseValue",
        terraformLiterals({
          provider: props.randomProvider,
          length: PASSPHRASE_LENGTH,
          special: false,
          lifecycle: { preventDestroy: true },
        }),
      );
      this.passphraseValue = generated.result;
      this.passphrase = store("Passphrase", names.passphraseName, "CORSO_PASSPHRASE", generated.result, {
        lifecycle: { preventDestroy: true },
      });
    }
  }
}
