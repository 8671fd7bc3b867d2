#!/usr/bin/env node
import { closeSync, fchmodSync, openSync, readFileSync, writeSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  CREDENTIAL_FORMATS,
  type CredentialFormat,
  credentialsFromOutputs,
  formatCredentials,
} from "../lib/credentials";

const USAGE = `Usage: corso-credentials --format <${CREDENTIAL_FORMATS.join("|")}> [--from FILE] [--stack NAME] [--out FILE]

Prints the credentials Corso reads (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET and, when
the stack made one, CORSO_PASSPHRASE) from a deployed stack's outputs:
  npx cdktf output corso --outputs-file outputs.json --outputs-file-include-sensitive-outputs
  npm run credentials -- --format bash --from outputs.json
  terraform output -json | npm run --silent credentials -- --format powershell

  --format   bash: export lines; powershell: $Env: lines; dotenv: a .env file; toml: .corso.toml keys
  --from     outputs JSON (cdktf outputs file or terraform output -json); default: standard input
  --stack    the stack to read when the outputs file holds several
  --out      write to FILE (created with mode 0600) instead of standard output
`;

/** Exit statuses: 1 for unreadable or incomplete outputs, 2 for a wrong command line. */
function main(argv: string[]): number {
  let options;
  try {
    options = parseArgs({
      args: argv,
      options: {
        format: { type: "string" },
        from: { type: "string" },
        stack: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = options.format as CredentialFormat | undefined;
  if (format === undefined || !CREDENTIAL_FORMATS.includes(format)) {
    return fail(`--format must be one of ${CREDENTIAL_FORMATS.join(", ")}; got ${format ?? "nothing"}\n\n${USAGE}`, 2);
  }
  if (options.from === undefined && process.stdin.isTTY) {
    return fail(`give the outputs with --from FILE or on standard input\n\n${USAGE}`, 2);
  }

  let text: string;
  try {
    text = readFileSync(options.from ?? 0, "utf8");
  } catch (error) {
    return fail(`cannot read ${options.from ?? "standard input"}: ${(error as Error).message}`, 1);
  }
  let rendered: string;
  try {
    rendered = formatCredentials(credentialsFromOutputs(text, options.stack), format);
  } catch (error) {
    return fail((error as Error).message, 1);
  }

  if (options.out === undefined) {
    process.stdout.write(rendered);
  } else {
    writePrivately(options.out, rendered);
  }
  return 0;
}

/** Writes a file only its owner can read, tightening the mode of a file that already existed. */
function writePrivately(path: string, content: string): void {
  const fd = openSync(path, "w", 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

function fail(message: string, status: number): number {
  process.stderr.write(`corso-credentials: ${message}\n`);
  return status;
}

process.exitCode = main(process.argv.slice(2));
