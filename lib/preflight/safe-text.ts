import { displayText } from "../common";

/**
 * Text that came from the network (Graph's error messages, a user's name), made fit for a
 * one-line table cell: runs of whitespace become one space, every other unsafe character a
 * visible escape (common's displayText), and anything past `max` characters is cut.
 */
export function safeText(value: unknown, max = 240): string {
  const text = typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
  const chars = [...displayText(text.replace(/[\r\n\t ]+/g, " ").trim())];
  return chars.length > max ? `${chars.slice(0, max).join("")}...` : chars.join("");
}
