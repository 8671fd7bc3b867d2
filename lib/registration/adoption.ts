import { Token } from "cdktf";
import { type PropType, closestName, isAppRoleAssignmentId, isGuid, listOf, recordOf, show, text } from "../common";
import { GRAPH_PERMISSIONS, findGraphPermission } from "../permissions";

/**
 * What identifies a Corso registration made by hand, so that `CorsoAppRegistration` takes it over
 * (Terraform import blocks) rather than creating a new app: `corso-adopt` reads these from Microsoft Graph.
 */
export interface CorsoAdoption {
  /**
   * Application (client) id of the existing app, the `AZURE_CLIENT_ID` Corso already uses; every plan
   * checks that the imported application has it.
   */
  readonly clientId: string;

  /** Object id of the existing application (Entra ID > App registrations > Object ID). */
  readonly applicationObjectId: string;

  /** Object id of its service principal (Entra ID > Enterprise applications > Object ID). */
  readonly servicePrincipalObjectId: string;

  /**
   * Admin consents to Microsoft Graph already granted, by permission name: the id of each app role
   * assignment. Those the registration requests are imported; the others are left as they are.
   * @default - none: every requested permission is consented anew
   */
  readonly consents?: Readonly<Record<string, string>>;

  /**
   * Object ids of the application's current owners, kept as owners (the provider removes any owner
   * the configuration does not list).
   * @default - none
   */
  readonly owners?: readonly string[];
}

const KNOWN_NAMES = GRAPH_PERMISSIONS.map((p) => p.name);

// Import id formats of azuread 3.x (hashicorp/terraform-provider-azuread v3.7.0): docs/resources/application.md:400-406,
// service_principal.md:186-192, app_role_assignment.md:197-205; parsed by the importers at
// internal/services/applications/application_resource.go:56, serviceprincipals/service_principal_resource.go:50
// and approleassignments/app_role_assignment_resource.go:39 (stable.Validate*ID of go-azure-sdk).

/** Import id of an `azuread_application`: `/applications/{objectId}`. */
export function applicationImportId(objectId: string): string {
  return `/applications/${objectId}`;
}

/** Import id of an `azuread_service_principal`: `/servicePrincipals/{objectId}`. */
export function servicePrincipalImportId(objectId: string): string {
  return `/servicePrincipals/${objectId}`;
}

/**
 * Import id of an `azuread_app_role_assignment`: the resource's service principal (Microsoft Graph's,
 * not the app's) and the assignment id, `/servicePrincipals/{resourceObjectId}/appRoleAssignedTo/{assignmentId}`.
 */
export function appRoleAssignmentImportId(resourceObjectId: string, assignmentId: string): string {
  return `/servicePrincipals/${resourceObjectId}/appRoleAssignedTo/${assignmentId}`;
}

/**
 * Adds a message to `problems` for every mistake in an adoption, each naming the field under
 * `field` (`adopt` for the prop) and the value received.
 */
export function checkAdoption(adopt: unknown, field: string, problems: string[]): void {
  if (adopt === undefined || Token.isUnresolved(adopt)) return;
  if (!isRecord(adopt)) {
    problems.push(
      `${field} ${show(adopt)} is not an object: give clientId, applicationObjectId, servicePrincipalObjectId, consents and owners as corso-adopt prints them`,
    );
    return;
  }
  const guid = (name: "clientId" | "applicationObjectId" | "servicePrincipalObjectId", what: string) => {
    const value = adopt[name];
    if (Token.isUnresolved(value)) return;
    if (value === undefined) {
      problems.push(`${field}.${name} is missing: give ${what}`);
    } else if (typeof value !== "string" || !isGuid(value)) {
      problems.push(`${field}.${name} ${show(value)} is not a GUID: give ${what}`);
    }
  };
  guid("clientId", "the application (client) id of the app to adopt");
  guid("applicationObjectId", "the object id of the application (App registrations > Object ID)");
  guid("servicePrincipalObjectId", "the object id of its service principal (Enterprise applications > Object ID)");
  const { applicationObjectId, servicePrincipalObjectId } = adopt;
  if (
    typeof applicationObjectId === "string" &&
    typeof servicePrincipalObjectId === "string" &&
    applicationObjectId.toLowerCase() === servicePrincipalObjectId.toLowerCase()
  ) {
    problems.push(
      `${field}.servicePrincipalObjectId is the application's object id: give the object id shown in Enterprise applications`,
    );
  }
  checkConsents(adopt.consents, `${field}.consents`, problems);
  checkOwnerIds(adopt.owners, `${field}.owners`, problems);
}

function checkConsents(consents: unknown, field: string, problems: string[]): void {
  if (consents === undefined || Token.isUnresolved(consents)) return;
  if (!isRecord(consents)) {
    problems.push(
      `${field} ${show(consents)} is not an object: map each permission name to its app role assignment id`,
    );
    return;
  }
  for (const [permission, assignmentId] of Object.entries(consents)) {
    if (!findGraphPermission(permission)) {
      const closest = closestName(permission, KNOWN_NAMES);
      problems.push(
        `unknown Microsoft Graph permission ${show(permission)} in ${field}: ` +
          (closest === undefined
            ? "give a permission of the catalog (GRAPH_PERMISSIONS)"
            : `did you mean ${show(closest)}?`),
      );
    }
    if (Token.isUnresolved(assignmentId)) continue;
    if (typeof assignmentId !== "string" || !isAppRoleAssignmentId(assignmentId)) {
      problems.push(
        `${field}[${show(permission)}] ${show(assignmentId)} is not an app role assignment id ` +
          "(letters, digits, '-' and '_', as corso-adopt prints it)",
      );
    }
  }
}

function checkOwnerIds(owners: unknown, field: string, problems: string[]): void {
  if (owners === undefined || Token.isUnresolved(owners)) return;
  if (!Array.isArray(owners)) {
    problems.push(`${field} ${show(owners)} is not a list: give the owners' object ids`);
    return;
  }
  const seen = new Set<string>();
  for (const owner of owners) {
    if (Token.isUnresolved(owner)) continue;
    if (typeof owner !== "string" || !isGuid(owner)) {
      problems.push(
        `owner ${show(owner)} in ${field} is not a GUID: give the object id of a user or service principal`,
      );
    } else if (seen.has(owner.toLowerCase())) {
      problems.push(`owner ${show(owner)} appears more than once in ${field}`);
    } else {
      seen.add(owner.toLowerCase());
    }
  }
}

const ADOPTION_ALLOWED =
  "an object of clientId, applicationObjectId, servicePrincipalObjectId, consents and owners, as corso-adopt prints it";
const ADOPTION_FIELDS: Readonly<Record<keyof CorsoAdoption, PropType>> = {
  clientId: text,
  applicationObjectId: text,
  servicePrincipalObjectId: text,
  consents: recordOf(text),
  owners: listOf(text),
};

/**
 * The runtime type of the `adopt` prop, for JavaScript callers: an object whose fields have their
 * types; what they must hold (GUIDs, known permissions, a missing id) is {@link checkAdoption}'s.
 */
export const ADOPTION_PROP: PropType = {
  allowed: ADOPTION_ALLOWED,
  plural: "adopt blocks",
  required: false,
  mismatch: (value) => {
    if (!isRecord(value)) return { path: "", allowed: ADOPTION_ALLOWED, value };
    for (const [field, inner] of Object.entries(value)) {
      const type = (ADOPTION_FIELDS as Record<string, PropType | undefined>)[field];
      if (type === undefined) {
        return { path: `.${field}`, allowed: `no such field: ${ADOPTION_ALLOWED}`, value: inner };
      }
      const found = inner === undefined ? undefined : type.mismatch(inner);
      if (found !== undefined) return { ...found, path: `.${field}${found.path}` };
    }
    return undefined;
  },
};

/** The adopted consents whose permission the registration does not request: they cannot be imported. */
export function unrequestedConsents(adopt: CorsoAdoption, requested: readonly string[]): string[] {
  if (adopt.consents === undefined || Token.isUnresolved(adopt.consents)) return [];
  return Object.keys(adopt.consents).filter((permission) => !requested.includes(permission));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
