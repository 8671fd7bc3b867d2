#!/usr/bin/env node
import { STATUS_USAGE, checkStatus, parseStatusArguments, readDeployStacks, scheduledStacks } from "../lib/status";

/** Exit statuses: 0 every secret has enough days left, 3 one has fewer, 1 unreadable input, 2 wrong command line. */
async function main(argv: string[]): Promise<number> {
  const request = parseStatusArguments(argv, process.stdin.isTTY === true);
  if ("usage" in request) {
    if (request.problem === undefined) {
      process.stdout.write(STATUS_USAGE);
      return 0;
    }
    process.stderr.write(`corso-status: ${request.problem}\n\n${STATUS_USAGE}`);
    return 2;
  }
  try {
    if ("listStacks" in request) {
      process.stdout.write(`${JSON.stringify(scheduledStacks(readDeployStacks(request.listStacks)))}\n`);
      return 0;
    }
    return await checkStatus(request, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      now: new Date(),
    });
  } catch (error) {
    // Every error of the command is one line; a stack trace would help no user.
    process.stderr.write(`corso-status: ${String((error as Error).message).split("\n")[0]}\n`);
    return 1;
  }
}

// A reader that stops early (`| head`) closes the pipe: say so in one line rather than with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  process.stderr.write(`corso-status: cannot write standard output: ${error.code ?? error.message}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
