import { parseArgs } from "node:util";
import type { UsageRequest } from "../credentials";
import type { StatusRequest } from "./check-status";
import { DEFAULT_MIN_DAYS } from "./secret-status";

/** What `corso-status --help` prints, and what follows a wrong command line. */
export const STATUS_USAGE = `Usage: corso-status [--from FILE] [--stack NAME] [--min-days N] [--json]
       corso-status --list-stacks DIR

Tells, for each stack in a deployed stack's outputs, when the current client secret expires, how
many days it has left and when the next rotation is due; exits 3 when any has fewer days left
than the threshold, so that cron, a pipeline or a monitoring agent can alert. Never prints a secret.
  npx cdktf output '*' --outputs-file outputs.json
  corso-status --from outputs.json
  terraform -chdir=cdktf.out/stacks/contoso output -json | corso-status --min-days 30
In a clone of corso-m365-cdktf: npm run --silent status -- --from outputs.json

Reading:
  --from FILE             outputs JSON, from \`cdktf output --outputs-file\` (every stack in it) or
                          \`terraform output -json\` (default: standard input)
  --stack NAME            only this stack of a cdktf outputs file
  --end-date-output NAME  the output holding the current secret's end date (default: client_secret_end_date)
  --schedule-output NAME  the output holding the secret schedule (default: client_secret_schedule)
  --prefix PREFIX         put before each default name: --prefix contoso_ reads contoso_client_secret_end_date, ...

Judging:
  --min-days N            alert when a current secret has fewer than N days left (default: half the
                          rotation period, which regular applies never go below; ${DEFAULT_MIN_DAYS} when the
                          outputs hold no schedule)
  --json                  print JSON instead of a table

For a CI matrix:
  --list-stacks DIR       print the stacks of the synthesis in DIR (cdktf.out) that hold a Corso
                          registration as a JSON list (others skipped with a note); fails when one
                          keeps its Terraform state in a local file, which a runner loses

Exit status: 0 every secret has enough days left; 3 one has fewer than the threshold, or has
expired; 1 unreadable or incomplete input; 2 wrong command line.
`;

/** A request to list a synthesis's stacks for a CI matrix. */
export interface ListStacksRequest {
  readonly listStacks: string;
}

const NAME_OPTIONS = ["from", "stack", "prefix", "end-date-output", "schedule-output", "list-stacks"] as const;

/**
 * Parses the status command's arguments into a request, or says what is wrong with them.
 * @param stdinIsTerminal - true when standard input is a terminal, which cannot be the outputs
 */
export function parseStatusArguments(
  argv: readonly string[],
  stdinIsTerminal = false,
): StatusRequest | ListStacksRequest | UsageRequest {
  let options;
  try {
    options = parseArgs({
      args: [...argv],
      options: {
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        "min-days": { type: "string" },
        ...Object.fromEntries(NAME_OPTIONS.map((name) => [name, { type: "string" as const }])),
      },
    }).values as Record<string, string | undefined> & { help?: boolean; json?: boolean };
  } catch (error) {
    return { usage: true, problem: (error as Error).message };
  }
  if (options.help) return { usage: true };
  for (const name of [...NAME_OPTIONS, "min-days"]) {
    if (options[name] === "") return { usage: true, problem: `--${name} needs a value; got an empty one` };
  }
  if (options["list-stacks"] !== undefined) {
    const others = Object.keys(options).filter((name) => name !== "list-stacks");
    if (others.length > 0) {
      return { usage: true, problem: `--list-stacks reads a synthesis only; --${others[0]} cannot go with it` };
    }
    return { listStacks: options["list-stacks"] };
  }
  let minDays: number | undefined;
  if (options["min-days"] !== undefined) {
    const given = options["min-days"];
    if (!/^\d{1,4}(\.\d+)?$/.test(given)) {
      return {
        usage: true,
        problem: `--min-days must be a number of days from 0 to 9999; got ${JSON.stringify(given)}`,
      };
    }
    minDays = Number(given);
  }
  if (options.from === undefined && stdinIsTerminal) {
    return { usage: true, problem: "give the outputs with --from FILE or on standard input" };
  }
  return {
    from: options.from,
    stack: options.stack,
    minDays,
    json: options.json === true,
    outputNames: {
      prefix: options.prefix,
      endDate: options["end-date-output"],
      schedule: options["schedule-output"],
    },
  };
}
