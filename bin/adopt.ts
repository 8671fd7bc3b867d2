#!/usr/bin/env node
import {
  ADOPT_USAGE,
  AdoptionError,
  CloudError,
  GraphError,
  ShellCommandError,
  SignInError,
  UsageError,
  adoptRegistration,
  chooseSignIn,
  createCredential,
  describeSignIn,
  parseAdoptCommandLine,
  resolveCloud,
} from "../lib/adopt";
import {
  CorsoValidationError,
  FileError,
  MissingPeerError,
  displayJson,
  displayLines,
  displayText,
  runCommand,
} from "../lib/common";

/** Exit statuses: 0 done, 1 not found, refused or not written, 2 wrong command line. */
async function main(argv: string[]): Promise<number> {
  let line;
  try {
    line = parseAdoptCommandLine(argv);
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${ADOPT_USAGE}`, 2);
  }
  if (line.help) {
    process.stdout.write(ADOPT_USAGE);
    return 0;
  }
  try {
    const cloud = resolveCloud(line.environment, line.graphEndpoint);
    const signIn = chooseSignIn(line.tenantId);
    process.stderr.write(
      `corso-adopt: reading tenant ${line.tenantId} from ${cloud.graphEndpoint} as ${describeSignIn(signIn)}\n`,
    );
    const result = await adoptRegistration({
      tenantId: line.tenantId,
      application: line.application,
      graphEndpoint: cloud.graphEndpoint,
      credential: createCredential(signIn, cloud),
      configPath: line.configPath,
      tenantName: line.tenantName,
      write: line.write,
    });
    for (const note of result.notes) process.stderr.write(`corso-adopt: warning: ${displayText(note)}\n`);
    const written = result.written;
    if (written === undefined) {
      process.stdout.write(`${displayJson(JSON.stringify({ adopt: result.block }, null, 2))}\n`);
      return 0;
    }
    const into = { file: "a new file ", tenant: "a new tenant entry in ", none: "" }[written.created ?? "none"];
    const name =
      written.displayName === undefined ? "" : ` (displayName '${written.displayName}' keeps the app's name)`;
    const bom = written.byteOrderMark ? " (its byte order mark kept)" : "";
    process.stderr.write(
      `corso-adopt: ${displayText(`wrote tenant '${written.tenantName}'s adopt block into ${into}${written.path}${bom}${name}`)}; ` +
        "next: npm run synth, review, plan\n",
    );
    return 0;
  } catch (error) {
    const known = [
      AdoptionError,
      CloudError,
      CorsoValidationError,
      FileError,
      GraphError,
      MissingPeerError,
      ShellCommandError,
      SignInError,
      UsageError,
    ];
    const message = error instanceof Error ? error.message : String(error);
    // Every failure is reported in words, never with a stack trace.
    return fail(
      known.some((type) => error instanceof type) ? message : `unexpected failure: ${message.split("\n")[0]}`,
      1,
    );
  }
}

/** Writes the error; every line through common's display rule, since messages quote Graph's text and the user's. */
function fail(message: string, status: number): number {
  process.stderr.write(`corso-adopt: ${displayLines(message)}\n`);
  return status;
}

runCommand("corso-adopt", main);
