// The credentials component's public face: reading a deployed stack's outputs (in either shape,
// for any command that needs them), picking Corso's credentials from them, and writing those for
// bash, PowerShell, dotenv or Corso's config file; the command's arguments and what it does with them.
export {
  OutputsError,
  describeValue,
  listOutputNames,
  pickCorsoStack,
  quoteName,
  readEveryStackOutputs,
  readStackOutputs,
} from "./stack-outputs";
export type { OutputsShape, ReadStackOutputsOptions, StackOutputs } from "./stack-outputs";
export { DEFAULT_OUTPUT_NAMES, credentialsOutputNames, pickCorsoCredentials } from "./corso-credentials";
export type { CorsoCredentials, CorsoVariable, OutputNameOptions, OutputNames } from "./corso-credentials";
export { CorsoConfigError, corsoConfigEntries, mergeCorsoConfig, mergeCorsoConfigFile } from "./corso-config";
export {
  CREDENTIAL_FORMATS,
  UnquotableValueError,
  bashQuote,
  dotenvQuote,
  formatCredentials,
  powershellQuote,
  tomlQuote,
} from "./formats";
export type { CredentialFormat } from "./formats";
export { deliverCredentials } from "./deliver-credentials";
export { CREDENTIALS_USAGE, parseCredentialsArguments } from "./command-line";
export type { UsageRequest } from "./command-line";
export type { CredentialsIo, CredentialsRequest } from "./deliver-credentials";
