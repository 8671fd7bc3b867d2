// The preflight component's public face: signing in with a deployed stack's credentials as Corso
// does, comparing the token's roles with the stack's request, making Corso's first read-only Graph
// calls per service and telling each failure's cause and fix. It reads outputs through the
// credentials component and the synthesis through the review component.
export { DEFAULT_ENDPOINTS, ENDPOINT_VARIABLES, EndpointError, preflightEndpoints } from "./endpoints";
export type { PreflightEndpoints } from "./endpoints";
export { GRAPH_SCOPE, SignInError, requestToken, signIn, tokenRoles } from "./sign-in";
export type { ClientCredentials, SignInOptions, SignInOutcome, TokenAnswer } from "./sign-in";
export { diagnoseGraph, diagnoseSignIn, mayPropagate, readGraphFailure } from "./diagnosis";
export type { BlockKind, CallNeeds, Diagnosis, GraphFailure, TokenFailure } from "./diagnosis";
export { GraphReader, GraphUnreachableError } from "./graph-reader";
export type { Check, CheckArea, CheckState } from "./corso-calls";
export { renderPreflightJson, renderPreflightTable } from "./report";
export type { PreflightReport, ServiceState } from "./report";
export { DEFAULT_WAIT_SECONDS, runPreflight } from "./run-preflight";
export type { PreflightIo, PreflightRequest } from "./run-preflight";
export { PREFLIGHT_USAGE, parsePreflightArguments } from "./command-line";
export { safeText } from "./safe-text";
