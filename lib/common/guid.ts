// Entra ID object, application and tenant ids are GUIDs written 8-4-4-4-12 in hexadecimal.
/** A GUID in any letter case, as a regular expression source (also the config file's JSON Schema `pattern`). */
export const GUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

const GUID = new RegExp(GUID_PATTERN);

/** True when `value` is a GUID in its usual text form, such as `72f988bf-86f1-41af-91ab-2d7cd011db47`. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
