import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { App, TerraformStack } from "cdktf";
import { Group } from "@cdktf/provider-azuread/lib/group";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { CorsoAppRegistration } from "../../lib";
import { CORSO_PERMISSIONS, permissionsForServices } from "../../lib/permissions";
import { type PreflightReport, type PreflightRequest, runPreflight } from "../../lib/preflight";
import { synthesizeTo } from "../support/synthesis";
import {
  CLIENT_ID,
  INVALID_SECRET,
  TENANT_ID,
  type TenantDouble,
  type TenantDoubleOptions,
  USER,
  startTenantDouble,
} from "../support/tenant-double";

const SECRET = "Qx8~vT3.sEcReT_$'\"`-value";
const ALL_SERVICES = ["exchange", "onedrive", "sharepoint", "groups", "chats"] as const;
// What a registration with services: every Corso service requests (Group-Conversation.Read.All included).
const EVERY_SERVICE_PERMISSIONS = permissionsForServices([...ALL_SERVICES]);

/** `terraform output -json` of a deployed CorsoStack, secret included. */
function terraformOutputs(overrides: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    AZURE_CLIENT_ID: CLIENT_ID,
    AZURE_TENANT_ID: TENANT_ID,
    AZURE_CLIENT_SECRET: SECRET,
    ...overrides,
  };
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(values).map(([name, value]) => [
        name,
        { value, type: "string", sensitive: name === "AZURE_CLIENT_SECRET" },
      ]),
    ),
  );
}

let synthesisEvery: string;
let synthesisDefault: string;
beforeAll(() => {
  synthesisEvery = synthesizeTo({ corso: { registration: { services: [...ALL_SERVICES] } } });
  synthesisDefault = synthesizeTo({ corso: {} });
});

let double: TenantDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly sleeps: number[];
  readonly double: TenantDouble;
  readonly report?: PreflightReport;
}

/** Runs the preflight against a fresh double, as `terraform output -json | corso-preflight` would. */
async function preflight(
  options: Partial<TenantDoubleOptions>,
  request: PreflightRequest = {},
  outputs = terraformOutputs(),
): Promise<Run> {
  double = await startTenantDouble({ secret: SECRET, roles: [EVERY_SERVICE_PERMISSIONS], ...options });
  let stdout = "";
  let stderr = "";
  const sleeps: number[] = [];
  const status = await runPreflight(
    { synth: synthesisEvery, stack: "corso", waitSeconds: 60, ...request },
    {
      stdin: Readable.from([outputs]),
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { CORSO_PREFLIGHT_LOGIN_URL: double.url, CORSO_PREFLIGHT_GRAPH_URL: double.url },
      sleep: async (ms) => void sleeps.push(ms),
    },
  );
  const report = request.json === true ? (JSON.parse(stdout) as PreflightReport) : undefined;
  return { status, stdout, stderr, sleeps, double, report };
}

/** The result column of the table row for a call. */
function row(run: Run, call: string): string {
  const line = run.stdout.split("\n").find((l) => l.includes(` ${call} `) || l.endsWith(` ${call}`));
  if (line === undefined) throw new Error(`no row for ${call} in:\n${run.stdout}`);
  return line;
}

describe("corso-preflight against a fully working tenant", () => {
  it("reads the permissions from the one stack with a registration of a host project's synthesis", async () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "corso-preflight-host-")), "cdktf.out");
    const app = new App({ outdir });
    const network = new TerraformStack(app, "network");
    new AzureadProvider(network, "azuread", {});
    new Group(network, "Operators", { displayName: "operators", securityEnabled: true });
    const backup = new TerraformStack(app, "backup");
    new AzureadProvider(backup, "azuread", {});
    new CorsoAppRegistration(backup, "Corso", { services: ["exchange"], owners: [CLIENT_ID] });
    app.synth();
    const run = await preflight({}, { synth: outdir, stack: undefined });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`requested permissions from ${outdir}, stack 'backup'`);
    expect(run.stdout).toMatch(/^READY: exchange ready$/m);
  });

  it("picks the Corso stack of a host project's outputs file and skips its other stack with a note", async () => {
    const corso = { AZURE_CLIENT_ID: CLIENT_ID, AZURE_TENANT_ID: TENANT_ID, AZURE_CLIENT_SECRET: SECRET };
    const run = await preflight({}, { stack: undefined }, JSON.stringify({ network: { vnet_id: "v" }, corso }));
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("corso-preflight: skipping stack 'network': it has no output 'AZURE_CLIENT_ID'\n");
    expect(run.stdout).toMatch(/^READY: /m);
  });

  it("signs in once with the client credentials grant, makes Corso's first reads of every service and reports ready", async () => {
    const run = await preflight({});
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^READY: exchange ready, onedrive ready, sharepoint ready, groups ready, chats ready$/m);
    expect(run.stdout).toMatch(
      /^sign-in +POST \/\{tenant\}\/oauth2\/v2\.0\/token \(client credentials\) +ok \(1 attempt\)$/m,
    );
    expect(row(run, "GET /v1.0/users/{user}/mailFolders/inbox")).toMatch(/^exchange .* ok$/);
    expect(row(run, "GET /v1.0/teams/{team}/channels/{channel}/messages?$top=1")).toMatch(/^groups .* ok$/);
    expect(row(run, "GET /v1.0/chats/{chat}/messages?$top=1")).toMatch(/^chats .* ok$/);
    expect(run.stdout).toContain(`per-user calls read user ${USER.userPrincipalName}`);
    expect(run.stdout).not.toContain("BLOCKED");

    // The token request is Corso's: a form POST of exactly these four fields to the tenant's v2.0 endpoint.
    const posts = run.double.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => r.path)).toEqual([`/${TENANT_ID}/oauth2/v2.0/token`]);
    expect(posts[0].headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(posts[0].body))).toEqual({
      client_id: CLIENT_ID,
      client_secret: SECRET,
      scope: "https://graph.microsoft.com/.default",
      grant_type: "client_credentials",
    });
  });

  it("never writes to the tenant: every call after the token request is a GET, each list read with $top=1", async () => {
    const run = await preflight({});
    const graph = run.double.requests.filter((r) => !r.path.endsWith("/oauth2/v2.0/token"));
    expect(graph.length).toBeGreaterThan(15);
    expect(new Set(graph.map((r) => r.method))).toEqual(new Set(["GET"]));
    for (const request of graph) {
      expect(request.headers.authorization).toBe(`Bearer ${run.double.tokens[0]}`);
      const [path, query] = request.path.split("?");
      // Lists are read one item at a time; single objects and the channel list (which takes no $top) are not lists.
      const isList = query !== undefined && !/^\/v1\.0\/(users|groups)\/[^/]+$/.test(path);
      if (isList) expect(decodeURIComponent(query)).toContain("$top=1");
    }
    // Corso's user listing leaves guests out, which Graph answers only with $count and eventual consistency.
    const users = graph.find((r) => r.path.startsWith("/v1.0/users?"));
    expect(users?.headers.consistencylevel).toBe("eventual");
    expect(decodeURIComponent(users?.path ?? "")).toContain(
      "$filter=onPremisesSyncEnabled eq true OR userType ne 'Guest'",
    );
  });

  it("prints JSON with --json: every check, the token's roles and the verdict", async () => {
    const run = await preflight({}, { json: true });
    expect(run.status).toBe(0);
    expect(run.report).toMatchObject({
      stack: "corso",
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      ready: true,
      signIn: { state: "ok", attempts: 1, waitedSeconds: 0 },
      permissions: { missing: [], extra: [], requested: [...EVERY_SERVICE_PERMISSIONS].sort() },
      user: USER.userPrincipalName,
    });
    expect(run.report?.services).toEqual(ALL_SERVICES.map((service) => ({ service, state: "ready" })));
    expect(run.report?.checks.every((c) => c.state === "ok")).toBe(true);
  });

  it("checks only the services asked for, with the permissions --services implies when there is no synthesis", async () => {
    const run = await preflight({}, { synth: undefined, services: ["onedrive"], json: true });
    expect(run.status).toBe(0);
    expect(run.report?.permissions.source).toBe("--services onedrive");
    expect(run.report?.services).toEqual([{ service: "onedrive", state: "ready" }]);
    expect(new Set(run.report?.checks.map((c) => c.area))).toEqual(new Set(["discovery", "onedrive"]));
    // The token holds more than onedrive needs: named, not blocking.
    expect(run.report?.permissions.extra).toContain("Mail.ReadWrite");
  });

  it("reads Corso's own environment variables with --env", async () => {
    double = await startTenantDouble({ secret: SECRET, roles: [EVERY_SERVICE_PERMISSIONS] });
    let stdout = "";
    const status = await runPreflight(
      { env: true, synth: synthesisEvery, stack: "corso" },
      {
        stdin: Readable.from([]),
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: () => true },
        env: {
          AZURE_TENANT_ID: TENANT_ID,
          AZURE_CLIENT_ID: CLIENT_ID,
          AZURE_CLIENT_SECRET: SECRET,
          CORSO_PREFLIGHT_LOGIN_URL: double.url,
          CORSO_PREFLIGHT_GRAPH_URL: double.url,
        },
      },
    );
    expect(status).toBe(0);
    expect(stdout).toMatch(/^READY: /m);
  });
});

describe("corso-preflight while a deploy propagates", () => {
  it("retries a secret Entra ID does not know yet (AADSTS7000215), with a progress line before each wait", async () => {
    const run = await preflight({ tokenFaults: [INVALID_SECRET, INVALID_SECRET] }, { json: true });
    expect(run.status).toBe(0);
    expect(run.report?.signIn).toEqual({ state: "ok", attempts: 3, waitedSeconds: 15 });
    expect(run.sleeps).toEqual([5000, 10000]);
    expect(run.stderr.trim().split("\n")).toEqual([
      "corso-preflight: sign-in refused (AADSTS7000215): a new secret or app can take a few minutes to work; attempt 2 in 5 s (0 of 60 s waited)",
      "corso-preflight: sign-in refused (AADSTS7000215): a new secret or app can take a few minutes to work; attempt 3 in 10 s (5 of 60 s waited)",
    ]);
  });

  it("retries a token that lacks requested roles until consent reaches sign-in", async () => {
    const run = await preflight({ roles: [[], ["User.Read.All"], EVERY_SERVICE_PERMISSIONS] }, { json: true });
    expect(run.status).toBe(0);
    expect(run.report?.signIn.attempts).toBe(3);
    const count = EVERY_SERVICE_PERMISSIONS.length;
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(
          `^corso-preflight: the token lacks ${count} requested roles \\(Calendars\\.ReadWrite, .*\\): admin consent can take a few minutes to reach sign-in; attempt 2 in 5 s \\(0 of 60 s waited\\)$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^corso-preflight: the token lacks ${count - 1} requested roles .*; attempt 3 in 10 s \\(5 of 60 s waited\\)$`,
        ),
      ),
    ]);
  });

  it("gives up on an invalid secret when the wait is over: blocked, with the cause and the fix", async () => {
    const run = await preflight({ tokenAlwaysFails: INVALID_SECRET }, { waitSeconds: 20 });
    expect(run.status).toBe(3);
    expect(run.sleeps.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(row(run, "POST /{tenant}/oauth2/v2.0/token (client credentials)")).toMatch(
      /BLOCKED: invalid client secret \(4 attempts, 20 s waited\)$/,
    );
    expect(run.stdout).toContain(
      "cause: the client secret is not one of this app's secrets (AADSTS7000215 invalid client secret)",
    );
    expect(run.stdout).toContain(
      "fix:   give Corso the stack's current AZURE_CLIENT_SECRET output (the secret's value, not its id)",
    );
    expect(run.stdout).toMatch(/^BLOCKED: exchange not checked, onedrive not checked, /m);
    // Nothing is read from Graph without a token.
    expect(run.double.requests.every((r) => r.method === "POST")).toBe(true);
  });
});

describe("corso-preflight tells each failure's cause and fix", () => {
  it("a secret that expired (AADSTS7000222): no retry, rotate by applying", async () => {
    const run = await preflight({
      tokenAlwaysFails: {
        status: 401,
        error: "invalid_client",
        aadsts: 7000222,
        description: `AADSTS7000222: The provided client secret keys for app '${CLIENT_ID}' are expired.`,
      },
    });
    expect(run.status).toBe(3);
    expect(run.sleeps).toEqual([]);
    expect(run.stdout).toContain("BLOCKED: client secret expired (1 attempt)");
    expect(run.stdout).toContain("cause: the client secret has expired (AADSTS7000222)");
    expect(run.stdout).toContain("fix:   apply the stack, which replaces an expired slot");
  });

  it("sign-in blocked by Conditional Access for workload identities (AADSTS53003): no retry", async () => {
    const run = await preflight(
      {
        tokenAlwaysFails: {
          status: 400,
          error: "access_denied",
          aadsts: 53003,
          description:
            "AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
        },
      },
      { json: true },
    );
    expect(run.status).toBe(3);
    expect(run.sleeps).toEqual([]);
    expect(run.report?.signIn.diagnosis).toMatchObject({ kind: "conditional-access", code: "AADSTS53003" });
    expect(run.report?.signIn.diagnosis?.fix).toMatch(
      /Service principal sign-ins .* exclude Corso's service principal/,
    );
    expect(run.report?.ready).toBe(false);
  });

  it("a tenant that does not exist (AADSTS90002): wrong tenant, no retry", async () => {
    const other = "11111111-2222-4333-8444-555555555555";
    const run = await preflight({}, { json: true }, terraformOutputs({ AZURE_TENANT_ID: other }));
    expect(run.status).toBe(3);
    expect(run.sleeps).toEqual([]);
    expect(run.report?.signIn.diagnosis).toMatchObject({ kind: "wrong-tenant", code: "AADSTS90002" });
    expect(run.report?.signIn.diagnosis?.cause).toBe(`there is no tenant ${other} (AADSTS90002 tenant not found)`);
  });

  it("an app the tenant does not know (AADSTS700016): retried while it may propagate, then wrong tenant or client id", async () => {
    const other = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    const run = await preflight({}, { waitSeconds: 5 }, terraformOutputs({ AZURE_CLIENT_ID: other }));
    expect(run.status).toBe(3);
    expect(run.sleeps).toEqual([5000]);
    expect(run.stdout).toContain("BLOCKED: wrong tenant or client id (2 attempts, 5 s waited)");
    expect(run.stdout).toContain(
      `cause: tenant ${TENANT_ID} has no application with client id ${other} (AADSTS700016 app not found)`,
    );
  });

  it("consent missing: the token lacks a requested role after the wait, and the calls that need it are blocked", async () => {
    const withoutMail = EVERY_SERVICE_PERMISSIONS.filter((p) => p !== "Mail.ReadWrite");
    const run = await preflight({ roles: [withoutMail] }, { waitSeconds: 0 });
    expect(run.status).toBe(3);
    expect(row(run, `the token's roles against ${EVERY_SERVICE_PERMISSIONS.length} requested permissions`)).toMatch(
      /BLOCKED: consent missing \(1\)$/,
    );
    expect(run.stdout).toContain("cause: the token lacks 1 requested permission after 0 s: Mail.ReadWrite");
    expect(row(run, "GET /v1.0/users/{user}/mailFolders/inbox")).toMatch(/BLOCKED: consent missing$/);
    expect(run.stdout).toContain(
      "cause: admin consent to Mail.ReadWrite is missing: the token holds no such role (Graph answered 403 ErrorAccessDenied)",
    );
    expect(run.stdout).toMatch(
      /^BLOCKED: exchange blocked, onedrive ready, sharepoint ready, groups ready, chats ready$/m,
    );
  });

  it("a permission the stack does not request: Corso's guide leaves out Group-Conversation.Read.All, so groups are blocked", async () => {
    const run = await preflight({ roles: [[...CORSO_PERMISSIONS]] }, { synth: synthesisDefault, json: true });
    expect(run.status).toBe(3);
    expect(run.report?.permissions.missing).toEqual([]);
    const conversations = run.report?.checks.find((c) => c.call === "GET /v1.0/groups/{group}/conversations?$top=1");
    expect(conversations).toMatchObject({ state: "blocked", status: 403, diagnosis: { kind: "not-requested" } });
    expect(conversations?.diagnosis?.cause).toBe(
      "the stack does not request Group-Conversation.Read.All, which this call needs (Graph answered 403 Authorization_RequestDenied)",
    );
    expect(run.report?.services.find((s) => s.service === "groups")?.state).toBe("blocked");
    expect(run.report?.services.find((s) => s.service === "exchange")?.state).toBe("ready");
  });

  it("Teams protected APIs not approved: channel messages and chats blocked, with Microsoft's request form", async () => {
    const protectedApi =
      "Invoked API requires Protected API access in application-only context when not using Resource Specific Consent. Visit https://docs.microsoft.com/en-us/graph/teams-protected-apis for more details.";
    const run = await preflight({
      graphFaults: [
        { match: /\/channels\/[^/]+\/messages\?/, status: 403, code: "Forbidden", message: protectedApi },
        { match: /\/chats\?/, status: 403, code: "Forbidden", message: protectedApi },
      ],
    });
    expect(run.status).toBe(3);
    expect(row(run, "GET /v1.0/teams/{team}/channels/{channel}/messages?$top=1")).toMatch(
      /BLOCKED: protected API not approved$/,
    );
    expect(row(run, "GET /v1.0/users/{user}/chats?$top=1")).toMatch(/BLOCKED: protected API not approved$/);
    expect(run.stdout).toContain(
      "fix:   request access with Microsoft's form, https://aka.ms/teamsgraph/requestaccess",
    );
    expect(run.stdout).toMatch(
      /^BLOCKED: exchange ready, onedrive ready, sharepoint ready, groups blocked, chats blocked$/m,
    );
  });

  it.each([
    ["an application access policy", "Access to OData is disabled."],
    [
      "RBAC for Applications",
      "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.",
    ],
  ])("mailbox access restricted by Exchange (%s)", async (_, message) => {
    const run = await preflight({
      graphFaults: [
        {
          match: /^\/v1\.0\/users\/[^/]+\/(mailFolders|mailboxSettings|contactFolders|calendars)/,
          status: 403,
          code: "ErrorAccessDenied",
          message,
        },
      ],
    });
    expect(run.status).toBe(3);
    expect(row(run, "GET /v1.0/users/{user}/mailFolders/inbox")).toMatch(
      /BLOCKED: mailbox access restricted by Exchange$/,
    );
    expect(run.stdout).toContain(`and user ${USER.userPrincipalName}'s is not among them`);
    expect(run.stdout).toContain(`Test-ApplicationAccessPolicy -AppId ${CLIENT_ID} -Identity <mailbox>`);
    // Corso stops at the inbox (src/internal/m365/service/exchange/enabled.go:24): so does the preflight.
    expect(run.double.requests.some((r) => r.path.includes("/contactFolders"))).toBe(false);
  });

  it("a user without a licence: no mailbox (MailboxNotEnabledForRESTAPI), and --user picks another", async () => {
    const run = await preflight(
      {
        graphFaults: [
          {
            match: /\/mailFolders\/inbox$/,
            status: 404,
            code: "MailboxNotEnabledForRESTAPI",
            message: "REST API is not yet supported for this mailbox.",
          },
        ],
      },
      { user: USER.userPrincipalName },
    );
    expect(run.status).toBe(3);
    expect(row(run, "GET /v1.0/users/{user}/mailFolders/inbox")).toMatch(/BLOCKED: no mailbox \(licence\)$/);
    expect(run.stdout).toContain(
      `cause: user ${USER.userPrincipalName} has no Exchange Online mailbox (no licence with Exchange Online`,
    );
    expect(run.stdout).toContain("or check a user who has a mailbox with --user");
    expect(
      run.double.requests.some((r) => r.path.startsWith(`/v1.0/users/${encodeURIComponent(USER.userPrincipalName)}?`)),
    ).toBe(true);
  });

  it("a user without OneDrive, and a tenant without SharePoint", async () => {
    const run = await preflight(
      {
        graphFaults: [
          {
            match: /\/users\/[^/]+\/drive$/,
            status: 404,
            code: "ResourceNotFound",
            message: "User's mysite not found.",
          },
          {
            match: /^\/v1\.0\/sites\/root$/,
            status: 400,
            code: "BadRequest",
            message: "Tenant does not have a SPO license.",
          },
        ],
      },
      { json: true },
    );
    expect(run.status).toBe(3);
    const kinds = Object.fromEntries(
      run.report?.checks.filter((c) => c.diagnosis).map((c) => [c.call, c.diagnosis?.kind]) ?? [],
    );
    expect(kinds).toEqual({
      "GET /v1.0/users/{user}/drive": "no-onedrive",
      "GET /v1.0/sites/root": "no-sharepoint",
    });
  });

  it("mailbox settings denied is a warning, as Corso backs the mailbox up without them", async () => {
    const run = await preflight({
      graphFaults: [
        {
          match: /\/mailboxSettings$/,
          status: 403,
          code: "ErrorAccessDenied",
          message: "Access is denied. Check credentials and try again.",
        },
      ],
    });
    expect(run.status).toBe(0);
    expect(row(run, "GET /v1.0/users/{user}/mailboxSettings")).toMatch(/warning: access denied$/);
    expect(run.stdout).toContain("Corso backs the mailbox up without its settings");
    expect(run.stdout).toMatch(/^READY: exchange ready/m);
  });
});

describe("corso-preflight never shows a secret", () => {
  it.each([
    ["a table", false],
    ["JSON", true],
  ])("neither the client secret nor the access token, even when Microsoft echoes them (%s)", async (_, json) => {
    // A Graph error printed as it came (access denied with the role held), after a retried sign-in.
    const graph = await preflight(
      {
        echoSecrets: true,
        tokenFaults: [INVALID_SECRET],
        graphFaults: [{ match: /\/mailFolders\/inbox$/, status: 403, code: "AccessDenied", message: "Denied." }],
      },
      { json },
    );
    expect(graph.status).toBe(3);
    expect(graph.double.tokens).toHaveLength(1);
    const tokens = graph.double.tokens;
    await graph.double.close();
    // A refused sign-in whose description is printed as it came.
    const signIn = await preflight(
      {
        echoSecrets: true,
        tokenAlwaysFails: {
          status: 400,
          error: "invalid_request",
          aadsts: 50000,
          description: "AADSTS50000: There was an error issuing a token.",
        },
      },
      { json },
    );
    expect(signIn.status).toBe(3);
    for (const run of [graph, signIn]) {
      // The double did put them in its answers, and they reached the report, redacted.
      expect(run.stdout).toContain("[redacted]");
      for (const secret of [SECRET, ...tokens, tokens[0].split(".")[1]]) {
        expect(run.stdout).not.toContain(secret);
        expect(run.stderr).not.toContain(secret);
      }
    }
  });

  it("nor in an error: Graph unreachable after sign-in is one line naming Graph", async () => {
    double = await startTenantDouble({ secret: SECRET, roles: [EVERY_SERVICE_PERMISSIONS] });
    const closed = await startTenantDouble({ secret: SECRET, roles: [] });
    await closed.close();
    const error = await runPreflight(
      { synth: synthesisEvery, stack: "corso" },
      {
        stdin: Readable.from([terraformOutputs()]),
        stdout: { write: () => true },
        stderr: { write: () => true },
        env: { CORSO_PREFLIGHT_LOGIN_URL: double.url, CORSO_PREFLIGHT_GRAPH_URL: closed.url },
      },
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe(`cannot reach Microsoft Graph at ${closed.url}: ECONNREFUSED`);
    expect(error?.message).not.toContain(SECRET);
  });

  it("rejects outputs without the secret before any request, naming what to add", async () => {
    double = await startTenantDouble({ secret: SECRET, roles: [EVERY_SERVICE_PERMISSIONS] });
    const cdktfFile = JSON.stringify({ corso: { AZURE_CLIENT_ID: CLIENT_ID, AZURE_TENANT_ID: TENANT_ID } });
    await expect(
      runPreflight(
        { synth: synthesisEvery },
        {
          stdin: Readable.from([cdktfFile]),
          stdout: { write: () => true },
          stderr: { write: () => true },
          env: { CORSO_PREFLIGHT_LOGIN_URL: double.url, CORSO_PREFLIGHT_GRAPH_URL: double.url },
        },
      ),
    ).rejects.toThrow(
      "stack 'corso' has no output AZURE_CLIENT_SECRET: cdktf leaves sensitive outputs out of the file unless `cdktf output` is given --outputs-file-include-sensitive-outputs",
    );
    expect(double.requests).toEqual([]);
  });
});
