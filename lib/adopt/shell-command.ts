import { displayText, isAppRoleAssignmentId, isGuid, show } from "../common";

// The commands corso-adopt suggests are pasted into a shell, so nothing from Microsoft Graph may be
// read by it as syntax: every value is one single-quoted word, and only ids of the expected form go in.

/** A command `corso-adopt` suggests cannot be written with this value; the message names it. */
export class ShellCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShellCommandError";
  }
}

/**
 * A value as one POSIX shell word: single-quoted, each quote inside written as `'\''` (a quote
 * ends the quoted text, an escaped quote, a quote starts it again). Inside single quotes no
 * character is special (POSIX.1-2017 XCU 2.2.2, https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_02_02).
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/** `value` when it is a GUID, for a suggested command; anything else is refused, naming `what`. */
export function commandGuid(value: string, what: string): string {
  if (!isGuid(value)) {
    throw new ShellCommandError(
      `refusing to suggest a command with ${what} ${show(displayText(value))}: it is not a GUID`,
    );
  }
  return value;
}

/** `value` when it is an app role assignment id (base64url), for a suggested command; anything else is refused. */
export function commandAssignmentId(value: string, what: string): string {
  if (!isAppRoleAssignmentId(value)) {
    throw new ShellCommandError(
      `refusing to suggest a command with ${what} ${show(displayText(value))}: it is not an app role assignment id (letters, digits, '-' and '_')`,
    );
  }
  return value;
}

/**
 * A command line to paste, as a tagged template: the template's own text (this program's) as it is,
 * each interpolated value quoted with {@link shellQuote}.
 */
export function shellCommand(text: TemplateStringsArray, ...values: readonly string[]): string {
  return text.reduce((line, part, i) => line + part + (i < values.length ? shellQuote(values[i]) : ""), "");
}
