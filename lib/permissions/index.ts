// The permissions component's public face: the Microsoft Graph catalog and Corso's service profiles.
// Plain data and functions, no cdktf: the review command reads it without loading cdktf.
export {
  CORSO_PERMISSIONS,
  DELEGATED_ONLY_PERMISSIONS,
  GRAPH_PERMISSIONS,
  MICROSOFT_GRAPH_APP_ID,
  corsoUsesOf,
  describeCorsoEvidence,
  findGraphPermission,
} from "./graph-permissions";
export type {
  AccessLevel,
  CorsoBasis,
  CorsoEvidence,
  CorsoService,
  CorsoUse,
  GraphPermission,
} from "./graph-permissions";
export {
  CORSO_SERVICE_NAMES,
  PRE_RELEASE_SERVICES,
  canonicalService,
  isCorsoServiceName,
  permissionsForServices,
} from "./corso-services";
export type { CorsoServiceName } from "./corso-services";
export {
  GRAPH_PERMISSION_ID_COUNTS,
  graphAppRoleId,
  graphAppRoleName,
  graphDelegatedScopeName,
} from "./graph-app-role-ids";
