// Entra ID object, application and tenant ids are GUIDs written 8-4-4-4-12 in hexadecimal.
/** A GUID in any letter case, as a regular expression source (also the config file's JSON Schema `pattern`). */
export const GUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

const GUID = new RegExp(GUID_PATTERN);

/** True when `value` is a GUID in its usual text form, such as `72f988bf-86f1-41af-91ab-2d7cd011db47`. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

// Graph's app role assignment ids are base64url strings (43 characters today); bounded so an id stays one path segment.
const APP_ROLE_ASSIGNMENT_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** True when `value` has the form of an app role assignment id: base64url characters, at most 128. */
export function isAppRoleAssignmentId(value: string): boolean {
  return APP_ROLE_ASSIGNMENT_ID.test(value);
}
