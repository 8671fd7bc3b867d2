import { displayText } from "./display-text";

/**
 * Thrown when a construct's props are invalid; lists every problem found, not just the first. The
 * subject and each problem pass through {@link displayText}: a name from a config file or a path
 * reaches the terminal with its control and bidirectional characters escaped.
 */
export class CorsoValidationError extends Error {
  /** Each problem on its own, in the order found. */
  public readonly problems: readonly string[];

  constructor(rawSubject: string, rawProblems: readonly string[]) {
    const subject = displayText(rawSubject);
    const problems = rawProblems.map(displayText);
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

/**
 * Quotes a value received from a user for an error message, shortened to one readable line and
 * safe for a terminal ({@link displayText}). A bigint says so: `180n (a bigint)`, never `180`.
 */
export function show(value: unknown): string {
  switch (typeof value) {
    case "string":
      return `'${shorten(value)}'`;
    case "bigint":
      return `${value}n (a bigint)`;
    case "number":
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
    return `an instance of ${displayText(String(prototype.constructor?.name ?? "a class"))}`;
  }
  try {
    // A bigint inside has no JSON form: JSON.stringify throws, and the value is named by its kind.
    return shorten(JSON.stringify(value));
  } catch {
    return Array.isArray(value) ? "a list" : "an object";
  }
}

/** One line of at most {@link SHOWN_LENGTH} characters, cut between characters, never inside an escape. */
function shorten(text: string): string {
  const chars = [...text.replace(/[\r\n]+/g, " ")];
  if (chars.length <= SHOWN_LENGTH) return displayText(chars.join(""));
  return `${displayText(chars.slice(0, SHOWN_LENGTH - 3).join(""))}...`;
}
