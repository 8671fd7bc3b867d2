import { displayText } from "./display-text";

/**
 * Runs a command-line program's `main` and makes its result the exit status. Whatever it throws
 * becomes one line on standard error and status 1, never a stack trace, with any control or
 * bidirectional character it quotes escaped; so does a reader that closes standard output early (`| head`).
 */
export function runCommand(name: string, main: (argv: string[]) => number | Promise<number>): void {
  const fail = (message: string) => {
    process.stderr.write(`${name}: ${displayText(message.split("\n")[0])}\n`);
    return 1;
  };
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    fail(`cannot write standard output: ${error.code ?? error.message}`);
    process.exit(1);
  });
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (status) => (process.exitCode = status),
      (error: unknown) => (process.exitCode = fail(error instanceof Error ? error.message : String(error))),
    );
}
