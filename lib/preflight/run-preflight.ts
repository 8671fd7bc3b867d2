import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { isGuid, readInput } from "../common";
import {
  type OutputNameOptions,
  OutputsError,
  type StackOutputs,
  credentialsOutputNames,
  pickCorsoCredentials,
  quoteName,
  pickCorsoStack,
  readEveryStackOutputs,
} from "../credentials";
import {
  type CorsoService,
  type CorsoServiceName,
  canonicalService,
  corsoUsesOf,
  findGraphPermission,
  permissionsForServices,
} from "../permissions";
import { readSynthesis } from "../review";
import {
  type CallContext,
  type Check,
  checkChats,
  checkExchange,
  checkGroups,
  checkOneDrive,
  checkSharePoint,
  findUser,
} from "./corso-calls";
import type { Diagnosis } from "./diagnosis";
import { type PreflightEndpoints, preflightEndpoints } from "./endpoints";
import { GraphReader } from "./graph-reader";
import { type PreflightReport, renderPreflightJson, renderPreflightTable, serviceStates } from "./report";
import { redactSecrets } from "./redact";
import { type ClientCredentials, signIn } from "./sign-in";

/** What the preflight was asked to do. */
export interface PreflightRequest {
  /**
   * The outputs JSON file (`terraform output -json` or `cdktf output --outputs-file`, with the secret).
   * @default - standard input, unless `env` is set
   */
  readonly from?: string;
  /**
   * Read AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET from the environment, as Corso does.
   * @default false
   */
  readonly env?: boolean;
  /**
   * The stack: picks it from a cdktf outputs file, and in the synthesis.
   * @default - the only stack of the outputs
   */
  readonly stack?: string;
  /**
   * The synthesis directory that says which permissions the stack requests.
   * @default - `cdktf.out` when it holds the stack
   */
  readonly synth?: string;
  /**
   * The Corso services to check.
   * @default - every service the stack requests a permission for
   */
  readonly services?: readonly CorsoServiceName[];
  /**
   * The user whose mailbox, OneDrive and chats are read (id or user principal name).
   * @default - the first user Corso's own listing returns
   */
  readonly user?: string;
  /**
   * The group or team the groups checks read (object id).
   * @default - the first team, else the first Microsoft 365 group
   */
  readonly group?: string;
  /**
   * Seconds to keep retrying while a new secret, app or consent propagates.
   * @default 300
   */
  readonly waitSeconds?: number;
  /**
   * Print JSON rather than a table.
   * @default false
   */
  readonly json?: boolean;
  /**
   * Which outputs hold the credentials.
   * @default - AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET
   */
  readonly outputNames?: OutputNameOptions;
}

/** Where the preflight reads and prints, and how it reaches Microsoft. */
export interface PreflightIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Read for Corso's variables (with `env`) and for endpoint overrides only. */
  readonly env: NodeJS.ProcessEnv;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
  /** The directory a relative or default synthesis path is read from. */
  readonly cwd?: string;
}

/** Default seconds to wait for a new secret or consent to work: Microsoft says minutes. */
export const DEFAULT_WAIT_SECONDS = 300;

const SERVICE_ORDER: readonly CorsoService[] = ["exchange", "onedrive", "sharepoint", "groups", "chats"];

/**
 * Signs in with the deployed credentials as Corso does, compares the token's roles with the
 * permissions the stack requests, then makes the first read-only Graph calls of Corso's backup of
 * each chosen service, and prints what stands in the way with its fix. Returns 3 when sign-in,
 * consent or a chosen service is blocked, else 0; throws on unreadable input. No secret and no
 * token is ever written, not even in an error.
 */
export async function runPreflight(request: PreflightRequest, io: PreflightIo): Promise<number> {
  const endpoints = preflightEndpoints({}, io.env);
  const { credentials, stack } = await readCredentials(request, io);
  const secrets = [credentials.clientSecret];
  const out = redacting(io.stdout, secrets);
  const err = redacting(io.stderr, secrets);
  try {
    const requested = requestedPermissions(request, stack, io.cwd ?? process.cwd());
    const services = chosenServices(request.services, requested.permissions);
    const report = await preflight(credentials, {
      ...requested,
      stack,
      services,
      endpoints,
      secrets,
      request,
      io,
      err,
    });
    out.write(request.json === true ? renderPreflightJson(report) : renderPreflightTable(report));
    return report.ready ? 0 : 3;
  } catch (error) {
    // The message is printed by the command's runner: make sure it holds no secret either.
    if (error instanceof Error) error.message = redactSecrets(error.message, secrets);
    throw error;
  }
}

interface PreflightPlan {
  readonly stack?: string;
  readonly permissions: readonly string[];
  readonly source: string;
  readonly services: readonly CorsoService[];
  readonly endpoints: PreflightEndpoints;
  readonly secrets: string[];
  readonly request: PreflightRequest;
  readonly io: PreflightIo;
  readonly err: { write(text: string): unknown };
}

async function preflight(credentials: ClientCredentials, plan: PreflightPlan): Promise<PreflightReport> {
  const { request, io } = plan;
  const outcome = await signIn(credentials, {
    endpoints: plan.endpoints,
    requestedRoles: plan.permissions,
    waitSeconds: request.waitSeconds ?? DEFAULT_WAIT_SECONDS,
    progress: (line) => plan.err.write(`corso-preflight: ${line}\n`),
    sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    fetch: io.fetch,
  });
  const base = { stack: plan.stack, tenantId: credentials.tenantId, clientId: credentials.clientId };
  const signInPart = {
    state: outcome.blocked === undefined ? ("ok" as const) : ("blocked" as const),
    attempts: outcome.attempts,
    waitedSeconds: outcome.waitedSeconds,
    diagnosis: outcome.blocked,
  };
  if (outcome.accessToken === undefined) {
    return {
      ...base,
      signIn: signInPart,
      permissions: { source: plan.source, requested: plan.permissions, granted: [], missing: [], extra: [] },
      services: plan.services.map((service) => ({ service, state: "not checked" })),
      checks: [],
      ready: false,
    };
  }
  plan.secrets.push(outcome.accessToken);
  const granted = new Set(outcome.roles);
  const requested = new Set(plan.permissions);
  const missing = plan.permissions.filter((name) => !granted.has(name));
  const extra = [...granted].filter((name) => !requested.has(name)).sort();
  const consent: Diagnosis | undefined =
    missing.length === 0
      ? undefined
      : {
          kind: "consent-missing",
          cause: `the token lacks ${missing.length} requested permission${missing.length === 1 ? "" : "s"} after ${outcome.waitedSeconds} s: ${missing.join(", ")}`,
          fix: "apply the stack, which grants admin consent to every permission it requests (or grant it in Entra ID > App registrations > API permissions), then run the preflight again; consent can take a few minutes to reach sign-in",
        };
  const checks: Check[] = [];
  const ctx: CallContext = {
    graph: new GraphReader(plan.endpoints, outcome.accessToken, io.fetch, [credentials.clientSecret]),
    granted,
    requested,
    clientId: credentials.clientId,
    checks,
  };
  const perUser = plan.services.some((s) => s === "exchange" || s === "onedrive" || s === "chats");
  const user = perUser ? await findUser(ctx, request.user) : undefined;
  for (const service of plan.services) {
    if (service === "sharepoint") await checkSharePoint(ctx);
    else if (service === "groups") await checkGroups(ctx, request.group);
    else if (user !== undefined) {
      if (service === "exchange") await checkExchange(ctx, user);
      if (service === "onedrive") await checkOneDrive(ctx, user);
      if (service === "chats") await checkChats(ctx, user);
    }
  }
  const services = serviceStates(plan.services, checks);
  return {
    ...base,
    signIn: signInPart,
    permissions: {
      source: plan.source,
      requested: plan.permissions,
      granted: [...granted].sort(),
      missing,
      extra,
      diagnosis: consent,
    },
    user: user?.name,
    services,
    checks,
    ready: consent === undefined && services.every((s) => s.state !== "blocked"),
  };
}

async function readCredentials(
  request: PreflightRequest,
  io: PreflightIo,
): Promise<{ credentials: ClientCredentials; stack?: string }> {
  if (request.env === true) {
    const read = (name: string) => {
      const value = io.env[name];
      if (value === undefined || value === "")
        throw new OutputsError(`--env: ${name} is not set: Corso reads it from the environment`);
      return value;
    };
    const tenantId = read("AZURE_TENANT_ID");
    const clientId = read("AZURE_CLIENT_ID");
    const clientSecret = read("AZURE_CLIENT_SECRET");
    for (const [name, value] of [
      ["AZURE_TENANT_ID", tenantId],
      ["AZURE_CLIENT_ID", clientId],
    ]) {
      if (!isGuid(value))
        throw new OutputsError(
          `--env: ${name} is not a GUID (got ${JSON.stringify(value)}): expected e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47`,
        );
    }
    return { credentials: { tenantId, clientId, clientSecret }, stack: request.stack };
  }
  const names = credentialsOutputNames(request.outputNames);
  const every = readEveryStackOutputs(await readInput(request.from, io.stdin));
  // A host project's outputs file holds its other stacks too: the Corso one is picked, the others noted.
  const corso =
    request.stack === undefined && every.length > 1 ? pickCorsoStack(every, names.AZURE_CLIENT_ID) : undefined;
  for (const note of corso?.skipped ?? []) io.stderr.write(`corso-preflight: ${note}\n`);
  const outputs = corso?.outputs ?? pickStack(every, request.stack);
  const picked = pickCorsoCredentials(outputs, names);
  return {
    credentials: {
      tenantId: picked.AZURE_TENANT_ID,
      clientId: picked.AZURE_CLIENT_ID,
      clientSecret: picked.AZURE_CLIENT_SECRET,
    },
    stack: request.stack ?? outputs.stack,
  };
}

/** The stack asked for; `--stack` with `terraform output -json` (one stack, unnamed) names it for the synthesis. */
function pickStack(stacks: readonly StackOutputs[], stack: string | undefined): StackOutputs {
  if (stacks.length === 1 && (stack === undefined || stacks[0].stack === undefined || stacks[0].stack === stack)) {
    return stacks[0];
  }
  if (stack === undefined) {
    throw new OutputsError(
      `the outputs hold several stacks (${stacks.map((s) => quoteName(s.stack ?? "")).join(", ")}): pick one with --stack NAME`,
    );
  }
  const found = stacks.find((s) => s.stack === stack);
  if (found === undefined) {
    throw new OutputsError(
      `the outputs hold no stack ${quoteName(stack)}: found ${stacks.map((s) => quoteName(s.stack ?? "")).join(", ")}`,
    );
  }
  return found;
}

/**
 * The application permissions the stack requests: from its synthesis (the registration's Graph
 * roles), else those `--services` implies. The synthesis is read as untrusted data, by the review.
 */
function requestedPermissions(
  request: PreflightRequest,
  stack: string | undefined,
  cwd: string,
): { permissions: string[]; source: string } {
  const dir = request.synth === undefined ? join(cwd, "cdktf.out") : resolve(cwd, request.synth);
  const shown = request.synth ?? "cdktf.out";
  const useSynthesis =
    request.synth !== undefined || (request.services === undefined && existsSync(join(dir, "manifest.json")));
  if (!useSynthesis) {
    if (request.services === undefined) {
      throw new OutputsError(
        "cannot tell which permissions the stack requests: run in the project after synthesizing it (cdktf synth, or npm run synth in this repository: cdktf.out), or give --synth DIR or --services LIST",
      );
    }
    return {
      permissions: permissionsForServices(request.services),
      source: `--services ${request.services.join(",")}`,
    };
  }
  const stacks = readSynthesis(dir).stacks;
  // Unnamed, the stack is the only one, or the only one with an app registration (a host project's others have none).
  const registered = stacks.filter((s) => s.registrations.length > 0);
  const only = stacks.length === 1 ? stacks[0] : registered.length === 1 ? registered[0] : undefined;
  const chosen = stack === undefined ? only : stacks.find((s) => s.name === stack);
  if (chosen === undefined) {
    const names = stacks.map((s) => quoteName(s.name)).join(", ");
    throw new OutputsError(
      stack === undefined
        ? `${shown} holds several stacks (${names}): name the one deployed with --stack NAME`
        : `${shown} holds no stack ${quoteName(stack)}: found ${names === "" ? "none" : names}`,
    );
  }
  if (chosen.registrations.length !== 1) {
    throw new OutputsError(
      `stack ${quoteName(chosen.name)} in ${shown} holds ${chosen.registrations.length} app registrations: the preflight checks a stack with exactly one; give --services LIST without --synth instead`,
    );
  }
  const permissions = chosen.registrations[0].permissions
    .filter((p) => p.type === "Role" && p.resolved)
    .map((p) => p.name)
    .sort();
  return { permissions, source: `${shown}, stack '${chosen.name}'` };
}

/** The services to check: those given, else every one the stack requests a permission for. */
function chosenServices(
  given: readonly CorsoServiceName[] | undefined,
  permissions: readonly string[],
): CorsoService[] {
  const wanted = new Set<CorsoService>(
    given === undefined
      ? permissions.flatMap((name) => {
          const permission = findGraphPermission(name);
          const uses = permission === undefined ? [] : corsoUsesOf(permission);
          return uses.filter((use): use is CorsoService => use !== "discovery");
        })
      : given.map(canonicalService),
  );
  return SERVICE_ORDER.filter((service) => wanted.has(service));
}

/** A writer that replaces every secret it knows (the client secret, then the access token) before writing. */
function redacting(
  stream: { write(text: string): unknown },
  secrets: readonly string[],
): { write(text: string): unknown } {
  return { write: (text: string) => stream.write(redactSecrets(text, secrets)) };
}
