// Every piece of text the review did not write itself (names, notes, tags, owners, addresses,
// expressions, paths) reaches the Markdown through `text` or `code`, so no input can hide or forge
// part of a pull-request comment: GitHub renders Markdown and a subset of HTML, and a stray
// `<!--`, backtick, `|` or newline would swallow or restructure whatever follows it.

// Characters that are never printed as they are: line breaks, other control characters, and the
// bidirectional, zero-width and blank formatting characters that can make text read differently
// from what it is (CVE-2021-42574, "Trojan Source"). Ranges of code points, inclusive.
const INVISIBLE_RANGES: readonly [number, number][] = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
  [0x00ad, 0x00ad],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff9, 0xfffb],
];

function isInvisible(char: string): boolean {
  const point = char.codePointAt(0)!;
  return INVISIBLE_RANGES.some(([low, high]) => point >= low && point <= high);
}

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A character shown as an escape sequence instead, so that it is visible and inert. */
function visible(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  return `\\u{${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}}`;
}

/**
 * User text as inert GitHub Markdown: `&`, `<` and `>` become HTML entities (no tag, comment or
 * entity survives), punctuation that means something inside a line is backslash-escaped (no
 * emphasis, link, code span, heading closer, math or table cell boundary), and line breaks and invisible characters
 * are written as visible escape sequences such as `\n`. Renders as the original text.
 */
export function text(value: string): string {
  let out = "";
  for (const char of value) {
    if (isInvisible(char)) out += visible(char).replace(/\\/g, "\\\\");
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
  if ([...value].some((char) => char === "|" || isInvisible(char))) {
    return `<code>${text(value)}</code>`;
  }
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  // A space on each side keeps a leading or trailing backtick from joining the fence (spec 6.1).
  const pad = value.startsWith("`") || value.endsWith("`") || /^ .* $/.test(value) ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}
