#!/usr/bin/env node
import { displayText, runCommand } from "../lib/common";
import { PREFLIGHT_USAGE, parsePreflightArguments, runPreflight } from "../lib/preflight";

/** Exit statuses: 0 ready, 3 sign-in, consent or a chosen service blocked, 1 unreadable input or Microsoft unreachable, 2 wrong command line. */
async function main(argv: string[]): Promise<number> {
  const request = parsePreflightArguments(argv, process.stdin.isTTY === true);
  if ("usage" in request) {
    if (request.problem === undefined) {
      process.stdout.write(PREFLIGHT_USAGE);
      return 0;
    }
    process.stderr.write(`corso-preflight: ${displayText(request.problem)}\n\n${PREFLIGHT_USAGE}`);
    return 2;
  }
  return runPreflight(request, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}

runCommand("corso-preflight", main);
