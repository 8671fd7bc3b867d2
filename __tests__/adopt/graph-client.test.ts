import { GRAPH_RESPONSE_LIMIT_BYTES, GraphClient, GraphError } from "../../lib/adopt";
import {
  type EndlessServer,
  type GraphDouble,
  type GraphDoubleOptions,
  startEndlessServer,
  startGraphDouble,
  tokenFor,
} from "../support/graph-double";
import { HAND_MADE, SAMPLE_GRAPH } from "../support/hand-made-app";

const TOKEN = tokenFor("5e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b");
const READ = { what: "list the owners", permission: "Application.Read.All" };
const OWNERS = `/applications/${HAND_MADE.id}/owners`;
const MANY_OWNERS = {
  ...HAND_MADE,
  owners: ["a", "b", "c", "d", "e"].map((c) => `${c.repeat(8)}-0000-4000-8000-000000000000`),
};

const MIB = 1024 * 1024;
let doubles: (GraphDouble | EndlessServer)[] = [];
afterEach(async () => {
  await Promise.all(doubles.map((d) => d.close()));
  doubles = [];
});

async function endless(options: Parameters<typeof startEndlessServer>[0] = {}): Promise<EndlessServer> {
  // Cut off at 64 MiB: a client that buffers the whole answer fails the test instead of filling memory.
  const started = await startEndlessServer({ safetyLimit: 64 * MIB, ...options });
  doubles.push(started);
  return started;
}

async function double(options: Partial<GraphDoubleOptions> = {}): Promise<GraphDouble> {
  const started = await startGraphDouble({
    applications: [MANY_OWNERS],
    graph: SAMPLE_GRAPH,
    token: TOKEN,
    ...options,
  });
  doubles.push(started);
  return started;
}

/** A client with a credential that hands out TOKEN, and a clock that only records the waits. */
function client(endpoint: string, now = 0, maxResponseBytes?: number) {
  const waits: number[] = [];
  const scopes: unknown[] = [];
  const graph = new GraphClient({
    endpoint,
    maxResponseBytes,
    credential: {
      getToken: async (scope) => {
        scopes.push(scope);
        return { token: TOKEN, expiresOnTimestamp: 0 };
      },
    },
    sleep: async (ms) => {
      waits.push(ms);
    },
    now: () => now,
  });
  return { graph, waits, scopes };
}

async function failureOf(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected a GraphError");
}

describe("GraphClient", () => {
  it("follows @odata.nextLink until the last page, asking for the token once, for Graph's scope", async () => {
    const graph = await double({ pageSize: 2 });
    const { graph: reader, scopes } = client(graph.url);
    const owners = await reader.list<{ id: string }>(`${OWNERS}?$select=id`, READ);
    expect(owners.map((o) => o.id)).toEqual(MANY_OWNERS.owners);
    expect(graph.requests).toEqual([
      `/v1.0${OWNERS}?$select=id`,
      `/v1.0${OWNERS}?$select=id&$skiptoken=2`,
      `/v1.0${OWNERS}?$select=id&$skiptoken=4`,
    ]);
    expect(scopes).toEqual([`${graph.url}/.default`]);
  });

  it("waits as Retry-After says on 429 and 503, in seconds or as a date, then reads on", async () => {
    const graph = await double({
      faults: [
        { path: "/v1.0/applications", times: 1, status: 429, headers: { "Retry-After": "7" } },
        {
          path: "/v1.0/applications",
          times: 1,
          status: 503,
          headers: { "Retry-After": "Thu, 01 Jan 1970 00:00:30 GMT" },
        },
      ],
    });
    const { graph: reader, waits } = client(graph.url, 12_000);
    const owners = await reader.list<{ id: string }>(OWNERS, READ);
    expect(owners).toHaveLength(5);
    expect(waits).toEqual([7000, 18_000]);
    expect(graph.requests).toHaveLength(3);
  });

  it("backs off 1, 2, 4 seconds without Retry-After and fails after the fifth throttled try", async () => {
    const graph = await double({ faults: [{ path: "/v1.0/applications", times: 5, status: 429 }] });
    const { graph: reader, waits } = client(graph.url);
    const error = await failureOf(reader.list(OWNERS, READ));
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(error.message).toBe("Microsoft Graph could not list the owners (429 Throttled: Try later.) after 5 tries");
  });

  it("fails at once when Retry-After asks for more than two minutes", async () => {
    const graph = await double({
      faults: [{ path: "/v1.0/applications", times: 1, status: 429, headers: { "Retry-After": "3600" } }],
    });
    const { graph: reader, waits } = client(graph.url);
    const error = await failureOf(reader.list(OWNERS, READ));
    expect(waits).toEqual([]);
    expect(error.message).toBe(
      "Microsoft Graph is throttling (429) and asks to wait 3600 s to list the owners: try again later",
    );
  });

  it("fails on 403 naming the permission that allows the read", async () => {
    const graph = await double({
      faults: [
        {
          path: "/v1.0/applications",
          times: 1,
          status: 403,
          body: {
            error: {
              code: "Authorization_RequestDenied",
              message: "Insufficient privileges to complete the operation.",
            },
          },
        },
      ],
    });
    const error = await failureOf(client(graph.url).graph.list(OWNERS, READ));
    expect(error.message).toBe(
      "Microsoft Graph refused to list the owners (403 Authorization_RequestDenied: Insufficient privileges to complete the operation.): " +
        "the signed-in identity needs Application.Read.All",
    );
    expect(error.status).toBe(403);
  });

  it("fails on 401 saying to check the tenant and the credentials, without the token", async () => {
    const graph = await double({ token: "another token" });
    const error = await failureOf(client(graph.url).graph.list(OWNERS, READ));
    expect(error.message).toBe(
      "Microsoft Graph did not accept the sign-in to list the owners (401 InvalidAuthenticationToken: Access token is empty.): " +
        "check --tenant-id and the credentials",
    );
    expect(error.message).not.toContain(TOKEN);
  });

  it("refuses a next page on another host, which would receive the access token", async () => {
    const graph = await double({ pageSize: 2, nextLink: (link) => link.replace("127.0.0.1", "localhost") });
    const error = await failureOf(client(graph.url).graph.list(OWNERS, READ));
    expect(error.message).toMatch(
      /^Microsoft Graph's next page of list the owners is not on http:\/\/127\.0\.0\.1:\d+ \(http:\/\/localhost:\d+\/v1\.0\/applications\/.*\): refusing to send the access token there$/,
    );
    expect(graph.requests).toHaveLength(1);
  });

  it("fails when Graph cannot be reached or the sign-in fails, in one line", async () => {
    const graph = await double();
    await graph.close();
    doubles = [];
    const unreachable = await failureOf(client(graph.url).graph.list(OWNERS, READ));
    expect(unreachable.message).toBe(
      `cannot reach Microsoft Graph at ${graph.url} to list the owners: fetch failed (ECONNREFUSED)`,
    );
    const noLogin = new GraphClient({
      endpoint: graph.url,
      credential: {
        getToken: () => Promise.reject(new Error("Please run 'az login' to set up an account.\nmore detail")),
      },
    });
    expect((await failureOf(noLogin.list(OWNERS, READ))).message).toBe(
      "cannot sign in: Please run 'az login' to set up an account.",
    );
  });

  it("shows Graph's error text with its control characters escaped, so that it cannot rewrite the terminal", async () => {
    const graph = await double({
      faults: [
        {
          path: "/v1.0/applications",
          times: 1,
          status: 400,
          body: { error: { code: "Bad\u001b[2K", message: "No\u001b]0;title\u0007 such\u202e thing" } },
        },
      ],
    });
    const error = await failureOf(client(graph.url).graph.list(OWNERS, READ));
    expect(error.message).toBe(
      "Microsoft Graph could not list the owners (400 Bad\\u{001B}[2K: No\\u{001B}]0;title\\u{0007} such\\u{202E} thing)",
    );
  });
});

describe("GraphClient's limit on the size of an answer", () => {
  it("is 16 MiB by default", () => {
    expect(GRAPH_RESPONSE_LIMIT_BYTES).toBe(16 * MIB);
  });

  it.each(["list", "get"] as const)(
    "stops reading an answer that never ends at the limit (%s), names the limit and closes the connection",
    async (method) => {
      const server = await endless();
      const error = await failureOf(client(server.url, 0, MIB).graph[method](OWNERS, READ));
      expect(error.message).toBe(
        "Microsoft Graph's answer to list the owners is larger than 1 MiB, the limit for one answer: stopped reading",
      );
      const sent = await server.clientClosed;
      expect(server.overran()).toBe(false);
      // What the client read, plus what the sockets' buffers held when it closed.
      expect(sent).toBeLessThan(16 * MIB);
    },
  );

  it("refuses an answer whose Content-Length is over the limit without reading it", async () => {
    const server = await endless({ contentLength: 10 * 1024 * MIB });
    const started = Date.now();
    const error = await failureOf(client(server.url, 0, MIB).graph.get(OWNERS, READ));
    expect(error.message).toBe(
      "Microsoft Graph's answer to list the owners is larger than 1 MiB, the limit for one answer: stopped reading",
    );
    await server.clientClosed;
    expect(server.overran()).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("limits the pages of one list together to four answers' worth", async () => {
    const big = { ...HAND_MADE, owners: Array.from({ length: 10 }, (_, i) => `${i}`.repeat(700_000)) };
    const graph = await double({ applications: [big], pageSize: 1 });
    const error = await failureOf(client(graph.url, 0, MIB).graph.list(OWNERS, READ));
    expect(error.message).toBe(
      "Microsoft Graph's pages of list the owners hold more than 4 MiB, the limit for one list: stopped reading",
    );
    // Five pages of 700 kB fit in 4 MiB, the sixth does not.
    expect(graph.requests).toHaveLength(6);
  });
});
