// The app component's public face: the deployable stack, the config file reader and one stack per
// tenant. The config schema (and zod with it) loads only when a config file is read.
export { CorsoStack } from "./corso-stack";
export type { CorsoStackProps } from "./corso-stack";
export { readCorsoConfig } from "./config-file";
export { addTenantStacks } from "./tenant-stacks";
export { BACKEND_DEFAULTS, addBackend } from "./backends";
export type { BackendConfig, CorsoConfig, TenantConfig } from "./config-schema";
