// Every piece of text the review did not write itself (names, notes, tags, owners, addresses,
// expressions, paths) reaches the Markdown through `text` or `code`, so no input can hide or forge
// part of a pull-request comment: GitHub renders Markdown and a subset of HTML, and a stray
// `<!--`, backtick, `|` or newline would swallow or restructure whatever follows it.

// Characters that are never printed as they are (line breaks, control, bidirectional, zero-width, tag
// and other invisible format characters, variation selectors) are judged and escaped by common's
// display text, the same rule as on the terminal.
import { escapedCharacter, isUnsafeCharacter } from "../common";

/**
 * User text as inert GitHub Markdown: `&`, `<` and `>` become HTML entities (no tag, comment or
 * entity survives), punctuation that means something inside a line is backslash-escaped (no
 * emphasis, link, code span, heading closer, math or table cell boundary), and line breaks and invisible characters
 * (zero-width, bidirectional, tag characters, variation selectors) are written as visible escape sequences
 * such as `\n` or `\u{E0041}`. Renders as the original text.
 */
export function text(value: string): string {
  let out = "";
  for (const char of value) {
    if (isUnsafeCharacter(char)) out += escapedCharacter(char).replace(/\\/g, "\\\\");
    else if (char === "&") out += "&amp;";
    else if (char === "<") out += "&lt;";
    else if (char === ">") out += "&gt;";
    // Characters with a meaning inside a line: code spans, emphasis, links and images, strikethrough,
    // table cells, heading closers and GitHub's math; a backslash makes each literal (CommonMark 2.4).
    else if (/[\\`*_[\]!|~#$]/.test(char)) out += `\\${char}`;
    else out += char;
  }
  return out;
}

/**
 * User text as a code span: fenced with one backtick more than the longest run of backticks it
 * holds, so it cannot close early. Text a code span cannot hold safely (a `|`, which splits a table
 * cell even inside a code span, a line break or an invisible character) is written as an HTML
 * `<code>` element around {@link text} instead.
 */
export function code(value: string): string {
  if (value === "") return "`\u00a0`";
  if ([...value].some((char) => char === "|" || isUnsafeCharacter(char))) {
    return `<code>${text(value)}</code>`;
  }
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  // A space on each side keeps a leading or trailing backtick from joining the fence (spec 6.1).
  const pad = value.startsWith("`") || value.endsWith("`") || /^ .* $/.test(value) ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}
