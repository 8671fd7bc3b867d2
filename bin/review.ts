#!/usr/bin/env node
import { parseArgs } from "node:util";
import { ReviewInputError, review } from "../lib/review";

const USAGE = `Usage: corso-review [--base BASE_DIR] [DIR]

Writes a Markdown review of every Entra ID application in a synthesis directory (DIR, default
cdktf.out): the access each requests and is granted on every API (Microsoft Graph permissions with
their Corso service and access level), directory roles, owners, credentials and federated
credentials, redirect URIs and public client flows, the client secret's lifetime and rotation, where
credentials are delivered, where state is kept, imports of existing objects, and every azuread
resource the review does not model ("Not reviewed"). With --base, it starts with what changed
against that synthesis, escalations first.

Exit status:
  0  nothing escalates (always without --base)
  3  an escalation: access requested or granted, raised, a new API, directory role, owner,
     credential kind, federated credential, redirect URI or public client flow, a wider sign-in
     audience, an import, or something the review does not model that is new or changed
  1  unreadable input (named with its file and JSON path) or a wrong command line
`;

/** Exit statuses: 0 no escalation, 3 escalation, 1 unreadable input or wrong command line. */
function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { base: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    process.stderr.write(`corso-review: ${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    process.stderr.write(`corso-review: give one synthesis directory, got ${parsed.positionals.length}\n\n${USAGE}`);
    return 1;
  }
  try {
    const result = review({ dir: parsed.positionals[0] ?? "cdktf.out", base: parsed.values.base });
    process.stdout.write(result.markdown);
    return result.status;
  } catch (error) {
    // Input errors are one line by construction; anything else is a fault of the review, still one line.
    const message =
      error instanceof ReviewInputError ? error.message : `internal error: ${String(error).split("\n")[0]}`;
    process.stderr.write(`corso-review: ${message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
