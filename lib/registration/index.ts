// The registration component's public face: the CorsoAppRegistration construct, its props and their
// checks, and its client secret slots.
export { CorsoAppRegistration } from "./corso-app-registration";
export {
  REGISTRATION_DEFAULTS,
  REGISTRATION_LIMITS,
  findRegistrationProblems,
  validateRegistrationProps,
} from "./registration-props";
export type { CorsoAppRegistrationProps, PropLabels, ResolvedRegistrationProps } from "./registration-props";
export { appRoleAssignmentImportId, applicationImportId, checkAdoption, servicePrincipalImportId } from "./adoption";
export type { CorsoAdoption } from "./adoption";
export { ClientSecret, hours } from "./client-secret";
export type { ClientSecretProps } from "./client-secret";
export { resolvePermissions } from "./permission-request";
export type { PermissionRequest } from "./permission-request";
export {
  PROVIDER_PROP,
  ensureDefaultProvider,
  findDefaultProvider,
  findProviderProblems,
  providersOf,
  terraformProviderType,
} from "./providers";
export type { ProviderFactory } from "./providers";
export { createSecretSlots } from "./secret-slots";
export { MIN_HALF_ROTATION_DAYS, secretSchedule, shortRotationWarning } from "./secret-schedule";
export type { SecretSchedule, SecretSlotSchedule } from "./secret-schedule";
export type { SecretSlots, SecretSlotsProps } from "./secret-slots";
