import { Construct } from "constructs";
import { Annotations, Op, TerraformSelf, TerraformStack, Token, type TerraformResourceLifecycle } from "cdktf";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import type { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import type { ClientSecret } from "./client-secret";
import { terraformLiterals } from "../common";
import { MICROSOFT_GRAPH_APP_ID, PRE_RELEASE_SERVICES } from "../permissions";
import { chosenServices } from "./permission-request";
import { findDefaultProvider, providersOf } from "./providers";
import {
  type CorsoAdoption,
  appRoleAssignmentImportId,
  applicationImportId,
  servicePrincipalImportId,
  unrequestedConsents,
} from "./adoption";
import { ImportBlock } from "./import-block";
import { createSecretSlots } from "./secret-slots";
import { type SecretSchedule, secretSchedule, shortRotationWarning } from "./secret-schedule";
import { type CorsoAppRegistrationProps, validateRegistrationProps } from "./registration-props";

// Microsoft: reading Teams channel messages and chats with application permissions is a
// protected API that needs a separate request (https://learn.microsoft.com/graph/teams-protected-apis).
const PROTECTED_API_PERMISSIONS = ["ChannelMessage.Read.All", "Chat.Read.All"];

/**
 * The Entra ID application Corso backs up Microsoft 365 with: the app registration, its service
 * principal, admin consent for each Microsoft Graph application permission, and a rotating secret.
 *
 * It uses the azuread provider given in `provider`, or else the stack's unaliased one; the stack
 * gets an unaliased time provider when it declares none.
 */
export class CorsoAppRegistration extends Construct {
  /** The `azuread_application` (App registrations). */
  public readonly application: Application;
  /** The application's `azuread_service_principal` (Enterprise applications). */
  public readonly servicePrincipal: ServicePrincipal;
  /** Microsoft Graph's own service principal in the tenant, read with a data source. */
  public readonly microsoftGraph: DataAzureadServicePrincipal;
  /** One admin-consent assignment per permission, keyed by permission name. */
  public readonly consents: Readonly<Record<string, AppRoleAssignment>>;
  /** The permissions granted, sorted by name. */
  public readonly permissions: readonly string[];
  /** The client secret slots: A, then B when there are two. */
  public readonly secrets: readonly ClientSecret[];
  /** When the secret in `clientSecret` expires (RFC 3339). */
  public readonly clientSecretEndDate: string;
  /**
   * When each secret expires and is next replaced, and the rotation settings: output it as
   * `client_secret_schedule` for `corso-status`. No secret value.
   */
  public readonly secretSchedule: SecretSchedule;
  /** Application (client) id: Corso's `AZURE_CLIENT_ID`. */
  public readonly clientId: string;
  /** Directory (tenant) id: Corso's `AZURE_TENANT_ID`. */
  public readonly tenantId: string;
  /** The newer slot's client secret, a sensitive token: Corso's `AZURE_CLIENT_SECRET`. */
  public readonly clientSecret: string;

  constructor(scope: Construct, id: string, props: CorsoAppRegistrationProps = {}) {
    super(scope, id);
    const resolved = validateRegistrationProps(props, this);
    this.permissions = resolved.permissions;
    const provider = props.provider;

    // Every configuration below goes through terraformLiterals: text from props is never a template.
    const caller = new DataAzureadClientConfig(this, "ClientConfig", terraformLiterals({ provider }));
    this.microsoftGraph = new DataAzureadServicePrincipal(
      this,
      "MicrosoftGraph",
      terraformLiterals({ provider, clientId: MICROSOFT_GRAPH_APP_ID }),
    );
    // Each attribute read makes a new token, and cdktf records a stack trace for every token: read once.
    const roleIds = new Map(this.permissions.map((p) => [p, this.microsoftGraph.appRoleIds.lookup(p)]));
    const roleId = (permission: string): string => roleIds.get(permission) as string;

    // The provider drops a deploying identity that owners do not list (application_resource.go:1293 in
    // hashicorp/terraform-provider-azuread): keep it, unless told not to.
    const listed = resolved.owners ?? [];
    // Adoption keeps the app's current owners (adopt.owners) as well.
    const declared = withAdoptedOwners(listed, resolved.adopt);
    const owners = resolved.deployerIsOwner ? [caller.objectId, ...declared] : declared;
    const lifecycle = props.protectFromDestroy === true ? { preventDestroy: true } : undefined;
    const tags = props.tags === undefined ? undefined : [...props.tags];

    this.application = new Application(
      this,
      "Application",
      terraformLiterals({
        provider,
        displayName: resolved.displayName,
        signInAudience: "AzureADMyOrg",
        preventDuplicateNames: true,
        owners,
        notes: props.notes,
        serviceManagementReference: props.serviceManagementReference,
        tags,
        lifecycle: resolved.adopt === undefined ? lifecycle : keepingClientId(lifecycle, resolved.adopt),
        requiredResourceAccess: [
          {
            resourceAppId: MICROSOFT_GRAPH_APP_ID,
            resourceAccess: this.permissions.map((permission) => ({ id: roleId(permission), type: "Role" })),
          },
        ],
      }),
    );

    this.servicePrincipal = new ServicePrincipal(
      this,
      "ServicePrincipal",
      terraformLiterals({
        provider,
        clientId: this.application.clientId,
        owners,
        notes: props.notes,
        tags,
        lifecycle,
      }),
    );

    const principalObjectId = this.servicePrincipal.objectId;
    const resourceObjectId = this.microsoftGraph.objectId;
    const consents: Record<string, AppRoleAssignment> = {};
    for (const permission of this.permissions) {
      consents[permission] = new AppRoleAssignment(
        this,
        `Consent-${permission}`,
        terraformLiterals({ provider, appRoleId: roleId(permission), principalObjectId, resourceObjectId }),
      );
    }
    this.consents = consents;

    const secrets = createSecretSlots(this, {
      applicationId: this.application.id,
      displayName: resolved.displayName,
      lifetimeDays: resolved.secretLifetimeDays,
      rotationDays: resolved.secretRotationDays,
      slots: resolved.secretSlots,
      provider,
      timeProvider: props.timeProvider,
    });
    this.secrets = secrets.slots;
    this.clientSecret = secrets.currentValue;
    this.clientSecretEndDate = secrets.currentEndDate;
    this.secretSchedule = secretSchedule(secrets.slots, resolved.secretRotationDays, resolved.secretLifetimeDays);

    this.clientId = this.application.clientId;
    this.tenantId = caller.tenantId;

    if (resolved.adopt !== undefined) {
      this.importAdopted(resolved.adopt, resourceObjectId, provider);
    }

    this.warnAboutProtectedApis();
    this.warnAboutPreReleaseServices(props);
    this.warnAboutSingleOwner(declared, resolved.deployerIsOwner);
    if (!resolved.deployerIsOwner) this.warnAboutDeployerNotOwner();
    const shortRotation = shortRotationWarning(resolved.secretRotationDays, resolved.secretSlots);
    if (shortRotation !== undefined) Annotations.of(this).addWarning(shortRotation);
    if (provider === undefined) {
      this.node.addValidation({ validate: () => this.checkAzureadProvider() });
    }
  }

  /** Import blocks: the first plan takes over the hand-made objects instead of creating new ones. */
  private importAdopted(adopt: CorsoAdoption, graphObjectId: string, provider: AzureadProvider | undefined): void {
    new ImportBlock(this, "Import-Application", {
      to: this.application,
      id: applicationImportId(adopt.applicationObjectId),
      provider,
    });
    new ImportBlock(this, "Import-ServicePrincipal", {
      to: this.servicePrincipal,
      id: servicePrincipalImportId(adopt.servicePrincipalObjectId),
      provider,
    });
    for (const [permission, assignmentId] of Object.entries(adopt.consents ?? {})) {
      const consent = this.consents[permission];
      if (consent === undefined) continue;
      // Graph's object id comes from the same data source as each consent's resource_object_id, so they always agree.
      const id = appRoleAssignmentImportId(graphObjectId, assignmentId);
      new ImportBlock(this, `Import-Consent-${permission}`, { to: consent, id, provider });
    }
    const leftOver = unrequestedConsents(adopt, this.permissions);
    if (leftOver.length > 0) {
      Annotations.of(this).addWarning(
        `adopt.consents names ${leftOver.map((p) => `'${p}'`).join(", ")}, which the registration does not request: ` +
          "an import needs a configured resource, so that consent stays as it is: revoke it after the adoption and " +
          'remove it from adopt.consents (README, "Already registered Corso by hand?")',
      );
    }
  }

  private warnAboutProtectedApis(): void {
    const protectedOnes = this.permissions.filter((p) => PROTECTED_API_PERMISSIONS.includes(p));
    if (protectedOnes.length > 0) {
      Annotations.of(this).addWarning(
        `${protectedOnes.join(" and ")} read Teams messages, a Microsoft protected API: ` +
          "admin consent is not enough, request access from Microsoft before Corso backs up " +
          "channel messages or chats (https://learn.microsoft.com/graph/teams-protected-apis)",
      );
    }
  }

  private warnAboutPreReleaseServices(props: CorsoAppRegistrationProps): void {
    for (const service of chosenServices(props)) {
      const notice = PRE_RELEASE_SERVICES[service];
      if (notice !== undefined) Annotations.of(this).addWarning(notice);
    }
  }

  private warnAboutSingleOwner(listed: readonly string[], deployerIsOwner: boolean): void {
    if (Token.isUnresolved(listed) || listed.length + (deployerIsOwner ? 1 : 0) >= 2) {
      return;
    }
    const who = deployerIsOwner ? "the identity that deploys it" : `'${listed[0]}'`;
    Annotations.of(this).addWarning(
      `the application has one owner, ${who}: add a second in owners so that it is never left without one`,
    );
  }

  private warnAboutDeployerNotOwner(): void {
    Annotations.of(this).addWarning(
      "deployerIsOwner is false: the azuread provider removes the deploying identity from the owners of the " +
        "application and its service principal once it has created them, so that identity needs " +
        "Application.ReadWrite.All (Application.ReadWrite.OwnedBy is not enough) and AppRoleAssignment.ReadWrite.All, " +
        "or the Cloud Application Administrator role, to finish this deployment and to manage the application later",
    );
  }

  // A validation rather than a constructor check: the stack may declare its provider after the construct.
  private checkAzureadProvider(): string[] {
    const stack = TerraformStack.of(this);
    if (findDefaultProvider(stack, "azuread") !== undefined) {
      return [];
    }
    const aliases = providersOf(stack, "azuread").map((p) => `'${p.alias}'`);
    return [
      aliases.length > 0
        ? `CorsoAppRegistration '${this.node.path}' has no azuread provider to use: the stack's azuread ` +
          `providers all have an alias (${aliases.join(", ")}); pass the one for this tenant in provider`
        : `CorsoAppRegistration '${this.node.path}' needs an azuread provider: pass one in provider, or add ` +
          '`new AzureadProvider(stack, "azuread", {})` from @cdktf/provider-azuread/lib/provider/index.js to its stack',
    ];
  }
}

/** The owners with the adopted app's current owners added, each object id once. */
function withAdoptedOwners(owners: readonly string[], adopt: CorsoAdoption | undefined): string[] {
  const all = [...owners];
  for (const owner of adopt?.owners ?? []) {
    if (!all.some((o) => !Token.isUnresolved(o) && o.toLowerCase() === owner.toLowerCase())) all.push(owner);
  }
  return all;
}

/** Adds a postcondition that fails the plan when the imported application is not the one Corso uses. */
function keepingClientId(
  lifecycle: TerraformResourceLifecycle | undefined,
  adopt: CorsoAdoption,
): TerraformResourceLifecycle {
  return {
    ...lifecycle,
    postcondition: [
      {
        // Tokens, so that the expression stays code where the configuration's text is made literal.
        condition: Op.eq(TerraformSelf.getString("client_id"), adopt.clientId),
        errorMessage:
          `The application ${applicationImportId(adopt.applicationObjectId)} has client id ` +
          `${TerraformSelf.getString("client_id")}, not ${adopt.clientId} (adopt.clientId): check adopt.applicationObjectId.`,
      },
    ],
  };
}
