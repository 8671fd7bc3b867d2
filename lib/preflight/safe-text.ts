// Control characters (C0, DEL, C1) and the marks that reorder text on screen (bidi overrides).
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a terminal
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text that came from the network (Graph's error messages, a user's name), made fit for a
 * terminal and a one-line table cell: control and bidirectional-override characters become
 * `\uXXXX`, runs of whitespace one space, and anything past `max` characters is cut.
 */
export function safeText(value: unknown, max = 240): string {
  const text = typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
  const cleaned = text
    .replace(/[\r\n\t ]+/g, " ")
    .replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .trim();
  const chars = [...cleaned];
  return chars.length > max ? `${chars.slice(0, max).join("")}...` : cleaned;
}
