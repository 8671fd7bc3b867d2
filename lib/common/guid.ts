// Entra ID object, application and tenant ids are GUIDs written 8-4-4-4-12 in hexadecimal.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a GUID in its usual text form, such as `72f988bf-86f1-41af-91ab-2d7cd011db47`. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
