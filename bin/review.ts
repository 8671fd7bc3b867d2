#!/usr/bin/env node
import { parseArgs } from "node:util";
import { displayText, runCommand } from "../lib/common";
import { FAIL_ON_KINDS, type FailOn, ReviewInputError, review } from "../lib/review";

const USAGE = `Usage: corso-review [--base BASE_DIR] [--plan PLAN.json]... [--fail-on KINDS] [DIR]

Writes a Markdown review of every Entra ID application in a synthesis directory (DIR, default
cdktf.out): the access each requests and is granted on every API (Microsoft Graph permissions with
their Corso service and access level), directory roles, owners, credentials and federated
credentials, redirect URIs and public client flows, the client secret's lifetime and rotation, where
credentials are delivered, where state is kept, imports of existing objects, and every azuread
resource the review does not model ("Not reviewed").

  --base BASE_DIR    start with what changed against that synthesis, escalations first
  --plan PLAN.json   add what the apply will do, from \`terraform show -json PLANFILE\` (one file per
                     stack; repeat for several): per registration, the application and service
                     principal created, updated, replaced, destroyed or imported, consents granted and
                     revoked, which secret slot is replaced and when the new secret expires, owners
                     added and removed, Key Vault secrets written. DIR is optional with --plan.
  --fail-on KINDS    with --plan, refuse plans that hold these changes (comma-separated):
                       replace  the application or its service principal (also moved to a new
                                address), a Key Vault secret or the passphrase replaced, or a
                                replacement the review cannot place; never a secret slot's rotation
                       destroy  the application, its service principal, a Key Vault secret or the
                                passphrase destroyed, or a destroy the review cannot place
                       import   an existing object taken over

Exit status:
  0  nothing escalates (the synthesis alone never does)
  3  an escalation: access requested or granted, raised, a new API, directory role, owner,
     credential kind, federated credential, redirect URI or public client flow, a wider sign-in
     audience, an import, something the review does not model that is new or changed; or, in a
     plan, the application or its service principal replaced or destroyed, a consent granted, an
     owner added, the repository passphrase destroyed, or a change the review cannot place
  4  a plan holds a change named in --fail-on (do not apply it)
  1  unreadable input (named with its file and JSON path) or a wrong command line
`;

/** Exit statuses: 0 nothing escalates, 3 escalation, 4 refused by --fail-on, 1 unreadable input or wrong command line. */
function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: "string" },
        plan: { type: "string", multiple: true },
        "fail-on": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`corso-review: ${displayText((error as Error).message)}\n\n${USAGE}`);
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
  const plans = parsed.values.plan ?? [];
  let failOn: FailOn[] = [];
  if (parsed.values["fail-on"] !== undefined) {
    if (plans.length === 0) {
      process.stderr.write("corso-review: --fail-on needs at least one --plan\n");
      return 1;
    }
    const kinds = parsed.values["fail-on"].split(",").map((k) => k.trim());
    const wrong = kinds.filter((k) => !(FAIL_ON_KINDS as readonly string[]).includes(k));
    if (wrong.length > 0 || kinds.length === 0) {
      process.stderr.write(
        `corso-review: --fail-on: unknown kind ${displayText(JSON.stringify(wrong[0] ?? ""))}; allowed: ${FAIL_ON_KINDS.join(", ")}\n`,
      );
      return 1;
    }
    failOn = kinds as FailOn[];
  }
  try {
    const result = review({
      dir: parsed.positionals[0] ?? "cdktf.out",
      dirNamed: parsed.positionals[0] !== undefined,
      base: parsed.values.base,
      plans,
      failOn,
    });
    process.stdout.write(result.markdown);
    return result.status;
  } catch (error) {
    // Input errors are one line by construction; anything else is a fault of the review, still one line.
    const message =
      error instanceof ReviewInputError
        ? error.message
        : `internal error: ${displayText(String(error).split("\n")[0])}`;
    process.stderr.write(`corso-review: ${message}\n`);
    return 1;
  }
}

runCommand("corso-review", main);
