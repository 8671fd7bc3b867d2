#!/usr/bin/env node
import { displayJson, displayText, runCommand } from "../lib/common";
import {
  STATUS_USAGE,
  checkStatus,
  describeSkippedStacks,
  parseStatusArguments,
  readDeployStacks,
  scheduledStacks,
} from "../lib/status";

/** Exit statuses: 0 every secret has enough days left, 3 one has fewer, 1 unreadable input, 2 wrong command line. */
async function main(argv: string[]): Promise<number> {
  const request = parseStatusArguments(argv, process.stdin.isTTY === true);
  if ("usage" in request) {
    if (request.problem === undefined) {
      process.stdout.write(STATUS_USAGE);
      return 0;
    }
    process.stderr.write(`corso-status: ${displayText(request.problem)}\n\n${STATUS_USAGE}`);
    return 2;
  }
  // Any error (unreadable input, local state for --list-stacks) is one line and status 1.
  if ("listStacks" in request) {
    const stacks = readDeployStacks(request.listStacks);
    const scheduled = scheduledStacks(stacks, request.listStacks);
    for (const note of describeSkippedStacks(stacks)) process.stderr.write(`corso-status: ${note}\n`);
    process.stdout.write(`${displayJson(JSON.stringify(scheduled))}\n`);
    return 0;
  }
  return checkStatus(request, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    now: new Date(),
  });
}

runCommand("corso-status", main);
