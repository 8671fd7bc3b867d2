/** An optional peer dependency: a package the project installs only for the feature that needs it. */
export interface OptionalPeer {
  /** The package's name on npm. */
  readonly name: string;
  /** The range to install: one for any project, or one per cdktf line (bindings follow cdktf's minor). */
  readonly range: string | { readonly "0.20": string; readonly "0.21": string };
}

// The bindings' own peer ranges (`npm view @cdktf/provider-random@11 peerDependencies`): 11.x needs cdktf
// ^0.20.0, 12.x ^0.21.0.
/** The optional peer dependencies, each with the range package.json's peerDependencies allows. */
export const OPTIONAL_PEERS = {
  random: { name: "@cdktf/provider-random", range: { "0.20": "^11.0.0", "0.21": "^12.0.0" } },
  identity: { name: "@azure/identity", range: "^4.0.0" },
} as const satisfies Record<string, OptionalPeer>;

/** Raised when a feature needs an optional peer dependency the project has not installed. */
export class MissingPeerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingPeerError";
  }
}

/**
 * Loads `request`, a module of the optional peer `peer`, on first use. When the project lacks the
 * package, throws one line naming it, the range to add and why: `needed` says which feature asked.
 */
export function requireOptionalPeer<T>(peer: OptionalPeer, request: string, needed: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(request) as T;
  } catch (error) {
    if (!isMissing(error, request)) throw error;
    const range = typeof peer.range === "string" ? peer.range : peer.range[cdktfLine()];
    throw new MissingPeerError(
      `${needed} needs ${peer.name}, an optional peer dependency this project does not have: ` +
        `add ${peer.name}@${range} (npm install, pnpm add or yarn add)`,
    );
  }
}

/** The cdktf line of the project's own cdktf (0.20 or 0.21), which picks the bindings' major. */
function cdktfLine(): "0.20" | "0.21" {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const version = (require("cdktf/package.json") as { version?: unknown }).version;
    return typeof version === "string" && version.startsWith("0.20.") ? "0.20" : "0.21";
  } catch {
    return "0.21";
  }
}

/** True when `error` says `request` itself cannot be found, not a module it loads in turn. */
function isMissing(error: unknown, request: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // Node says MODULE_NOT_FOUND; Yarn's Plug'n'Play MISSING_PEER_DEPENDENCY and quotes the request with ".
  const codes = ["MODULE_NOT_FOUND", "MISSING_PEER_DEPENDENCY"];
  const quoted = [`'${request}'`, `"${request}"`];
  return codes.includes(code as string) && typeof message === "string" && quoted.some((q) => message.includes(q));
}
