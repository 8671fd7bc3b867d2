// The credentials component's public face: reading a deployed stack's outputs and writing them for
// bash, PowerShell, dotenv or Corso's TOML.
export { OutputsError, credentialsFromOutputs } from "./stack-outputs";
export type { CorsoCredentials } from "./stack-outputs";
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
