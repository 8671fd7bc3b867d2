import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import type { KeyVaultChoice } from "../key-vault";
import { CorsoAppRegistration, type CorsoAppRegistrationProps } from "../registration";
import { type BackendConfig, addBackend } from "./backends";

/** Props of {@link CorsoStack}. */
export interface CorsoStackProps {
  /**
   * The Entra ID tenant to register Corso in.
   * @default - the tenant of the credentials the azuread provider finds (`ARM_TENANT_ID`, Azure CLI)
   */
  readonly tenantId?: string;
  /**
   * How to register Corso.
   * @default - Corso's documented registration
   */
  readonly registration?: CorsoAppRegistrationProps;
  /**
   * Also deliver the credentials to an existing Key Vault (and optionally a generated passphrase).
   * @default - credentials only in the stack's outputs
   */
  readonly keyVault?: KeyVaultChoice;
  /**
   * Where the stack keeps its Terraform state.
   * @default - a local file, terraform.<stack>.tfstate at the project root
   */
  readonly backend?: BackendConfig;
}

/**
 * A deployable stack: the azuread and time providers, one {@link CorsoAppRegistration} and the
 * outputs Corso reads, named as Corso's environment variables.
 */
export class CorsoStack extends TerraformStack {
  /** The registration this stack deploys. */
  public readonly registration: CorsoAppRegistration;

  constructor(scope: Construct, id: string, props: CorsoStackProps = {}) {
    super(scope, id);
    addBackend(this, props.backend, id);
    // Credentials come from the provider's environment (ARM_CLIENT_ID, OIDC, Azure CLI), never from code.
    new AzureadProvider(this, "azuread", { tenantId: props.tenantId });
    new TimeProvider(this, "time");

    this.registration = new CorsoAppRegistration(this, "Corso", props.registration);

    new TerraformOutput(this, "AZURE_CLIENT_ID", {
      value: this.registration.clientId,
      description: "Application (client) id Corso signs in with",
    });
    new TerraformOutput(this, "AZURE_TENANT_ID", {
      value: this.registration.tenantId,
      description: "Directory (tenant) id of the Microsoft 365 tenant",
    });
    new TerraformOutput(this, "AZURE_CLIENT_SECRET", {
      value: this.registration.clientSecret,
      description: "Client secret Corso signs in with",
      sensitive: true,
    });
    new TerraformOutput(this, "client_secret_end_date", {
      value: this.registration.clientSecretEndDate,
      description: "When AZURE_CLIENT_SECRET expires (RFC 3339); a newer secret replaces it before then",
    });
    new TerraformOutput(this, "client_secret_schedule", {
      value: this.registration.secretSchedule,
      description:
        "Rotation period and lifetime in days, and each secret slot's end date and next rotation (RFC 3339); read by corso-status",
    });
    if (props.keyVault !== undefined) {
      this.deliverToKeyVault(props.keyVault);
    }
  }

  private deliverToKeyVault(keyVault: KeyVaultChoice): void {
    // Loaded only when asked for: the azurerm bindings are large, and the default stack never needs them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CorsoKeyVaultSecrets } = require("../key-vault-secrets") as typeof import("../key-vault-secrets");
    const secrets = new CorsoKeyVaultSecrets(this, "KeyVault", { ...keyVault, registration: this.registration });
    if (secrets.passphraseValue !== undefined) {
      new TerraformOutput(this, "CORSO_PASSPHRASE", {
        value: secrets.passphraseValue,
        description: "Passphrase of Corso's repository; without it no backup can be read",
        sensitive: true,
      });
    }
  }
}
