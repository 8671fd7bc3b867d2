#!/usr/bin/env node
import { displayText, runCommand } from "../lib/common";
import { CREDENTIALS_USAGE, deliverCredentials, parseCredentialsArguments } from "../lib/credentials";

/** Exit statuses: 0 done, 1 unreadable or unsafe input or a file that cannot be read or written, 2 wrong command line. */
async function main(argv: string[]): Promise<number> {
  const request = parseCredentialsArguments(argv, process.stdin.isTTY === true);
  if ("usage" in request) {
    if (request.problem === undefined) {
      process.stdout.write(CREDENTIALS_USAGE);
      return 0;
    }
    process.stderr.write(`corso-credentials: ${displayText(request.problem)}\n\n${CREDENTIALS_USAGE}`);
    return 2;
  }
  // Any error (unreadable or unsafe input, a file not written) is one line and status 1.
  await deliverCredentials(request, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  return 0;
}

runCommand("corso-credentials", main);
