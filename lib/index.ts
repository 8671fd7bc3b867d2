// Entry point `corso-m365-cdktf`: the construct library. It never loads the azurerm bindings; the
// Key Vault construct has its own entry point (lib/key-vault-secrets.ts).
export { CorsoAppRegistration, ClientSecret, REGISTRATION_DEFAULTS } from "./registration";
export type {
  CorsoAdoption,
  CorsoAppRegistrationProps,
  ClientSecretProps,
  SecretSchedule,
  SecretSlotSchedule,
} from "./registration";
export {
  CORSO_PERMISSIONS,
  CORSO_SERVICE_NAMES,
  DELEGATED_ONLY_PERMISSIONS,
  GRAPH_PERMISSIONS,
  MICROSOFT_GRAPH_APP_ID,
  PRE_RELEASE_SERVICES,
  corsoUsesOf,
  describeCorsoEvidence,
  findGraphPermission,
  permissionsForServices,
} from "./permissions";
export type {
  AccessLevel,
  CorsoBasis,
  CorsoEvidence,
  CorsoService,
  CorsoServiceName,
  CorsoUse,
  GraphPermission,
} from "./permissions";
export { CorsoValidationError } from "./common";
