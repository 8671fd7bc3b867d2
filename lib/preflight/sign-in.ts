import { type Diagnosis, type TokenFailure, diagnoseSignIn, mayPropagate } from "./diagnosis";
import type { PreflightEndpoints } from "./endpoints";
import { redactSecrets } from "./redact";
import { safeText } from "./safe-text";

/** The credentials Corso signs in with: `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`. */
export interface ClientCredentials {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Corso asks for Graph's static permissions, the app's consented roles (alcionai/corso src/pkg/services/m365/api/graph/auth.go:23-25). */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** Raised when the token endpoint cannot be reached or answers with something that is not OAuth. */
export class SignInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SignInError";
  }
}

/** A token, or what the token endpoint said instead. */
export type TokenAnswer =
  | { readonly ok: true; readonly accessToken: string; readonly roles: readonly string[] }
  | { readonly ok: false; readonly failure: TokenFailure };

/** How long one HTTP request may take before the preflight gives up on it. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Asks the Microsoft identity platform v2.0 token endpoint for a Graph token with the client
 * credentials grant, exactly as Corso does: azidentity's ClientSecretCredential
 * (alcionai/corso src/pkg/services/m365/api/graph/auth.go:18) posts client_id, client_secret,
 * scope and grant_type=client_credentials to `<login>/<tenant>/oauth2/v2.0/token`, the request
 * Corso's own check spells out (src/pkg/services/m365/api/access.go:35-47;
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-credentials-grant-flow).
 */
export async function requestToken(
  credentials: ClientCredentials,
  endpoints: PreflightEndpoints,
  fetchImpl: typeof fetch = fetch,
): Promise<TokenAnswer> {
  const url = `${endpoints.login}/${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`;
  const body = new URLSearchParams({
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    scope: GRAPH_SCOPE,
    grant_type: "client_credentials",
  });
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: body.toString(),
      redirect: "error",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    throw new SignInError(`cannot reach the token endpoint ${url}: ${describeNetworkError(error)}`);
  }
  let parsed: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(text);
    parsed =
      value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
  } catch {
    parsed = undefined;
  }
  if (response.ok && parsed !== undefined && typeof parsed.access_token === "string" && parsed.access_token !== "") {
    return { ok: true, accessToken: parsed.access_token, roles: tokenRoles(parsed.access_token) };
  }
  return { ok: false, failure: tokenFailure(response.status, parsed, credentials.clientSecret) };
}

function tokenFailure(status: number, parsed: Record<string, unknown> | undefined, secret: string): TokenFailure {
  if (parsed === undefined) {
    return { status, description: `(no OAuth error in the answer, HTTP ${status})` };
  }
  // The description's first line is the message; Trace ID, Correlation ID and Timestamp follow.
  const description =
    typeof parsed.error_description === "string"
      ? redactSecrets(parsed.error_description, [secret]).split(/\r?\n/)[0]
      : "";
  const codes = Array.isArray(parsed.error_codes) ? parsed.error_codes : [];
  const fromCodes = typeof codes[0] === "number" && Number.isInteger(codes[0]) ? `AADSTS${codes[0]}` : undefined;
  const fromText = /\bAADSTS(\d{1,9})\b/.exec(description)?.[0];
  return {
    status,
    aadsts: fromCodes ?? fromText,
    error: typeof parsed.error === "string" ? safeText(parsed.error, 60) : undefined,
    description: safeText(description === "" ? `(HTTP ${status})` : description),
  };
}

/**
 * The `roles` claim of an access token: the application permissions consented to the app
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). The
 * signature is not checked, and need not be: the token came straight from the token endpoint over
 * TLS in answer to this request, and is read only to report what it grants; Graph checks it on
 * every call, so nothing is allowed on the strength of this reading.
 */
export function tokenRoles(token: string): string[] {
  const parts = token.split(".");
  if (parts.length !== 3) return [];
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    const roles = payload !== null && typeof payload === "object" ? (payload as { roles?: unknown }).roles : undefined;
    return Array.isArray(roles) ? roles.filter((role): role is string => typeof role === "string") : [];
  } catch {
    return [];
  }
}

/** What the sign-in waits with, and where it reports progress. */
export interface SignInOptions {
  readonly endpoints: PreflightEndpoints;
  /** Application permissions the stack requests; a token without all of them is retried while consent propagates. */
  readonly requestedRoles: readonly string[];
  /** Seconds to keep retrying while a new secret, app or consent propagates. */
  readonly waitSeconds: number;
  readonly progress: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

/** How the sign-in went. */
export interface SignInOutcome {
  readonly attempts: number;
  readonly waitedSeconds: number;
  /** The access token, when one was issued. */
  readonly accessToken?: string;
  /** The token's roles (empty without a token). */
  readonly roles: readonly string[];
  /** Why no token was issued. */
  readonly blocked?: Diagnosis;
}

// Waits between attempts: a new secret or consent usually works within a minute or two.
const DELAYS_SECONDS = [5, 10, 15, 20, 30];

/**
 * Signs in as Corso will, retrying (bounded by `waitSeconds`, with a progress line before each
 * wait) while the answer is one a fresh deploy gives for a few minutes: an invalid secret or an
 * unknown app (AADSTS7000215, AADSTS700016), a busy service, or a token that lacks requested roles.
 */
export async function signIn(credentials: ClientCredentials, options: SignInOptions): Promise<SignInOutcome> {
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    const answer = await requestToken(credentials, options.endpoints, options.fetch);
    const delay = Math.min(
      DELAYS_SECONDS[Math.min(attempt - 1, DELAYS_SECONDS.length - 1)],
      options.waitSeconds - waited,
    );
    if (!answer.ok) {
      const diagnosis = diagnoseSignIn(answer.failure, credentials);
      if (!mayPropagate(answer.failure) || delay <= 0) {
        return { attempts: attempt, waitedSeconds: waited, roles: [], blocked: diagnosis };
      }
      options.progress(
        `sign-in refused (${answer.failure.aadsts ?? `HTTP ${answer.failure.status}`}): a new secret or app can take a few minutes to work; attempt ${attempt + 1} in ${delay} s (${waited} of ${options.waitSeconds} s waited)`,
      );
    } else {
      const held = new Set(answer.roles);
      const missing = options.requestedRoles.filter((role) => !held.has(role));
      if (missing.length === 0 || delay <= 0) {
        return { attempts: attempt, waitedSeconds: waited, accessToken: answer.accessToken, roles: answer.roles };
      }
      options.progress(
        `the token lacks ${missing.length} requested role${missing.length === 1 ? "" : "s"} (${missing.join(", ")}): admin consent can take a few minutes to reach sign-in; attempt ${attempt + 1} in ${delay} s (${waited} of ${options.waitSeconds} s waited)`,
      );
    }
    await options.sleep(delay * 1000);
    waited += delay;
  }
}

/** A network failure in words, without the request (whose body holds the secret). */
export function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  if (cause !== undefined && typeof cause.code === "string") return cause.code;
  if (cause !== undefined && typeof cause.message === "string") return safeText(cause.message, 120);
  return error instanceof Error ? safeText(error.message, 120) : "unknown error";
}
