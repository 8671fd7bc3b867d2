/**
 * Thrown when a construct's props are invalid; lists every problem found, not just the first.
 */
export class CorsoValidationError extends Error {
  /** Each problem on its own, in the order found. */
  public readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(
      problems.length === 1
        ? `${subject}: ${problems[0]}`
        : `${subject}: ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "CorsoValidationError";
    this.problems = problems;
  }
}

/** Throws a {@link CorsoValidationError} when any problem was found. */
export function throwIfProblems(subject: string, problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new CorsoValidationError(subject, problems);
  }
}

/** Quotes a value received from a user for an error message. */
export function show(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : JSON.stringify(value);
}
