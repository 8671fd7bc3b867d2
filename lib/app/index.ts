// The app component's public face: the deployable stack, the config file reader, one stack per
// tenant, and the app itself with its checked environment and all-or-nothing synthesis. The config
// schema (and zod and the JSON reader with it) loads only when a config file is read.
export { CorsoStack } from "./corso-stack";
export type { CorsoStackProps } from "./corso-stack";
export { checkCorsoConfig, readCorsoConfig } from "./config-file";
export { addTenantStacks } from "./tenant-stacks";
export { BACKEND_DEFAULTS, NAME_PLACEHOLDER, addBackend, findBackendProblems, stateLocation } from "./backends";
export type {
  AzurermBackendConfig,
  BackendConfig,
  BackendProblem,
  CloudBackendConfig,
  LocalBackendConfig,
} from "./backends";
export { readAppEnvironment, readBoolean } from "./environment";
export type { AppEnvironment } from "./environment";
export { synthesizeInto } from "./output-directory";
export type { SynthesisOptions } from "./output-directory";
export { synthesizeCorsoApp } from "./corso-app";
export type { CorsoConfig, TenantConfig } from "./config-schema";
