import { existsSync } from "node:fs";
import { basename } from "node:path";
import { compare } from "../common";
import { diffSyntheses, renderChanges } from "./diff";
import { code } from "./markdown";
import { readPlan } from "./plan";
import { type FailOn, planEffects } from "./plan-effects";
import { plansEscalate, refused, renderApply } from "./plan-report";
import { renderReport } from "./report";
import { type SynthesisReview, readSynthesis } from "./synthesis";

/** What to review: a synthesis directory, its base, and the plans of its stacks. */
export interface ReviewOptions {
  /** The synthesis directory under review (a pull request's `cdktf.out`). */
  readonly dir: string;
  /**
   * Whether `dir` was named by the user; an unnamed default that does not exist is skipped when plans are given.
   * @default true
   */
  readonly dirNamed?: boolean;
  /**
   * The synthesis of the base branch.
   * @default - no comparison with a base
   */
  readonly base?: string;
  /**
   * Files holding `terraform show -json PLANFILE`, one per stack.
   * @default - no plan: the report says nothing of what an apply would do
   */
  readonly plans?: readonly string[];
  /**
   * Kinds of change that make the review fail (status 4) when a plan holds them.
   * @default - none
   */
  readonly failOn?: readonly FailOn[];
}

/** The report and the exit status it calls for: 4 refused by `failOn`, 3 an escalation, else 0. */
export interface ReviewResult {
  readonly markdown: string;
  readonly status: 0 | 3 | 4;
}

/**
 * Reviews a synthesis, against its base when one is given, and what each plan's apply will do.
 * Unreadable input throws a `ReviewInputError` naming the file and JSON path, before anything is written.
 */
export function review(options: ReviewOptions): ReviewResult {
  const plans = options.plans ?? [];
  const readDir = plans.length === 0 || options.dirNamed !== false || existsSync(options.dir);
  const head: SynthesisReview | undefined = readDir ? readSynthesis(options.dir) : undefined;
  const changes =
    options.base === undefined ? undefined : diffSyntheses(readSynthesis(options.base), head ?? { stacks: [] });
  const applies = plans
    .map((file) => ({ file, plan: readPlan(file) }))
    .map(({ file, plan }) => planEffects(plan, basename(file), head?.stacks ?? []))
    .sort((a, b) => compare(a.stack ?? "", b.stack ?? "") || compare(a.label, b.label));

  const parts = [
    head === undefined ? "# What the apply will do in Entra ID\n" : `# Corso registrations in ${code(options.dir)}\n`,
  ];
  if (changes !== undefined) parts.push(renderChanges(changes));
  if (applies.length > 0) parts.push(renderApply(applies, options.failOn ?? []));
  if (head !== undefined) parts.push(renderReport(head));

  const failOn = options.failOn ?? [];
  const status =
    refused(applies, failOn).length > 0
      ? 4
      : (changes ?? []).some((c) => c.escalation) || plansEscalate(applies)
        ? 3
        : 0;
  return { markdown: parts.join("\n"), status };
}
