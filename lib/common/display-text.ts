// Text that came from outside (Microsoft Graph, a config file, a plan, a path) is shown on a terminal
// or in a pull-request comment only through this module. A raw ESC or C1 control lets a name set the
// terminal title, erase a warning or move the cursor (ECMA-48); bidirectional and other invisible
// format characters make text read differently from what it is (CVE-2021-42574, "Trojan Source");
// tag characters (U+E0000-E007F) and variation selectors carry hidden text ("ASCII smuggling").

// Control characters (C0, DEL, C1), format characters (bidi embeddings, overrides and isolates,
// zero-width characters, tag characters), line and paragraph separators, every default-ignorable
// code point (blank fillers, variation selectors) and lone surrogates, which no terminal can show.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Variation_Selector}\p{Cs}]/u;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Whether one character (one code point) is never shown as it is, because it is invisible or controls the display. */
export function isUnsafeCharacter(char: string): boolean {
  return UNSAFE.test(char);
}

/** Whether a text holds any character {@link displayText} would escape. */
export function hasUnsafeCharacter(value: string): boolean {
  return UNSAFE.test(value);
}

/** The visible escape written in place of an unsafe character: `\n`, `\r`, `\t`, else `\u{001B}`. */
export function escapedCharacter(char: string): string {
  return NAMED[char] ?? `\\u{${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}}`;
}

/**
 * Text received from outside, safe to print on a terminal: every control character (ESC included),
 * line break, bidirectional control, zero-width, tag or other invisible character is written as a
 * visible escape such as `\u{001B}` or `\n`; everything else is kept. The result is one line.
 */
export function displayText(value: string): string {
  if (!hasUnsafeCharacter(value)) return value;
  let out = "";
  for (const char of value) out += isUnsafeCharacter(char) ? escapedCharacter(char) : char;
  return out;
}

/** Several lines of text safe to print: each line as {@link displayText}, the line breaks between them kept. */
export function displayLines(value: string): string {
  return value.split("\n").map(displayText).join("\n");
}

/**
 * JSON text safe to print: every unsafe character inside it becomes a JSON `\uXXXX` escape, so the
 * text still parses to the same value (`JSON.stringify` leaves C1 controls, bidi and invisible
 * characters raw).
 */
export function displayJson(json: string): string {
  if (!hasUnsafeCharacter(json.replace(/\n/g, ""))) return json;
  let out = "";
  for (const char of json) {
    if (char === "\n" || !isUnsafeCharacter(char)) out += char;
    // Code units, not code points: a character outside the BMP is written as its surrogate pair.
    else for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, "0")}`;
  }
  return out;
}
