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

// A value quoted in an error message stays readable on one line, whatever its length.
const SHOWN_LENGTH = 60;

/** Quotes a value received from a user for an error message, shortened to one readable line. */
export function show(value: unknown): string {
  switch (typeof value) {
    case "string":
      return `'${shorten(value)}'`;
    case "number":
    case "bigint":
    case "boolean":
      // String(), not JSON: NaN and Infinity keep their names instead of becoming null.
      return String(value);
    case "undefined":
      return "nothing";
    case "function":
      return "a function";
    case "symbol":
      return value.toString();
  }
  if (value === null) return "null";
  const prototype = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
    return `an instance of ${prototype.constructor?.name ?? "a class"}`;
  }
  try {
    return shorten(JSON.stringify(value));
  } catch {
    return Array.isArray(value) ? "a list" : "an object";
  }
}

function shorten(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, " ");
  return oneLine.length > SHOWN_LENGTH ? `${oneLine.slice(0, SHOWN_LENGTH - 3)}...` : oneLine;
}
