// The adopt component's public face: what `corso-adopt` does. It reads Microsoft Graph with
// @azure/identity's credentials, which load only here: neither synthesis nor the library's entry
// points import this component.
export { adoptRegistration } from "./adopt-registration";
export type { AdoptRegistrationOptions, AdoptRegistrationResult } from "./adopt-registration";
export { adoptionOf } from "./adoption-block";
export type { Adoption, AdoptionContext } from "./adoption-block";
export { CLOUD_NAMES, CloudError, resolveCloud } from "./clouds";
export { ADOPT_USAGE, UsageError, parseAdoptCommandLine } from "./command-line";
export type { AdoptCommandLine } from "./command-line";
export type { Cloud, CloudName } from "./clouds";
export { displayNameChoice, readTenantSettings, writeAdoption } from "./config-update";
export type { TenantSettings, TenantTarget, WrittenAdoption } from "./config-update";
export { AdoptionError, readExistingRegistration } from "./existing-registration";
export type { ApplicationQuery, ExistingConsent, ExistingRegistration } from "./existing-registration";
export { GRAPH_RESPONSE_LIMIT_BYTES, GraphClient, GraphError } from "./graph-client";
export type { GraphClientOptions, GraphRead } from "./graph-client";
export { ShellCommandError, commandAssignmentId, commandGuid, shellCommand, shellQuote } from "./shell-command";
export { SignInError, chooseSignIn, createCredential, describeSignIn, readOidcToken, tokenObjectId } from "./sign-in";
export type { OidcTokenSource, SignInMethod, TokenSource } from "./sign-in";
