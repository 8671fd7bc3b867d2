import { type GraphFailure, readGraphFailure } from "./diagnosis";
import type { PreflightEndpoints } from "./endpoints";
import { REQUEST_TIMEOUT_MS, describeNetworkError } from "./sign-in";

/** Raised when Microsoft Graph cannot be reached at all. */
export class GraphUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GraphUnreachableError";
  }
}

/** What one read gave: the parsed body, or Graph's error. */
export type GraphAnswer =
  { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly failure: GraphFailure };

// Larger answers are not read: a $top=1 page is a few kilobytes.
const MAX_BODY_BYTES = 1_000_000;

/**
 * Reads Microsoft Graph with a bearer token. It only ever sends GET: the preflight never writes
 * to the tenant. Redirects are not followed, so the token never goes to another host.
 */
export class GraphReader {
  /** Every path read, in order. */
  public readonly paths: string[] = [];

  constructor(
    private readonly endpoints: PreflightEndpoints,
    private readonly accessToken: string,
    private readonly fetchImpl: typeof fetch = fetch,
    /** Further secrets (the client secret) that must not survive in an error message. */
    private readonly secrets: readonly string[] = [],
  ) {}

  /** GETs `<graph><path>` (path from `/v1.0/`), with any extra request headers. */
  async get(path: string, headers: Record<string, string> = {}): Promise<GraphAnswer> {
    this.paths.push(path);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(`${this.endpoints.graph}${path}`, {
        method: "GET",
        headers: { ...headers, Authorization: `Bearer ${this.accessToken}`, Accept: "application/json" },
        redirect: "manual",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await readCapped(response);
    } catch (error) {
      throw new GraphUnreachableError(
        `cannot reach Microsoft Graph at ${this.endpoints.graph}: ${describeNetworkError(error)}`,
      );
    }
    if (response.status >= 200 && response.status < 300) {
      try {
        return { ok: true, body: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, failure: { status: response.status, message: "(the answer is not JSON)" } };
      }
    }
    return { ok: false, failure: readGraphFailure(response.status, text, [this.accessToken, ...this.secrets]) };
  }
}

async function readCapped(response: Response): Promise<string> {
  const length = Number(response.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) {
    await response.body?.cancel();
    return "";
  }
  const text = await response.text();
  return text.length > MAX_BODY_BYTES ? "" : text;
}

/** The first item of a collection answer (`{ value: [...] }`), when it is an object. */
export function firstItem(body: unknown): Record<string, unknown> | undefined {
  const value = body !== null && typeof body === "object" ? (body as { value?: unknown }).value : undefined;
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  return first !== null && typeof first === "object" && !Array.isArray(first)
    ? (first as Record<string, unknown>)
    : undefined;
}

/** A string field of an object answer, or undefined. */
export function field(item: unknown, name: string): string | undefined {
  const value = item !== null && typeof item === "object" ? (item as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" && value !== "" ? value : undefined;
}
