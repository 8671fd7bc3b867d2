import { displayText, isAppRoleAssignmentId, isGuid, show } from "../common";
import { MICROSOFT_GRAPH_APP_ID } from "../permissions";
import type { GraphClient, GraphRead } from "./graph-client";
import { commandGuid, shellCommand } from "./shell-command";

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

/**
 * The registration cannot be adopted as asked (not found, ambiguous, no service principal), or
 * Microsoft Graph's answer lacks an id or gives one that is not of its form.
 */
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
 * assignments it holds, with Graph's own service principal to name each Graph permission. Every id
 * is checked as it arrives: a missing one, or one that is not a GUID (an assignment id: base64url),
 * is an {@link AdoptionError} naming it; the application's appId must be the client id asked for,
 * and its service principal's appId the application's.
 */
export async function readExistingRegistration(
  graph: GraphClient,
  query: ApplicationQuery,
  tenantId: string,
): Promise<ExistingRegistration> {
  const application = await findApplication(graph, query, tenantId);
  const label = `'${displayText(application.displayName)}' (client id ${application.appId})`;

  const principals = await graph.list<unknown>(
    `/servicePrincipals?$filter=${filter(`appId eq '${application.appId}'`)}&$select=id,appId`,
    read(`read the service principal of ${label}`),
  );
  if (principals.length === 0) {
    const create = shellCommand`az ad sp create --id ${commandGuid(application.appId, "the client id")}`;
    throw new AdoptionError(
      `application ${label} has no service principal in tenant ${tenantId}, so it was never granted consent there: ` +
        `create one (${create}) and run corso-adopt again`,
    );
  }
  if (principals.length > 1) {
    throw new AdoptionError(`Microsoft Graph gave ${principals.length} service principals for ${label}, not one`);
  }
  const principalOf = `the service principal of ${label}`;
  const servicePrincipalObjectId = idIn(principals[0], "id", principalOf);
  const principalAppId = idIn(principals[0], "appId", principalOf);
  if (principalAppId.toLowerCase() !== application.appId.toLowerCase()) {
    throw new AdoptionError(
      `Microsoft Graph gave for ${label} a service principal of another app, appId ${principalAppId}: refusing to adopt it`,
    );
  }

  const owners = await graph.list<unknown>(
    `/applications/${application.id}/owners?$select=id`,
    read(`list the owners of ${label}`),
  );
  const ownerIds = owners.map((o) => idIn(o, "id", `an owner of ${label}`));
  const graphPrincipals = await graph.list<unknown>(
    `/servicePrincipals?$filter=${filter(`appId eq '${MICROSOFT_GRAPH_APP_ID}'`)}&$select=id,appRoles`,
    read("read Microsoft Graph's service principal"),
  );
  if (graphPrincipals.length !== 1) {
    throw new AdoptionError(
      `tenant ${tenantId} has ${graphPrincipals.length} service principals for Microsoft Graph, not one`,
    );
  }
  const graphPrincipal = graphPrincipals[0] as { appRoles?: unknown };
  const graphObjectId = idIn(graphPrincipal, "id", "Microsoft Graph's service principal");
  const roles = Array.isArray(graphPrincipal.appRoles) ? (graphPrincipal.appRoles as unknown[]) : [];
  const roleNames = new Map(
    roles.flatMap((role) => {
      const { id, value } = (role ?? {}) as { id?: unknown; value?: unknown };
      return typeof id === "string" && typeof value === "string" ? [[id, value] as const] : [];
    }),
  );

  const assignments = await graph.list<unknown>(
    `/servicePrincipals/${servicePrincipalObjectId}/appRoleAssignments`,
    read(`list the admin consents (app role assignments) of ${label}`),
  );

  return {
    displayName: application.displayName,
    clientId: application.appId,
    applicationObjectId: application.id,
    servicePrincipalObjectId,
    owners: ownerIds.sort(),
    graphObjectId,
    consents: assignments.map((a) => {
      const of = `an admin consent (app role assignment) of ${label}`;
      const assignmentId = idIn(a, "id", of, "assignment");
      const appRoleId = idIn(a, "appRoleId", of);
      const resourceObjectId = idIn(a, "resourceId", of);
      const name = (a as { resourceDisplayName?: unknown }).resourceDisplayName;
      return {
        assignmentId,
        appRoleId,
        resourceObjectId,
        resourceName: typeof name === "string" && name !== "" ? name : resourceObjectId,
        graphPermission:
          resourceObjectId.toLowerCase() === graphObjectId.toLowerCase() ? roleNames.get(appRoleId) : undefined,
      };
    }),
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
  const what = byId ? `client id ${query.clientId}` : `the name '${displayText(query.displayName)}'`;
  const found = await graph.list<unknown>(
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
    const ids = found.map((a) => displayText(String((a as { appId?: unknown } | null)?.appId))).sort();
    throw new AdoptionError(
      `${found.length} applications have ${what} in tenant ${tenantId} (client ids ${ids.join(", ")}): ` +
        "give the one Corso uses with --client-id",
    );
  }
  const of = `the application found with ${what}`;
  const id = idIn(found[0], "id", of);
  const appId = idIn(found[0], "appId", of);
  const displayName = (found[0] as { displayName?: unknown }).displayName;
  if (typeof displayName !== "string") {
    throw new AdoptionError(`Microsoft Graph's answer has no displayName for ${of}: cannot adopt without it`);
  }
  if (byId && appId.toLowerCase() !== query.clientId.toLowerCase()) {
    throw new AdoptionError(
      `Microsoft Graph answered the search for client id ${query.clientId} with an application whose appId is ${appId}: ` +
        "refusing to adopt an app other than --client-id",
    );
  }
  return { id, appId, displayName };
}

/**
 * The id `field` of an object Microsoft Graph gave: present and a GUID (`assignment`: an app role
 * assignment id), else an {@link AdoptionError} naming the field, the object and the value.
 */
function idIn(object: unknown, field: string, of: string, form: "guid" | "assignment" = "guid"): string {
  const value = typeof object === "object" && object !== null ? (object as Record<string, unknown>)[field] : undefined;
  if (value === undefined || value === null || value === "") {
    throw new AdoptionError(`Microsoft Graph's answer has no ${field} for ${of}: cannot adopt without it`);
  }
  const valid = typeof value === "string" && (form === "guid" ? isGuid(value) : isAppRoleAssignmentId(value));
  if (!valid) {
    const shown = displayText(show(value));
    const expected = form === "guid" ? "a GUID" : "an app role assignment id (letters, digits, '-' and '_')";
    throw new AdoptionError(
      `Microsoft Graph's answer has ${field} ${shown} for ${of}, which is not ${expected}: refusing to use it`,
    );
  }
  return value as string;
}

function filter(condition: string): string {
  return encodeURIComponent(condition);
}

function read(what: string): GraphRead {
  return { what, permission: READ_APPLICATIONS };
}
