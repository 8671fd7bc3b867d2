import { type TerraformProvider, Token } from "cdktf";
import type { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { type PropTypes, boolean, recordOf, required, show, simpleType, text } from "../common";
import { type CorsoAppRegistration, PROVIDER_PROP } from "../registration";

/** Props of `CorsoKeyVaultSecrets`. */
export interface CorsoKeyVaultSecretsProps {
  /** The registration whose credentials are stored. */
  readonly registration: CorsoAppRegistration;
  /** Resource id of an existing Key Vault (`/subscriptions/.../providers/Microsoft.KeyVault/vaults/<name>`). */
  readonly keyVaultId: string;
  /**
   * Name of the Key Vault secret holding `AZURE_CLIENT_ID`.
   * @default "corso-azure-client-id"
   */
  readonly clientIdName?: string;
  /**
   * Name of the Key Vault secret holding `AZURE_TENANT_ID`.
   * @default "corso-azure-tenant-id"
   */
  readonly tenantIdName?: string;
  /**
   * Name of the Key Vault secret holding `AZURE_CLIENT_SECRET`.
   * @default "corso-azure-client-secret"
   */
  readonly clientSecretName?: string;
  /**
   * Generate Corso's repository passphrase (`CORSO_PASSPHRASE`) and store it too. Both are
   * protected from `terraform destroy`: losing the passphrase loses every backup made with it.
   * @default false
   */
  readonly passphrase?: boolean;
  /**
   * Name of the Key Vault secret holding `CORSO_PASSPHRASE`.
   * @default "corso-passphrase"
   */
  readonly passphraseName?: string;
  /**
   * Tags added to every secret, next to `corso-variable` (the environment variable it holds): at
   * most 14, names up to 512 characters, values up to 256.
   * @default - only `corso-variable`
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The azurerm provider the Key Vault secrets are written with, aliased or not (the vault's
   * subscription); it must be declared in the same stack. The registration's `provider` (azuread)
   * does not carry over: Key Vault is an azurerm resource.
   * @default - the stack's unaliased azurerm provider, declared anywhere in the stack, or else one the construct adds
   */
  readonly provider?: AzurermProvider;
  /**
   * The random provider (a `RandomProvider` of `@cdktf/provider-random`) the passphrase is generated with,
   * aliased or not; it must be declared in the same stack. Typed as cdktf's provider so that a project
   * without the random bindings, an optional peer, still type-checks the declarations.
   * @default - the stack's unaliased random provider, declared anywhere in the stack, or else one the construct adds
   */
  readonly randomProvider?: TerraformProvider;
}

// Duck-typed rather than instanceof, so that a registration from another copy of the package fits too.
const registration = simpleType(
  "a CorsoAppRegistration",
  "CorsoAppRegistrations",
  (v) => typeof v === "object" && v !== null && "clientSecret" in v && "clientSecretEndDate" in v,
);

/** The runtime type of every prop, for JavaScript callers: one line each. */
export const KEY_VAULT_PROP_TYPES: PropTypes<CorsoKeyVaultSecretsProps> = {
  registration: required(registration),
  keyVaultId: required(text),
  clientIdName: text,
  tenantIdName: text,
  clientSecretName: text,
  passphrase: boolean,
  passphraseName: text,
  tags: recordOf(text),
  // Their type, kind and stack are checked by findProviderProblems, with a hint of its own.
  provider: PROVIDER_PROP,
  randomProvider: PROVIDER_PROP,
};

/** Default names of the Key Vault secrets that hold Corso's credentials. */
export const KEY_VAULT_DEFAULTS = {
  clientIdName: "corso-azure-client-id",
  tenantIdName: "corso-azure-tenant-id",
  clientSecretName: "corso-azure-client-secret",
  passphraseName: "corso-passphrase",
} as const;

/** What is checked of a Key Vault delivery before any resource exists: everything but the constructs it uses. */
export type KeyVaultChoice = Omit<CorsoKeyVaultSecretsProps, "registration" | "provider" | "randomProvider">;

// Key Vault object names: 1 to 127 letters, digits and dashes (Azure Key Vault "About keys, secrets and certificates").
const SECRET_NAME = /^[0-9A-Za-z-]{1,127}$/;
const KEY_VAULT_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i;
// Key Vault allows at most 15 tags on a secret; one is ours.
const MAX_USER_TAGS = 14;
// Azure tags: names up to 512 characters, values up to 256
// (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limits).
const TAG_NAME_LENGTH = 512;
const TAG_VALUE_LENGTH = 256;

/** The secret names with defaults applied. */
export function keyVaultSecretNames(choice: KeyVaultChoice): Record<keyof typeof KEY_VAULT_DEFAULTS, string> {
  return {
    clientIdName: choice.clientIdName ?? KEY_VAULT_DEFAULTS.clientIdName,
    tenantIdName: choice.tenantIdName ?? KEY_VAULT_DEFAULTS.tenantIdName,
    clientSecretName: choice.clientSecretName ?? KEY_VAULT_DEFAULTS.clientSecretName,
    passphraseName: choice.passphraseName ?? KEY_VAULT_DEFAULTS.passphraseName,
  };
}

/**
 * Every problem of a Key Vault delivery; `prefix` names where it came from (`keyVault.`), and
 * `idField` what the vault's id is called there.
 */
export function findKeyVaultProblems(
  choice: KeyVaultChoice,
  prefix = "",
  idField = prefix === "" ? "keyVaultId" : `${prefix}id`,
): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(choice.keyVaultId) && !KEY_VAULT_ID.test(choice.keyVaultId)) {
    problems.push(
      `${idField} ${show(choice.keyVaultId)} is not a Key Vault resource id: expected ` +
        "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>",
    );
  }
  const used = Object.entries(keyVaultSecretNames(choice)).filter(
    ([field]) => field !== "passphraseName" || choice.passphrase === true,
  );
  const seen = new Map<string, string>();
  for (const [field, name] of used) {
    if (Token.isUnresolved(name)) continue;
    if (!SECRET_NAME.test(name)) {
      problems.push(
        `${prefix}${field} ${show(name)} is not a Key Vault secret name: use 1 to 127 letters, digits and dashes`,
      );
    }
    const other = seen.get(name.toLowerCase());
    if (other !== undefined) {
      problems.push(
        `${prefix}${field} ${show(name)} is already used by ${prefix}${other}: each secret needs its own name`,
      );
    }
    seen.set(name.toLowerCase(), field);
  }
  const tagCount = Object.keys(choice.tags ?? {}).length;
  if (tagCount > MAX_USER_TAGS) {
    problems.push(
      `${prefix}tags has ${tagCount} entries: Key Vault allows 15 tags on a secret, and corso-variable is one`,
    );
  }
  if ("corso-variable" in (choice.tags ?? {})) {
    problems.push(
      `${prefix}tags sets 'corso-variable', which names the variable each secret holds: choose another key`,
    );
  }
  for (const [name, value] of Object.entries(choice.tags ?? {})) {
    if (name === "" || name.length > TAG_NAME_LENGTH) {
      problems.push(
        `tag name ${show(name)} in ${prefix}tags is ${name.length} characters long: Azure allows 1 to ${TAG_NAME_LENGTH}`,
      );
    }
    if (!Token.isUnresolved(value) && value.length > TAG_VALUE_LENGTH) {
      problems.push(
        `tag ${show(name)} in ${prefix}tags has a value ${value.length} characters long: Azure allows at most ${TAG_VALUE_LENGTH}`,
      );
    }
  }
  return problems;
}
