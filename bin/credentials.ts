#!/usr/bin/env node
import { CREDENTIALS_USAGE, deliverCredentials, parseCredentialsArguments } from "../lib/credentials";

/** Exit statuses: 0 done, 1 unreadable or unsafe input or a file that cannot be read or written, 2 wrong command line. */
async function main(argv: string[]): Promise<number> {
  const request = parseCredentialsArguments(argv, process.stdin.isTTY === true);
  if ("usage" in request) {
    if (request.problem === undefined) {
      process.stdout.write(CREDENTIALS_USAGE);
      return 0;
    }
    process.stderr.write(`corso-credentials: ${request.problem}\n\n${CREDENTIALS_USAGE}`);
    return 2;
  }
  try {
    await deliverCredentials(request, { stdin: process.stdin, stdout: process.stdout });
    return 0;
  } catch (error) {
    // Every error of the command is one line; a stack trace would help no user.
    process.stderr.write(`corso-credentials: ${String((error as Error).message).split("\n")[0]}\n`);
    return 1;
  }
}

// A reader that stops early (`| head`) closes the pipe: say so in one line rather than with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  process.stderr.write(`corso-credentials: cannot write standard output: ${error.code ?? error.message}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
