#!/usr/bin/env node
import { parseArgs } from "node:util";
import { diffSyntheses, readSynthesis, renderChanges, renderReport } from "../lib/review";

const USAGE = `Usage: corso-review [--base BASE_DIR] [DIR]

Writes a Markdown review of every Corso registration in a synthesis directory (DIR, default
cdktf.out): permissions with their Corso service and access level, owners, the client secret's
lifetime and rotation, where credentials are delivered and where state is kept. With --base, it
starts with what changed against that synthesis.

Exit status: 0, nothing escalates; 3, a permission or stack grants more access; 1, unreadable input.
`;

/** Exit statuses: 0 no escalation, 3 escalation, 1 unreadable input or wrong command line. */
function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { base: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    process.stderr.write(`corso-review: ${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    process.stderr.write(`corso-review: give one synthesis directory, got ${parsed.positionals.length}\n\n${USAGE}`);
    return 1;
  }
  const dir = parsed.positionals[0] ?? "cdktf.out";
  try {
    const head = readSynthesis(dir);
    const title = `# Corso registrations in \`${dir}\`\n\n`;
    if (parsed.values.base === undefined) {
      process.stdout.write(title + renderReport(head));
      return 0;
    }
    const changes = diffSyntheses(readSynthesis(parsed.values.base), head);
    process.stdout.write(`${title}${renderChanges(changes)}\n${renderReport(head)}`);
    return changes.some((c) => c.escalation) ? 3 : 0;
  } catch (error) {
    process.stderr.write(`corso-review: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
