import { diffSyntheses, renderChanges } from "./diff";
import { code } from "./markdown";
import { renderReport } from "./report";
import { readSynthesis } from "./synthesis";

/** What to review: a synthesis directory, and optionally the base it is compared with. */
export interface ReviewOptions {
  /** The synthesis directory under review (a pull request's `cdktf.out`). */
  readonly dir: string;
  /**
   * The synthesis of the base branch.
   * @default - no comparison: the report describes `dir` alone and nothing escalates
   */
  readonly base?: string;
}

/** The report and the exit status it calls for: 3 when something escalates, else 0. */
export interface ReviewResult {
  readonly markdown: string;
  readonly status: 0 | 3;
}

/**
 * Reviews a synthesis, against its base when one is given. Unreadable input throws a
 * `ReviewInputError` naming the file and JSON path, before anything is written.
 */
export function review(options: ReviewOptions): ReviewResult {
  const head = readSynthesis(options.dir);
  const title = `# Corso registrations in ${code(options.dir)}\n\n`;
  if (options.base === undefined) return { markdown: title + renderReport(head), status: 0 };
  const changes = diffSyntheses(readSynthesis(options.base), head);
  return {
    markdown: `${title}${renderChanges(changes)}\n${renderReport(head)}`,
    status: changes.some((c) => c.escalation) ? 3 : 0,
  };
}
