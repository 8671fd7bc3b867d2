/** The Azure clouds `corso-adopt` signs in to, as the azuread provider names them. */
export const CLOUD_NAMES = ["public", "usgovernment", "china"] as const;

/** One of {@link CLOUD_NAMES}. */
export type CloudName = (typeof CLOUD_NAMES)[number];

/** Where to sign in and where Microsoft Graph answers, for one cloud. */
export interface Cloud {
  readonly name: CloudName;
  /** Microsoft Entra ID's sign-in host. */
  readonly authorityHost: string;
  /** Microsoft Graph's root, without a trailing slash. */
  readonly graphEndpoint: string;
}

// Graph roots per national cloud: https://learn.microsoft.com/graph/deployments#microsoft-graph-and-graph-explorer-service-root-endpoints
// Sign-in hosts: https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints
const CLOUDS: Record<CloudName, Cloud> = {
  public: {
    name: "public",
    authorityHost: "https://login.microsoftonline.com",
    graphEndpoint: "https://graph.microsoft.com",
  },
  usgovernment: {
    name: "usgovernment",
    authorityHost: "https://login.microsoftonline.us",
    graphEndpoint: "https://graph.microsoft.us",
  },
  china: {
    name: "china",
    authorityHost: "https://login.chinacloudapi.cn",
    graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
  },
};

// ARM_ENVIRONMENT's values that name these clouds (terraform-provider-azuread internal/provider/provider.go:119-123).
const ARM_ENVIRONMENTS: Record<string, CloudName> = {
  global: "public",
  public: "public",
  usgovernment: "usgovernment",
  usgovernmentl4: "usgovernment",
  china: "china",
};

/** Raised for a cloud or endpoint that cannot be used; the message names the option and the value. */
export class CloudError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CloudError";
  }
}

/**
 * The cloud from `--environment`, else from `ARM_ENVIRONMENT` as the azuread provider reads it,
 * else the public cloud; `--graph-endpoint` replaces Graph's root (another cloud, or a test double).
 */
export function resolveCloud(
  environment: string | undefined,
  graphEndpoint: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Cloud {
  let cloud: Cloud;
  if (environment !== undefined) {
    if (!(CLOUD_NAMES as readonly string[]).includes(environment)) {
      throw new CloudError(`--environment must be one of ${CLOUD_NAMES.join(", ")}; got '${environment}'`);
    }
    cloud = CLOUDS[environment as CloudName];
  } else if (env.ARM_ENVIRONMENT !== undefined && env.ARM_ENVIRONMENT !== "") {
    const name = ARM_ENVIRONMENTS[env.ARM_ENVIRONMENT.toLowerCase()];
    if (name === undefined) {
      throw new CloudError(
        `ARM_ENVIRONMENT '${env.ARM_ENVIRONMENT}' is not one of ${Object.keys(ARM_ENVIRONMENTS).join(", ")}: ` +
          "give --environment and, for another cloud, --graph-endpoint",
      );
    }
    cloud = CLOUDS[name];
  } else {
    cloud = CLOUDS.public;
  }
  return graphEndpoint === undefined ? cloud : { ...cloud, graphEndpoint: checkEndpoint(graphEndpoint) };
}

/** An https URL, or http on the loopback interface only (a local test double): the token travels to it. */
function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CloudError(
      `--graph-endpoint '${endpoint}' is not a URL: give Microsoft Graph's root, such as https://graph.microsoft.com`,
    );
  }
  const loopback = ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new CloudError(
      `--graph-endpoint '${endpoint}' must use https (plain http only on 127.0.0.1): the access token is sent there`,
    );
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new CloudError(`--graph-endpoint '${endpoint}' must be Graph's root, without a query, fragment or user`);
  }
  return url.href.replace(/\/+$/, "");
}
