import { displayText } from "../common";
import type { TokenSource } from "./sign-in";

/** What a read is for and the permission that allows it, for error messages. */
export interface GraphRead {
  /** The read in words: "list the applications named 'Corso Backup'". */
  readonly what: string;
  /** The Microsoft Graph permission that allows it (least privileged first). */
  readonly permission: string;
}

/** Options of {@link GraphClient}. */
export interface GraphClientOptions {
  /** Microsoft Graph's root, such as `https://graph.microsoft.com`. */
  readonly endpoint: string;
  /** Signs the requests. */
  readonly credential: TokenSource;
  /**
   * Waits before a retry.
   * @default - a timer
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * The current time in milliseconds, for a `Retry-After` given as a date.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * Tries of one request before a throttled answer (429, 503, 504) becomes an error.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * The longest wait a `Retry-After` may ask for; longer is an error that says when to try again.
   * @default 120 seconds
   */
  readonly maxWaitMs?: number;
  /**
   * The largest answer read from one request; the pages of one list together may hold four times as much.
   * @default GRAPH_RESPONSE_LIMIT_BYTES (16 MiB)
   */
  readonly maxResponseBytes?: number;
}

/**
 * The largest answer `corso-adopt` reads from one Microsoft Graph request. Its largest real answer,
 * Microsoft Graph's own service principal with its app roles, is a few hundred kilobytes; the cap
 * stops an answer that does not end before it fills memory.
 */
export const GRAPH_RESPONSE_LIMIT_BYTES = 16 * 1024 * 1024;

/** A failed Microsoft Graph read: the HTTP status, Graph's error code and a one-line message. */
export class GraphError extends Error {
  constructor(
    message: string,
    public readonly status: number | undefined,
    public readonly code: string | undefined,
  ) {
    super(message);
    this.name = "GraphError";
  }
}

const THROTTLED = new Set([429, 503, 504]);
// Pages are bounded so that a link that loops cannot keep the command running.
const MAX_PAGES = 1000;
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Reads Microsoft Graph v1.0: follows `@odata.nextLink` paging, waits as `Retry-After` asks on
 * 429/503/504 (https://learn.microsoft.com/graph/throttling), and turns every failure into a
 * {@link GraphError} that says what was being read and, on 403, which permission allows it.
 */
export class GraphClient {
  private readonly endpoint: string;
  private readonly origin: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly maxAttempts: number;
  private readonly maxWaitMs: number;
  private readonly maxResponseBytes: number;
  private token: Promise<string> | undefined;

  constructor(private readonly options: GraphClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, "");
    this.origin = new URL(this.endpoint).origin;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxWaitMs = options.maxWaitMs ?? 120_000;
    this.maxResponseBytes = options.maxResponseBytes ?? GRAPH_RESPONSE_LIMIT_BYTES;
  }

  /** The signed-in identity's access token for Graph (asked for once). */
  accessToken(): Promise<string> {
    this.token ??= this.options.credential.getToken(`${this.endpoint}/.default`).then(
      (result) => {
        if (result === null || result.token === "")
          throw new GraphError("signing in returned no access token", undefined, undefined);
        return result.token;
      },
      (error: unknown) => {
        throw new GraphError(`cannot sign in: ${firstLine(error)}`, undefined, undefined);
      },
    );
    return this.token;
  }

  /** One object: `path` is relative to `/v1.0`, with its query. */
  async get<T>(path: string, read: GraphRead): Promise<T> {
    return (await this.request(`${this.endpoint}/v1.0${path}`, read, this.maxResponseBytes)).body as T;
  }

  /** Every item of a collection, page after page. */
  async list<T>(path: string, read: GraphRead): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = `${this.endpoint}/v1.0${path}`;
    const seen = new Set<string>();
    // The pages of one list share a budget too, so that many pages cannot fill memory either.
    const listLimit = 4 * this.maxResponseBytes;
    let listBytes = 0;
    while (url !== undefined) {
      if (seen.has(url) || seen.size >= MAX_PAGES) {
        throw new GraphError(`Microsoft Graph's pages of ${read.what} do not end`, undefined, undefined);
      }
      seen.add(url);
      const answer = await this.request(url, read, Math.min(this.maxResponseBytes, listLimit - listBytes));
      listBytes += answer.bytes;
      const page = answer.body as { value?: unknown; "@odata.nextLink"?: unknown } | null;
      if (page === null || !Array.isArray(page.value)) {
        throw new GraphError(`Microsoft Graph answered ${read.what} without a list of values`, undefined, undefined);
      }
      items.push(...(page.value as T[]));
      url = this.nextLink(page["@odata.nextLink"], read);
    }
    return items;
  }

  /** The next page's URL; one on another host is refused, since the access token would go with it. */
  private nextLink(link: unknown, read: GraphRead): string | undefined {
    if (link === undefined || link === null) return undefined;
    if (typeof link !== "string" || !URL.canParse(link) || new URL(link).origin !== this.origin) {
      throw new GraphError(
        `Microsoft Graph's next page of ${read.what} is not on ${this.origin} (${displayText(String(link).slice(0, 80))}): refusing to send the access token there`,
        undefined,
        undefined,
      );
    }
    return link;
  }

  /** One request's JSON answer and its size; `limit` caps the bytes read from it. */
  private async request(url: string, read: GraphRead, limit: number): Promise<{ body: unknown; bytes: number }> {
    const token = await this.accessToken();
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          redirect: "error",
        });
      } catch (error) {
        throw new GraphError(
          `cannot reach Microsoft Graph at ${this.origin} to ${read.what}: ${firstLine(error)}`,
          undefined,
          undefined,
        );
      }
      if (THROTTLED.has(response.status) && attempt < this.maxAttempts) {
        const wait = this.retryDelay(response.headers.get("retry-after"), attempt);
        await response.body?.cancel();
        if (wait > this.maxWaitMs) {
          throw new GraphError(
            `Microsoft Graph is throttling (${response.status}) and asks to wait ${Math.ceil(wait / 1000)} s to ${read.what}: try again later`,
            response.status,
            undefined,
          );
        }
        await this.sleep(wait);
        continue;
      }
      const bytes = await this.readBody(response, read, limit);
      const text = new TextDecoder().decode(bytes);
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!response.ok) throw failure(response.status, body, read, attempt);
      if (body === undefined) {
        throw new GraphError(
          `Microsoft Graph answered ${read.what} with something other than JSON`,
          response.status,
          undefined,
        );
      }
      return { body, bytes: bytes.length };
    }
  }

  /**
   * The answer's bytes, read as they arrive and never more than `limit`: past it the connection is
   * closed and the read fails, naming the limit (an answer that does not end never fills memory).
   */
  private async readBody(response: Response, read: GraphRead, limit: number): Promise<Uint8Array> {
    const tooLarge = () =>
      new GraphError(
        limit === this.maxResponseBytes
          ? `Microsoft Graph's answer to ${read.what} is larger than ${sizeInWords(limit)}, the limit for one answer: stopped reading`
          : `Microsoft Graph's pages of ${read.what} hold more than ${sizeInWords(4 * this.maxResponseBytes)}, the limit for one list: stopped reading`,
        response.status,
        undefined,
      );
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (response.body === null) return new Uint8Array(0);
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      if (declared > limit) throw tooLarge();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) throw tooLarge();
        chunks.push(value);
      }
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      if (error instanceof GraphError) throw error;
      throw new GraphError(
        `cannot read Microsoft Graph's answer to ${read.what}: ${firstLine(error)}`,
        response.status,
        undefined,
      );
    }
    return Buffer.concat(chunks, size);
  }

  /** Milliseconds to wait: `Retry-After` in seconds or as a date, else 1, 2, 4, 8 ... seconds. */
  private retryDelay(retryAfter: string | null, attempt: number): number {
    if (retryAfter !== null) {
      if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim()) * 1000;
      const date = Date.parse(retryAfter);
      if (!Number.isNaN(date)) return Math.max(0, date - this.now());
    }
    return 1000 * 2 ** (attempt - 1);
  }
}

function failure(status: number, body: unknown, read: GraphRead, attempt: number): GraphError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === "string" ? displayText(error.code) : undefined;
  const said = typeof error?.message === "string" ? `: ${firstLine(error.message)}` : "";
  const answer = `${status}${code === undefined ? "" : ` ${code}`}${said}`;
  if (status === 403) {
    return new GraphError(
      `Microsoft Graph refused to ${read.what} (${answer}): the signed-in identity needs ${read.permission}`,
      status,
      code,
    );
  }
  if (status === 401) {
    return new GraphError(
      `Microsoft Graph did not accept the sign-in to ${read.what} (${answer}): check --tenant-id and the credentials`,
      status,
      code,
    );
  }
  const tries = THROTTLED.has(status) ? ` after ${attempt} tries` : "";
  return new GraphError(`Microsoft Graph could not ${read.what} (${answer})${tries}`, status, code);
}

/**
 * An error's first line, with its cause's code (fetch says only "fetch failed", its cause
 * ECONNREFUSED), safe to display: Graph's and the sign-in's words come from outside.
 */
function firstLine(value: unknown): string {
  const error = value as { message?: unknown; cause?: { code?: unknown } } | undefined;
  const text = typeof error?.message === "string" ? error.message : String(value);
  const code = typeof error?.cause?.code === "string" ? ` (${error.cause.code})` : "";
  return displayText(`${text.split("\n")[0].trim()}${code}`);
}

/** A byte count in words: "16 MiB", "64 KiB" or "1000 bytes". */
function sizeInWords(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
