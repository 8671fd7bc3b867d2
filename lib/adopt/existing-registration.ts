import { MICROSOFT_GRAPH_APP_ID } from "../permissions";
import type { GraphClient, GraphRead } from "./graph-client";

/** One admin consent the app's service principal holds: an app role assignment. */
export interface ExistingConsent {
  /** The assignment's id, the last part of its import id. */
  readonly assignmentId: string;
  readonly appRoleId: string;
  /** Object id of the service principal of the API the role belongs to. */
  readonly resourceObjectId: string;
  readonly resourceName: string;
  /** The permission's name when the API is Microsoft Graph and the role is one of its own. */
  readonly graphPermission?: string;
}

/** A registration as Microsoft Graph holds it: what `adopt` needs and what the command reports. */
export interface ExistingRegistration {
  readonly displayName: string;
  readonly clientId: string;
  readonly applicationObjectId: string;
  readonly servicePrincipalObjectId: string;
  /** Object ids of the application's owners, sorted. */
  readonly owners: readonly string[];
  /** Object id of Microsoft Graph's service principal in the tenant. */
  readonly graphObjectId: string;
  readonly consents: readonly ExistingConsent[];
}

/** Which application to look for: its client id, or else its display name. */
export type ApplicationQuery = { readonly clientId: string } | { readonly displayName: string };

/** The registration cannot be adopted as asked (not found, ambiguous, no service principal). */
export class AdoptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdoptionError";
  }
}

// Application.Read.All is the least privileged application permission for each read below:
// https://learn.microsoft.com/graph/api/application-list, .../application-list-owners,
// .../serviceprincipal-list and .../serviceprincipal-list-approleassignments (v1.0).
const READ_APPLICATIONS = "Application.Read.All (or, signed in as a user, a role that can read app registrations)";

/**
 * Reads from Microsoft Graph the application, its service principal, its owners and the app role
 * assignments it holds, with Graph's own service principal to name each Graph permission.
 */
export async function readExistingRegistration(
  graph: GraphClient,
  query: ApplicationQuery,
  tenantId: string,
): Promise<ExistingRegistration> {
  const application = await findApplication(graph, query, tenantId);
  const label = `'${application.displayName}' (client id ${application.appId})`;

  const principals = await graph.list<{ id: string }>(
    `/servicePrincipals?$filter=${filter(`appId eq '${application.appId}'`)}&$select=id,appId`,
    read(`read the service principal of ${label}`),
  );
  if (principals.length === 0) {
    throw new AdoptionError(
      `application ${label} has no service principal in tenant ${tenantId}, so it was never granted consent there: ` +
        `create one (az ad sp create --id ${application.appId}) and run corso-adopt again`,
    );
  }
  const servicePrincipalObjectId = principals[0].id;

  const owners = await graph.list<{ id: string }>(
    `/applications/${application.id}/owners?$select=id`,
    read(`list the owners of ${label}`),
  );
  const graphPrincipals = await graph.list<{ id: string; appRoles?: { id: string; value?: string | null }[] }>(
    `/servicePrincipals?$filter=${filter(`appId eq '${MICROSOFT_GRAPH_APP_ID}'`)}&$select=id,appRoles`,
    read("read Microsoft Graph's service principal"),
  );
  if (graphPrincipals.length !== 1) {
    throw new AdoptionError(
      `tenant ${tenantId} has ${graphPrincipals.length} service principals for Microsoft Graph, not one`,
    );
  }
  const graphPrincipal = graphPrincipals[0];
  const roleNames = new Map((graphPrincipal.appRoles ?? []).map((role) => [role.id, role.value ?? undefined]));

  const assignments = await graph.list<{
    id: string;
    appRoleId: string;
    resourceId: string;
    resourceDisplayName?: string | null;
  }>(
    `/servicePrincipals/${servicePrincipalObjectId}/appRoleAssignments`,
    read(`list the admin consents (app role assignments) of ${label}`),
  );

  return {
    displayName: application.displayName,
    clientId: application.appId,
    applicationObjectId: application.id,
    servicePrincipalObjectId,
    owners: owners.map((o) => o.id).sort(),
    graphObjectId: graphPrincipal.id,
    consents: assignments.map((a) => ({
      assignmentId: a.id,
      appRoleId: a.appRoleId,
      resourceObjectId: a.resourceId,
      resourceName: a.resourceDisplayName ?? a.resourceId,
      graphPermission: a.resourceId === graphPrincipal.id ? roleNames.get(a.appRoleId) : undefined,
    })),
  };
}

async function findApplication(
  graph: GraphClient,
  query: ApplicationQuery,
  tenantId: string,
): Promise<{ id: string; appId: string; displayName: string }> {
  const byId = "clientId" in query;
  // OData string literals double a single quote: https://docs.oasis-open.org/odata/odata/v4.01/odata-v4.01-part2-url-conventions.html#sec_URLComponents
  const condition = byId ? `appId eq '${query.clientId}'` : `displayName eq '${query.displayName.replace(/'/g, "''")}'`;
  const what = byId ? `client id ${query.clientId}` : `the name '${query.displayName}'`;
  const found = await graph.list<{ id: string; appId: string; displayName: string }>(
    `/applications?$filter=${filter(condition)}&$select=id,appId,displayName`,
    read(`find the application with ${what}`),
  );
  if (found.length === 0) {
    throw new AdoptionError(
      `no application with ${what} in tenant ${tenantId}: check ` +
        (byId
          ? "the Application (client) id in Entra ID > App registrations"
          : "the name in Entra ID > App registrations, or give --client-id") +
        " and --tenant-id",
    );
  }
  if (found.length > 1) {
    const ids = found.map((a) => a.appId).sort();
    throw new AdoptionError(
      `${found.length} applications have ${what} in tenant ${tenantId} (client ids ${ids.join(", ")}): ` +
        "give the one Corso uses with --client-id",
    );
  }
  return found[0];
}

function filter(condition: string): string {
  return encodeURIComponent(condition);
}

function read(what: string): GraphRead {
  return { what, permission: READ_APPLICATIONS };
}
