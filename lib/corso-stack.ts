import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { CorsoAppRegistration, CorsoAppRegistrationProps } from "./corso-app-registration";

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
  }
}
