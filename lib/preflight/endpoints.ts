/** Where the preflight signs in and reads: the Microsoft identity platform and Microsoft Graph. */
export interface PreflightEndpoints {
  /** The identity platform's root; the token endpoint is `<login>/<tenant>/oauth2/v2.0/token`. */
  readonly login: string;
  /** Microsoft Graph's root; calls go to `<graph>/v1.0/...`. */
  readonly graph: string;
}

/** Microsoft's global cloud, where Corso signs in (alcionai/corso src/pkg/services/m365/api/access.go:35-37). */
export const DEFAULT_ENDPOINTS: PreflightEndpoints = {
  login: "https://login.microsoftonline.com",
  graph: "https://graph.microsoft.com",
};

/** The environment variables that move an endpoint (for a test double or a proxy); they never carry credentials. */
export const ENDPOINT_VARIABLES = {
  login: "CORSO_PREFLIGHT_LOGIN_URL",
  graph: "CORSO_PREFLIGHT_GRAPH_URL",
} as const;

/** Raised for an endpoint override that is not a plain https URL (or http on this machine). */
export class EndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EndpointError";
  }
}

/**
 * The endpoints to use: each given one, else its environment variable, else Microsoft's. An
 * override must be an https URL, or http to this machine (a local double): the client secret is
 * posted to it, so it must never travel in clear text over a network.
 */
export function preflightEndpoints(
  given: Partial<PreflightEndpoints> = {},
  env: NodeJS.ProcessEnv = process.env,
): PreflightEndpoints {
  const pick = (key: keyof PreflightEndpoints): string => {
    const value = given[key] ?? nonEmpty(env[ENDPOINT_VARIABLES[key]]);
    return value === undefined ? DEFAULT_ENDPOINTS[key] : checkEndpoint(ENDPOINT_VARIABLES[key], value);
  };
  return { login: pick("login"), graph: pick("graph") };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function checkEndpoint(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EndpointError(
      `${name} is not a URL: got ${JSON.stringify(value)}; expected e.g. https://login.microsoftonline.com`,
    );
  }
  const allowed = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  if (!allowed) {
    throw new EndpointError(
      `${name} must be an https URL (http only to 127.0.0.1 or localhost): got ${JSON.stringify(value)}`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    // Not shown: what stands for a password may be one.
    throw new EndpointError(`${name} must not hold a user or password: give the endpoint's root URL alone`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new EndpointError(`${name} must be a root URL without query or fragment: got ${JSON.stringify(value)}`);
  }
  return url.href.replace(/\/+$/, "");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
