export { CorsoAppRegistration } from "./corso-app-registration";
export type { CorsoAppRegistrationProps } from "./corso-app-registration";
export { ClientSecret } from "./client-secret";
export type { ClientSecretProps } from "./client-secret";
export {
  CORSO_PERMISSIONS,
  DELEGATED_ONLY_PERMISSIONS,
  GRAPH_PERMISSIONS,
  MICROSOFT_GRAPH_APP_ID,
  corsoUsesOf,
  findGraphPermission,
} from "./graph-permissions";
export type { AccessLevel, CorsoService, CorsoUse, GraphPermission } from "./graph-permissions";
export { CORSO_SERVICE_NAMES, permissionsForServices } from "./corso-services";
export type { CorsoServiceName } from "./corso-services";
export { REGISTRATION_DEFAULTS } from "./validate-registration-props";
export { CorsoValidationError } from "./validation-error";
