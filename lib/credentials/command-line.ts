import { parseArgs } from "node:util";
import type { CredentialsRequest } from "./deliver-credentials";
import { CREDENTIAL_FORMATS, type CredentialFormat } from "./formats";

/** What `corso-credentials --help` prints, and what follows a wrong command line. */
export const CREDENTIALS_USAGE = `Usage: corso-credentials --format <${CREDENTIAL_FORMATS.join("|")}> [--from FILE] [--stack NAME] [--out FILE]
       corso-credentials --merge CORSO_TOML [--from FILE] [--stack NAME]

Prints the credentials Corso reads (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET and, when
the stack has one, CORSO_PASSPHRASE) from a deployed stack's outputs, or merges them into Corso's
config file:
  npx cdktf output corso --outputs-file outputs.json --outputs-file-include-sensitive-outputs
  corso-credentials --format bash --from outputs.json > corso.env
  terraform output -json | corso-credentials --format powershell
  corso-credentials --merge ~/.corso.toml --from outputs.json
In a clone of corso-m365-cdktf: npm run --silent credentials -- --format bash --from outputs.json

Reading:
  --from FILE                  outputs JSON, from \`cdktf output --outputs-file\` or \`terraform output -json\`
                               (default: standard input)
  --stack NAME                 the stack to read when a cdktf outputs file holds several
  --client-id-output NAME      the output holding the client id (default: AZURE_CLIENT_ID)
  --tenant-id-output NAME      the output holding the tenant id (default: AZURE_TENANT_ID)
  --client-secret-output NAME  the output holding the client secret (default: AZURE_CLIENT_SECRET)
  --passphrase-output NAME     the output holding Corso's repository passphrase (default: CORSO_PASSPHRASE,
                               read when there; when named, it must be there)
  --prefix PREFIX              put before each default name: --prefix contoso_ reads contoso_AZURE_CLIENT_ID, ...

Writing:
  --format FORMAT              bash: export lines; powershell: $Env: lines; dotenv: a .env file (also safe
                               to source in a shell); toml: keys to merge into .corso.toml
  --out FILE                   write FILE instead of standard output: a new file with mode 0600, renamed
                               over FILE; a symbolic link or a non-regular file is refused
  --merge CORSO_TOML           set account_provider, azure_tenantid, azure_client_id, azure_secret and
                               passphrase in an existing .corso.toml, keep every other key (mode 0600)

Exit status: 0 done; 1 unreadable, incomplete or unsafe input, or a file that cannot be read or
written (then nothing is printed and no file changes); 2 wrong command line.
`;

const FILE_OPTIONS = ["from", "out", "merge"] as const;
const NAME_OPTIONS = [
  "stack",
  "prefix",
  "client-id-output",
  "tenant-id-output",
  "client-secret-output",
  "passphrase-output",
] as const;

/** A command line that asks for help, or one that is wrong: `problem` says why (absent for --help). */
export interface UsageRequest {
  readonly usage: true;
  readonly problem?: string;
}

/**
 * Parses the credentials command's arguments into a request, or says what is wrong with them.
 * @param stdinIsTerminal - true when standard input is a terminal, which cannot be the outputs
 */
export function parseCredentialsArguments(
  argv: readonly string[],
  stdinIsTerminal = false,
): CredentialsRequest | UsageRequest {
  let options;
  try {
    options = parseArgs({
      args: [...argv],
      options: {
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries([...FILE_OPTIONS, ...NAME_OPTIONS].map((name) => [name, { type: "string" as const }])),
      },
    }).values as Record<string, string | undefined> & { help?: boolean };
  } catch (error) {
    return { usage: true, problem: (error as Error).message };
  }
  if (options.help) return { usage: true };
  for (const name of [...FILE_OPTIONS, ...NAME_OPTIONS]) {
    if (options[name] === "") return { usage: true, problem: `--${name} needs a value; got an empty one` };
  }
  const format = options.format ?? (options.merge !== undefined ? "toml" : undefined);
  if (format === undefined) return { usage: true, problem: "give --format or --merge" };
  if (!(CREDENTIAL_FORMATS as readonly string[]).includes(format)) {
    return {
      usage: true,
      problem: `--format must be one of ${CREDENTIAL_FORMATS.join(", ")}; got ${JSON.stringify(format)}`,
    };
  }
  if (options.merge !== undefined && format !== "toml") {
    return { usage: true, problem: `--merge writes Corso's TOML config file; --format ${format} cannot go with it` };
  }
  if (options.merge !== undefined && options.out !== undefined) {
    return { usage: true, problem: "--merge rewrites the file it names; --out cannot go with it" };
  }
  if (options.from === undefined && stdinIsTerminal) {
    return { usage: true, problem: "give the outputs with --from FILE or on standard input" };
  }
  return {
    format: format as CredentialFormat,
    from: options.from,
    stack: options.stack,
    out: options.out,
    merge: options.merge,
    outputNames: {
      prefix: options.prefix,
      clientId: options["client-id-output"],
      tenantId: options["tenant-id-output"],
      clientSecret: options["client-secret-output"],
      passphrase: options["passphrase-output"],
    },
  };
}
