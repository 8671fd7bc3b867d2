import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** An app role assignment the double holds. */
export interface DoubleAssignment {
  readonly id: string;
  readonly appRoleId: string;
  readonly resourceId: string;
  readonly resourceDisplayName: string;
}

/** An application the double holds, with its service principal when it has one. */
export interface DoubleApplication {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly owners: readonly string[];
  readonly servicePrincipal?: { readonly id: string; readonly assignments: readonly DoubleAssignment[] };
}

/** A scripted answer: the first `times` requests whose path starts with `path` get it. */
export interface DoubleFault {
  readonly path: string;
  readonly times: number;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** What the double serves. */
export interface GraphDoubleOptions {
  readonly applications: readonly DoubleApplication[];
  /** Microsoft Graph's service principal: its object id and app roles by permission name. */
  readonly graph: { readonly id: string; readonly appRoleIds: Readonly<Record<string, string>> };
  /** The bearer token it accepts; any other gets 401. */
  readonly token: string;
  /** Items per page: every list is paged with @odata.nextLink. */
  readonly pageSize?: number;
  readonly faults?: readonly DoubleFault[];
  /** Rewrites a next link before it is sent (to test a link to another host). */
  readonly nextLink?: (link: string) => string;
}

/** A running double: its root URL, every request path it answered, and a way to stop it. */
export interface GraphDouble {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A Microsoft Graph v1.0 double on 127.0.0.1 serving the reads `corso-adopt` makes, with `$filter`
 * on appId or displayName (OData quoting), `$skiptoken` paging, 401 for a wrong token and scripted faults.
 */
export async function startGraphDouble(options: GraphDoubleOptions): Promise<GraphDouble> {
  const requests: string[] = [];
  const faults = (options.faults ?? []).map((f) => ({ ...f, left: f.times }));
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", base);
    requests.push(decodeURIComponent(url.pathname + url.search));
    answer(request, response, url);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function answer(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const fault = faults.find((f) => f.left > 0 && url.pathname.startsWith(f.path));
    if (fault !== undefined) {
      fault.left--;
      return send(
        response,
        fault.status,
        fault.body ?? { error: { code: "Throttled", message: "Try later." } },
        fault.headers,
      );
    }
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      return send(response, 401, { error: { code: "InvalidAuthenticationToken", message: "Access token is empty." } });
    }
    const path = url.pathname.replace(/^\/v1\.0/, "");
    const where = parseFilter(url.searchParams.get("$filter"));
    const apps = options.applications;
    let items: unknown[] | undefined;
    let match: RegExpMatchArray | null;
    if ((path === "/applications" || path === "/servicePrincipals") && where === undefined) {
      return send(response, 400, { error: { code: "BadRequest", message: "Invalid filter clause" } });
    }
    if (path === "/applications" && where !== undefined) {
      items = apps
        .filter((a) => (a as unknown as Record<string, string>)[where.field] === where.value)
        .map(({ id, appId, displayName }) => ({ id, appId, displayName }));
    } else if (path === "/servicePrincipals" && where?.field === "appId" && where.value === GRAPH_APP_ID) {
      items = [
        {
          id: options.graph.id,
          appRoles: Object.entries(options.graph.appRoleIds).map(([value, id]) => ({ id, value })),
        },
      ];
    } else if (path === "/servicePrincipals" && where?.field === "appId") {
      items = apps
        .filter((a) => a.appId === where.value && a.servicePrincipal !== undefined)
        .map((a) => ({ id: a.servicePrincipal?.id, appId: a.appId }));
    } else if ((match = path.match(/^\/applications\/([^/]+)\/owners$/))) {
      const app = apps.find((a) => a.id === match?.[1]);
      if (app === undefined)
        return send(response, 404, { error: { code: "Request_ResourceNotFound", message: "No." } });
      items = app.owners.map((id) => ({ "@odata.type": "#microsoft.graph.user", id }));
    } else if ((match = path.match(/^\/servicePrincipals\/([^/]+)\/appRoleAssignments$/))) {
      const app = apps.find((a) => a.servicePrincipal?.id === match?.[1]);
      if (app === undefined)
        return send(response, 404, { error: { code: "Request_ResourceNotFound", message: "No." } });
      items = (app.servicePrincipal?.assignments ?? []).map((a) => ({ ...a, principalId: app.servicePrincipal?.id }));
    }
    if (items === undefined) {
      return send(response, 400, { error: { code: "BadRequest", message: `not served: ${path}` } });
    }
    const skip = Number(url.searchParams.get("$skiptoken") ?? "0");
    const size = options.pageSize ?? 100;
    const page: Record<string, unknown> = { value: items.slice(skip, skip + size) };
    if (skip + size < items.length) {
      const next = new URL(url.href);
      next.searchParams.set("$skiptoken", String(skip + size));
      page["@odata.nextLink"] = options.nextLink ? options.nextLink(next.href) : next.href;
    }
    send(response, 200, page);
  }

  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseFilter(filter: string | null): { field: string; value: string } | undefined {
  const match = filter?.match(/^(appId|displayName) eq '((?:[^']|'')*)'$/);
  return match ? { field: match[1], value: match[2].replace(/''/g, "'") } : undefined;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** An unsigned JWT-shaped token carrying an `oid` claim, as Entra ID's access tokens do. */
export function tokenFor(oid: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ oid, tid: "test" })}.signature`;
}

/** A server that answers every request with a body that never ends, counting what it sent. */
export interface EndlessServer {
  readonly url: string;
  /** Bytes written so far, over every connection. */
  sent(): number;
  /** Resolves with the bytes sent once the first client closed its connection. */
  readonly clientClosed: Promise<number>;
  /** True when a client read up to the safety limit without closing: it would have read forever. */
  overran(): boolean;
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 whose answers are `{"value":[` followed by endless JSON, written as
 * fast as the client reads; `contentLength` declares a length (the body still never ends). A client
 * that is still reading after `safetyLimit` bytes is cut off, so that a failing test ends.
 */
export async function startEndlessServer(
  options: { contentLength?: number; safetyLimit?: number } = {},
): Promise<EndlessServer> {
  const { contentLength, safetyLimit = 1024 * 1024 * 1024 } = options;
  let sent = 0;
  let overran = false;
  let closed: (bytes: number) => void = () => undefined;
  const clientClosed = new Promise<number>((resolve) => (closed = resolve));
  const chunk = Buffer.from(`${JSON.stringify({ id: "x".repeat(16_000) })},`.repeat(4));
  const server = createServer((_request, response) => {
    response.writeHead(200, {
      "content-type": "application/json",
      ...(contentLength === undefined ? {} : { "content-length": String(contentLength) }),
    });
    response.write('{"value":[');
    let open = true;
    response.on("close", () => {
      open = false;
      closed(sent);
    });
    const pump = () => {
      if (sent > safetyLimit) {
        overran = true;
        response.destroy();
        return;
      }
      while (open && sent <= safetyLimit && response.write(chunk)) sent += chunk.length;
      if (open && sent > safetyLimit) return pump();
      if (open) {
        sent += chunk.length;
        response.once("drain", pump);
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: () => sent,
    clientClosed,
    overran: () => overran,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
