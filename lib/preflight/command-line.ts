import { parseArgs } from "node:util";
import type { UsageRequest } from "../credentials";
import { CORSO_SERVICE_NAMES, type CorsoServiceName, isCorsoServiceName } from "../permissions";
import { ENDPOINT_VARIABLES } from "./endpoints";
import { DEFAULT_WAIT_SECONDS, type PreflightRequest } from "./run-preflight";

/** What `corso-preflight --help` prints, and what follows a wrong command line. */
export const PREFLIGHT_USAGE = `Usage: corso-preflight [--from FILE | --env] [--stack NAME] [--synth DIR | --services LIST]
                       [--user USER] [--group ID] [--wait-seconds N] [--json]

Tells whether Corso's first backup will work with the deployed credentials: signs in as Corso does
(client credentials, Microsoft Graph's .default scope), retrying while a new secret or consent
propagates; compares the token's roles with the permissions the stack requests; then makes the
first read-only Graph calls of Corso's backup of each chosen service ($top=1), and says for each
failure its cause and its fix. Only reads: the one POST is the token request. Never prints a secret.
  terraform -chdir=cdktf.out/stacks/corso output -json | corso-preflight --stack corso
  npx cdktf output corso --outputs-file outputs.json --outputs-file-include-sensitive-outputs
  corso-preflight --from outputs.json
In a clone of corso-m365-cdktf: npm run --silent preflight -- --from outputs.json

Credentials:
  --from FILE             outputs JSON with the secret, from \`terraform output -json\` or
                          \`cdktf output --outputs-file ... --outputs-file-include-sensitive-outputs\`
                          (default: standard input)
  --env                   read AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET from the
                          environment, as Corso does, instead of outputs
  --stack NAME            the stack (of a cdktf outputs file, and in the synthesis)
  --prefix PREFIX, --client-id-output NAME, --tenant-id-output NAME, --client-secret-output NAME
                          other output names, as corso-credentials takes them

What to check:
  --synth DIR             the synthesis that says which permissions the stack requests
                          (default: cdktf.out, when it is there and --services is not given)
  --services LIST         comma-separated Corso services to check: ${CORSO_SERVICE_NAMES.join(", ")}
                          (default: each service the stack requests a permission for)
  --user USER             the user (id or user principal name) whose mailbox, OneDrive and chats
                          are read (default: the first user Corso's listing returns)
  --group ID              the group or team the groups checks read (default: the first team)
  --wait-seconds N        how long to retry while a new secret or consent propagates (default ${DEFAULT_WAIT_SECONDS})
  --json                  print JSON instead of a table

Endpoints (for a proxy or a test double; never credentials): ${ENDPOINT_VARIABLES.login},
${ENDPOINT_VARIABLES.graph} (https, or http to 127.0.0.1).

Exit status: 0 ready; 3 sign-in, consent or a chosen service is blocked (the table says why and
how to fix it); 1 unreadable input or Microsoft unreachable; 2 wrong command line.
`;

const NAME_OPTIONS = [
  "from",
  "stack",
  "synth",
  "services",
  "user",
  "group",
  "wait-seconds",
  "prefix",
  "client-id-output",
  "tenant-id-output",
  "client-secret-output",
] as const;

/** Parses the preflight's arguments into a request, or says what is wrong with them. */
export function parsePreflightArguments(
  argv: readonly string[],
  stdinIsTerminal = false,
): PreflightRequest | UsageRequest {
  let options;
  try {
    options = parseArgs({
      args: [...argv],
      options: {
        json: { type: "boolean" },
        env: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(NAME_OPTIONS.map((name) => [name, { type: "string" as const }])),
      },
    }).values as Record<string, string | undefined> & { help?: boolean; json?: boolean; env?: boolean };
  } catch (error) {
    return { usage: true, problem: (error as Error).message };
  }
  if (options.help) return { usage: true };
  for (const name of NAME_OPTIONS) {
    if (options[name] === "") return { usage: true, problem: `--${name} needs a value; got an empty one` };
  }
  if (options.env === true && options.from !== undefined) {
    return { usage: true, problem: "--env and --from both give the credentials: use one" };
  }
  if (options.env === true) {
    const named = ["prefix", "client-id-output", "tenant-id-output", "client-secret-output"].find(
      (n) => options[n] !== undefined,
    );
    if (named !== undefined)
      return { usage: true, problem: `--${named} names an output, but --env reads the environment` };
  }
  let services: CorsoServiceName[] | undefined;
  if (options.services !== undefined) {
    const names = options.services.split(",").map((name) => name.trim());
    const unknown = names.find((name) => !isCorsoServiceName(name));
    if (unknown !== undefined) {
      return {
        usage: true,
        problem: `--services: unknown Corso service ${JSON.stringify(unknown)}; expected a comma-separated list of ${CORSO_SERVICE_NAMES.join(", ")}`,
      };
    }
    services = [...new Set(names as CorsoServiceName[])];
  }
  let waitSeconds: number | undefined;
  if (options["wait-seconds"] !== undefined) {
    const given = options["wait-seconds"];
    if (!/^\d{1,4}$/.test(given)) {
      return {
        usage: true,
        problem: `--wait-seconds must be a whole number of seconds from 0 to 9999; got ${JSON.stringify(given)}`,
      };
    }
    waitSeconds = Number(given);
  }
  if (options.env !== true && options.from === undefined && stdinIsTerminal) {
    return { usage: true, problem: "give the outputs with --from FILE or on standard input, or --env" };
  }
  return {
    from: options.from,
    env: options.env === true,
    stack: options.stack,
    synth: options.synth,
    services,
    user: options.user,
    group: options.group,
    waitSeconds,
    json: options.json === true,
    outputNames: {
      prefix: options.prefix,
      clientId: options["client-id-output"],
      tenantId: options["tenant-id-output"],
      clientSecret: options["client-secret-output"],
    },
  };
}
