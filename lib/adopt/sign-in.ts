import { readFileSync } from "node:fs";
import { OPTIONAL_PEERS, requireOptionalPeer } from "../common";
import type { Cloud } from "./clouds";

/** What `corso-adopt` needs of a credential: an access token for a scope (any `@azure/identity` credential fits). */
export interface TokenSource {
  getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/** Where an OIDC (workload identity federation) token comes from. */
export type OidcTokenSource =
  | { readonly kind: "token" }
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "request"; readonly url: string };

/** How to sign in, chosen from the environment the way the azuread provider chooses. */
export type SignInMethod =
  | { readonly kind: "client-secret"; readonly tenantId: string; readonly clientId: string }
  | { readonly kind: "oidc"; readonly tenantId: string; readonly clientId: string; readonly token: OidcTokenSource }
  | { readonly kind: "managed-identity"; readonly clientId?: string }
  | { readonly kind: "azure-cli"; readonly tenantId: string };

/** Raised when the environment names no usable way to sign in; the message names the variable. */
export class SignInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SignInError";
  }
}

/**
 * Picks the sign-in the azuread provider would use with this environment: a client secret
 * (`ARM_CLIENT_ID` + `ARM_CLIENT_SECRET`), then OIDC (`ARM_USE_OIDC`), then a managed identity
 * (`ARM_USE_MSI`), then the Azure CLI's login (unless `ARM_USE_CLI=false`).
 */
export function chooseSignIn(tenantId: string, env: NodeJS.ProcessEnv = process.env): SignInMethod {
  const clientId = nonEmpty(env.ARM_CLIENT_ID);
  if (clientId !== undefined && nonEmpty(env.ARM_CLIENT_SECRET) !== undefined) {
    return { kind: "client-secret", tenantId, clientId };
  }
  if (flag(env, "ARM_USE_OIDC", false)) {
    if (clientId === undefined) {
      throw new SignInError(
        "ARM_USE_OIDC is true but ARM_CLIENT_ID is not set: give the client id of the federated identity",
      );
    }
    return { kind: "oidc", tenantId, clientId, token: oidcTokenSource(env) };
  }
  if (flag(env, "ARM_USE_MSI", false)) {
    return { kind: "managed-identity", clientId };
  }
  if (flag(env, "ARM_USE_CLI", true)) {
    return { kind: "azure-cli", tenantId };
  }
  throw new SignInError(
    "ARM_USE_CLI is false and no other sign-in is set: give ARM_CLIENT_ID and ARM_CLIENT_SECRET, ARM_USE_OIDC=true or ARM_USE_MSI=true",
  );
}

/** The sign-in in words, for the command's log; never a secret. */
export function describeSignIn(method: SignInMethod): string {
  switch (method.kind) {
    case "client-secret":
      return `service principal ${method.clientId} with a client secret (ARM_CLIENT_SECRET)`;
    case "oidc":
      return `service principal ${method.clientId} with an OIDC token (ARM_USE_OIDC)`;
    case "managed-identity":
      return `managed identity${method.clientId === undefined ? "" : ` ${method.clientId}`} (ARM_USE_MSI)`;
    case "azure-cli":
      return "the Azure CLI's login (az login)";
  }
}

/**
 * The `@azure/identity` credential for a sign-in. The library is loaded here, on first use, so
 * that nothing else in the package (synthesis above all) ever loads it.
 */
export function createCredential(
  method: SignInMethod,
  cloud: Cloud,
  env: NodeJS.ProcessEnv = process.env,
): TokenSource {
  // An optional peer dependency: only corso-adopt needs it.
  const identity = requireOptionalPeer<typeof import("@azure/identity")>(
    OPTIONAL_PEERS.identity,
    "@azure/identity",
    "corso-adopt's sign-in",
  );
  const authorityHost = cloud.authorityHost;
  switch (method.kind) {
    case "client-secret":
      return new identity.ClientSecretCredential(method.tenantId, method.clientId, env.ARM_CLIENT_SECRET as string, {
        authorityHost,
      });
    case "oidc":
      return new identity.ClientAssertionCredential(
        method.tenantId,
        method.clientId,
        () => readOidcToken(method.token, env),
        { authorityHost },
      );
    case "managed-identity":
      return method.clientId === undefined
        ? new identity.ManagedIdentityCredential()
        : new identity.ManagedIdentityCredential({ clientId: method.clientId });
    case "azure-cli":
      return new identity.AzureCliCredential({ tenantId: method.tenantId });
  }
}

/**
 * Reads the OIDC token to exchange: `ARM_OIDC_TOKEN`, the file `ARM_OIDC_TOKEN_FILE_PATH` names, or
 * GitHub Actions' token service with the audience Entra ID expects.
 */
export async function readOidcToken(source: OidcTokenSource, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  switch (source.kind) {
    case "token":
      return env.ARM_OIDC_TOKEN as string;
    case "file":
      try {
        return readFileSync(source.path, "utf8").trim();
      } catch (error) {
        throw new SignInError(`cannot read ARM_OIDC_TOKEN_FILE_PATH ${source.path}: ${(error as Error).message}`);
      }
    case "request": {
      // GitHub's ID token service: https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
      // Entra ID's audience for federated credentials: https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust
      const url = new URL(source.url);
      url.searchParams.set("audience", "api://AzureADTokenExchange");
      const requestToken = env.ARM_OIDC_REQUEST_TOKEN || env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${requestToken}`, Accept: "application/json" },
        });
      } catch (error) {
        throw new SignInError(`cannot reach the OIDC token service at ${url.origin}: ${(error as Error).message}`);
      }
      const body = (await response.json().catch(() => undefined)) as { value?: unknown } | undefined;
      if (!response.ok || typeof body?.value !== "string") {
        throw new SignInError(`the OIDC token service at ${url.origin} answered ${response.status} without a token`);
      }
      return body.value;
    }
  }
}

/**
 * The object id (`oid` claim) of whoever an access token was issued to, or undefined when the
 * token is not a JWT that says (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
 */
export function tokenObjectId(token: string): string | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { oid?: unknown };
    return typeof claims.oid === "string" ? claims.oid : undefined;
  } catch {
    return undefined;
  }
}

function oidcTokenSource(env: NodeJS.ProcessEnv): OidcTokenSource {
  if (nonEmpty(env.ARM_OIDC_TOKEN) !== undefined) return { kind: "token" };
  const file = nonEmpty(env.ARM_OIDC_TOKEN_FILE_PATH);
  if (file !== undefined) return { kind: "file", path: file };
  // The provider falls back to GitHub Actions' own variables (internal/provider/provider.go:202-209).
  const url = nonEmpty(env.ARM_OIDC_REQUEST_URL) ?? nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_URL);
  const token = nonEmpty(env.ARM_OIDC_REQUEST_TOKEN) ?? nonEmpty(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  if (url !== undefined && token !== undefined) return { kind: "request", url };
  throw new SignInError(
    "ARM_USE_OIDC is true but no token was found: set ARM_OIDC_TOKEN or ARM_OIDC_TOKEN_FILE_PATH, " +
      "or run in GitHub Actions with `permissions: id-token: write`",
  );
}

/** A boolean environment variable: true/false/1/0 in any case, the default when unset or empty. */
function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = nonEmpty(env[name]);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === "true" || lower === "1") return true;
  if (lower === "false" || lower === "0") return false;
  throw new SignInError(`${name} '${value}' is not a boolean: give true, false, 1 or 0`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
