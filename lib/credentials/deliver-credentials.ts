import { readInput, writeFileAtomic } from "../common";
import { mergeCorsoConfigFile } from "./corso-config";
import { type OutputNameOptions, credentialsOutputNames, pickCorsoCredentials } from "./corso-credentials";
import { type CredentialFormat, formatCredentials } from "./formats";
import { pickCorsoStack, readEveryStackOutputs, readStackOutputs } from "./stack-outputs";

/** What the credentials command was asked to do. */
export interface CredentialsRequest {
  /** The format to print or write; merging always writes TOML. */
  readonly format: CredentialFormat;
  /**
   * The outputs JSON file.
   * @default - standard input
   */
  readonly from?: string;
  /**
   * The stack to read from a cdktf outputs file that holds several.
   * @default - the only stack in the file
   */
  readonly stack?: string;
  /**
   * Which outputs hold Corso's values.
   * @default - outputs named as Corso's environment variables
   */
  readonly outputNames?: OutputNameOptions;
  /**
   * Write to this file (atomically, mode 0600) instead of standard output.
   * @default - standard output
   */
  readonly out?: string;
  /**
   * Merge the credentials into this existing Corso config file instead of printing them.
   * @default - no merge
   */
  readonly merge?: string;
}

/** Where the command reads and prints. */
export interface CredentialsIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: { write(text: string): unknown };
  /** Where notes go (a stack skipped); none when left out. */
  readonly stderr?: { write(text: string): unknown };
}

/**
 * Reads a stack's outputs, picks Corso's credentials and prints them, writes them to a file or
 * merges them into Corso's config file. Everything is checked before anything is written; on any
 * error nothing is printed and no file is created or changed.
 */
export async function deliverCredentials(request: CredentialsRequest, io: CredentialsIo): Promise<void> {
  const text = await readInput(request.from, io.stdin);
  const names = credentialsOutputNames(request.outputNames);
  const outputs = readCorsoOutputs(text, request.stack, names.AZURE_CLIENT_ID, io);
  const credentials = pickCorsoCredentials(outputs, names, request.outputNames?.passphrase !== undefined);
  if (request.merge !== undefined) {
    mergeCorsoConfigFile(request.merge, credentials);
    return;
  }
  const rendered = formatCredentials(credentials, request.format);
  if (request.out !== undefined) {
    writeFileAtomic(request.out, rendered);
  } else {
    io.stdout.write(rendered);
  }
}

/** The stack asked for, the only one, or the one Corso stack among a host project's stacks (noted on standard error). */
function readCorsoOutputs(text: string, stack: string | undefined, clientId: string, io: CredentialsIo) {
  const every = stack === undefined ? readEveryStackOutputs(text) : [];
  if (every.length <= 1) return readStackOutputs(text, { stack });
  const { outputs, skipped } = pickCorsoStack(every, clientId);
  for (const note of skipped) io.stderr?.write(`corso-credentials: ${note}\n`);
  return outputs;
}
