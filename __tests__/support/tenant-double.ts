import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** The tenant, app and data the double serves. */
export const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const CLIENT_ID = "0e5c6a4b-7d43-4f7e-9a2b-3c1d2e4f5a6b";
export const USER = { id: "5a1b2c3d-0000-4000-8000-00000000a1ce", userPrincipalName: "adele@contoso.example" };
const TEAM = { id: "9f8e7d6c-0000-4000-8000-000000000071", displayName: "Sales" };
const CHANNEL = "19:general@thread.tacv2";
const CHAT = "19:adele_megan@unq.gbl.spaces";
const DRIVE = "b!drive-of-adele";
const ROOT_SITE = "contoso.sharepoint.com,1111,2222";

/** A scripted answer for Graph calls whose path matches. */
export interface GraphFault {
  readonly match: RegExp;
  readonly status: number;
  readonly code?: string;
  readonly message: string;
}

/** A scripted refusal from the token endpoint. */
export interface TokenFault {
  readonly status: number;
  readonly error: string;
  readonly aadsts: number;
  readonly description: string;
}

/** What the double does. */
export interface TenantDoubleOptions {
  readonly secret: string;
  /** The roles each issued token holds, one list per token request (the last one repeats). */
  readonly roles: readonly (readonly string[])[];
  /** Refusals served to the first token requests, in order, before any token. */
  readonly tokenFaults?: readonly TokenFault[];
  /** Refuse every token request with this. */
  readonly tokenAlwaysFails?: TokenFault;
  readonly graphFaults?: readonly GraphFault[];
  /** Put the bearer token and the client secret in every Graph error message (as a hostile proxy might). */
  readonly echoSecrets?: boolean;
  /** The user's chat list is empty. */
  readonly noChats?: boolean;
}

/** One request the double answered. */
export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** A running double: its root URL (both the login and the Graph endpoint), the requests and a way to stop it. */
export interface TenantDouble {
  readonly url: string;
  readonly requests: Recorded[];
  /** Every access token issued. */
  readonly tokens: string[];
  close(): Promise<void>;
}

// Each Graph read the double serves: the path, the application permissions that allow it (any one), the answer.
interface Route {
  readonly match: RegExp;
  readonly anyOf: readonly string[];
  readonly exchange?: boolean;
  readonly body: unknown;
}
const FILES = [
  "Files.ReadWrite.All",
  "Files.Read.All",
  "Sites.FullControl.All",
  "Sites.ReadWrite.All",
  "Sites.Read.All",
];
const SITES = ["Sites.FullControl.All", "Sites.ReadWrite.All", "Sites.Read.All"];
const GROUPS = ["Directory.Read.All", "Group.Read.All"];
const u = USER.id;
const ROUTES: readonly Route[] = [
  { match: /^\/v1\.0\/users\?/, anyOf: ["User.Read.All", "Directory.Read.All"], body: { value: [USER] } },
  {
    match: new RegExp(`^/v1\\.0/users/(${u}|${encodeURIComponent(USER.userPrincipalName)})\\?`),
    anyOf: ["User.Read.All"],
    body: USER,
  },
  {
    match: new RegExp(`^/v1\\.0/users/${u}/mailFolders/inbox$`),
    anyOf: ["Mail.ReadWrite", "Mail.Read"],
    exchange: true,
    body: { id: "inbox-id" },
  },
  {
    match: new RegExp(`^/v1\\.0/users/${u}/mailboxSettings$`),
    anyOf: ["MailboxSettings.Read"],
    exchange: true,
    body: { timeZone: "UTC" },
  },
  {
    match: new RegExp(`^/v1\\.0/users/${u}/mailFolders\\?`),
    anyOf: ["Mail.ReadWrite", "Mail.Read"],
    exchange: true,
    body: { value: [{ id: "inbox-id" }] },
  },
  {
    match: new RegExp(`^/v1\\.0/users/${u}/contactFolders\\?`),
    anyOf: ["Contacts.ReadWrite", "Contacts.Read"],
    exchange: true,
    body: { value: [] },
  },
  {
    match: new RegExp(`^/v1\\.0/users/${u}/calendars\\?`),
    anyOf: ["Calendars.ReadWrite", "Calendars.Read"],
    exchange: true,
    body: { value: [{ id: "cal" }] },
  },
  { match: new RegExp(`^/v1\\.0/users/${u}/drive$`), anyOf: FILES, body: { id: DRIVE } },
  { match: new RegExp(`^/v1\\.0/users/${u}/drives\\?`), anyOf: FILES, body: { value: [{ id: DRIVE }] } },
  {
    match: new RegExp(`^/v1\\.0/drives/${encodeURIComponent(DRIVE)}/root/delta\\?`),
    anyOf: FILES,
    body: { value: [] },
  },
  { match: /^\/v1\.0\/sites\/root$/, anyOf: SITES, body: { id: ROOT_SITE } },
  { match: /^\/v1\.0\/sites\?/, anyOf: SITES, body: { value: [{ id: ROOT_SITE }] } },
  {
    match: new RegExp(`^/v1\\.0/sites/${encodeURIComponent(ROOT_SITE)}/(drives|lists)\\?`),
    anyOf: SITES.concat(FILES),
    body: { value: [] },
  },
  { match: /^\/v1\.0\/groups\?/, anyOf: GROUPS, body: { value: [TEAM] } },
  {
    match: new RegExp(`^/v1\\.0/groups/${TEAM.id}\\?`),
    anyOf: GROUPS,
    body: { ...TEAM, groupTypes: ["Unified"], resourceProvisioningOptions: ["Team"] },
  },
  {
    match: new RegExp(`^/v1\\.0/groups/${TEAM.id}/sites/root$`),
    anyOf: SITES,
    body: { id: "contoso.sharepoint.com,3333,4444" },
  },
  {
    match: new RegExp(`^/v1\\.0/groups/${TEAM.id}/conversations\\?`),
    anyOf: ["Group-Conversation.Read.All"],
    body: { value: [] },
  },
  {
    match: new RegExp(`^/v1\\.0/teams/${TEAM.id}/channels$`),
    anyOf: ["ChannelSettings.Read.All", "Channel.ReadBasic.All"],
    body: { value: [{ id: CHANNEL }] },
  },
  {
    match: new RegExp(`^/v1\\.0/teams/${TEAM.id}/channels/${encodeURIComponent(CHANNEL)}/messages\\?`),
    anyOf: ["ChannelMessage.Read.All"],
    body: { value: [] },
  },
  { match: new RegExp(`^/v1\\.0/users/${u}/chats\\?`), anyOf: ["Chat.Read.All"], body: { value: [{ id: CHAT }] } },
  {
    match: new RegExp(`^/v1\\.0/chats/${encodeURIComponent(CHAT)}/messages\\?`),
    anyOf: ["Chat.Read.All"],
    body: { value: [] },
  },
];

/**
 * The Microsoft identity platform's v2.0 token endpoint and Microsoft Graph v1.0 on 127.0.0.1:
 * client credentials checked as Entra ID checks them (tenant, app, secret), tokens whose `roles`
 * claim each Graph read enforces (403 without one of its permissions), and scripted refusals.
 */
export async function startTenantDouble(options: TenantDoubleOptions): Promise<TenantDouble> {
  const requests: Recorded[] = [];
  const tokens: string[] = [];
  const issued = new Map<string, readonly string[]>();
  const tokenFaults = [...(options.tokenFaults ?? [])];
  let tokenRequests = 0;
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      requests.push({ method: request.method ?? "", path, headers: request.headers, body });
      if (request.method === "POST" && path.endsWith("/oauth2/v2.0/token")) {
        const fault = tokenFaults.shift() ?? options.tokenAlwaysFails;
        if (fault !== undefined)
          return refuse(response, fault, options.echoSecrets ? new URLSearchParams(body).get("client_secret") : null);
        const answer = issueToken(
          path,
          new URLSearchParams(body),
          options.secret,
          options.roles[Math.min(tokenRequests++, options.roles.length - 1)],
        );
        if ("fault" in answer) return refuse(response, answer.fault, null);
        tokens.push(answer.token);
        issued.set(answer.token, answer.roles);
        return send(response, 200, { token_type: "Bearer", expires_in: 3599, access_token: answer.token });
      }
      if (request.method !== "GET")
        return send(response, 405, { error: { code: "MethodNotAllowed", message: "read-only double" } });
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
      const roles = token === undefined ? undefined : issued.get(token);
      const echo = options.echoSecrets
        ? ` (request carried ${request.headers.authorization} and ${options.secret})`
        : "";
      if (roles === undefined)
        return send(response, 401, {
          error: { code: "InvalidAuthenticationToken", message: `Access token validation failure.${echo}` },
        });
      const fault = options.graphFaults?.find((f) => f.match.test(path));
      if (fault !== undefined)
        return send(response, fault.status, { error: { code: fault.code, message: fault.message + echo } });
      const route = ROUTES.find((r) => r.match.test(path));
      if (route === undefined)
        return send(response, 404, { error: { code: "ResourceNotFound", message: `no route for ${path}` } });
      if (!route.anyOf.some((name) => roles.includes(name))) {
        // Exchange answers ErrorAccessDenied, the directory Authorization_RequestDenied.
        return route.exchange
          ? send(response, 403, {
              error: {
                code: "ErrorAccessDenied",
                message: `Access is denied. Check credentials and try again.${echo}`,
              },
            })
          : send(response, 403, {
              error: {
                code: "Authorization_RequestDenied",
                message: `Insufficient privileges to complete the operation.${echo}`,
              },
            });
      }
      if (
        /^\/v1\.0\/users\?/.test(path) &&
        (request.headers.consistencylevel !== "eventual" ||
          (!path.includes("%24count=true") && !path.includes("$count=true")))
      ) {
        return send(response, 400, {
          error: { code: "Request_UnsupportedQuery", message: "'ne' needs $count and ConsistencyLevel: eventual" },
        });
      }
      if (options.noChats && /\/chats\?/.test(path)) return send(response, 200, { value: [] });
      return send(response, 200, route.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tokens,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function issueToken(
  path: string,
  form: URLSearchParams,
  secret: string,
  roles: readonly string[],
): { token: string; roles: readonly string[] } | { fault: TokenFault } {
  const tenant = path.split("/")[1];
  if (decodeURIComponent(tenant) !== TENANT_ID) {
    return {
      fault: {
        status: 400,
        error: "invalid_request",
        aadsts: 90002,
        description: `AADSTS90002: Tenant '${tenant}' not found.`,
      },
    };
  }
  if (form.get("grant_type") !== "client_credentials" || form.get("scope") !== "https://graph.microsoft.com/.default") {
    return {
      fault: {
        status: 400,
        error: "invalid_request",
        aadsts: 900144,
        description: "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
      },
    };
  }
  if (form.get("client_id") !== CLIENT_ID) {
    return {
      fault: {
        status: 400,
        error: "unauthorized_client",
        aadsts: 700016,
        description: `AADSTS700016: Application with identifier '${form.get("client_id")}' was not found in the directory.`,
      },
    };
  }
  if (form.get("client_secret") !== secret) return { fault: INVALID_SECRET };
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const token = `${part({ typ: "JWT", alg: "RS256" })}.${part({ aud: "https://graph.microsoft.com", tid: TENANT_ID, appid: CLIENT_ID, roles, jti: Math.random().toString(36) })}.c2lnbmF0dXJl`;
  return { token, roles };
}

/** Entra ID's answer to a wrong secret (or one too new to work yet). */
export const INVALID_SECRET: TokenFault = {
  status: 401,
  error: "invalid_client",
  aadsts: 7000215,
  description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${CLIENT_ID}'.`,
};

function refuse(response: ServerResponse, fault: TokenFault, echoed: string | null): void {
  send(response, fault.status, {
    error: fault.error,
    error_description: `${fault.description}${echoed === null ? "" : ` (got ${echoed})`}\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-03-01 09:30:00Z`,
    error_codes: [fault.aadsts],
    timestamp: "2026-03-01 09:30:00Z",
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
}
