import { Token } from "cdktf";
import { type ParseErrorCode, printParseErrorCode, visit } from "jsonc-parser";

// A Corso config nests four levels (tenants[].keyVault.tags): sixteen is generous, and keeps
// readers' recursion far from the stack's limit.
const MAX_DEPTH = 16;

// How cdktf marks its string, list and map tokens in text (`${TfToken[`, `#{TfToken[`, `&{TfToken[`).
const TOKEN_MARKER = "{TfToken[";
const REFERENCE_PROBLEM =
  "holds '{TfToken[', which cdktf would read as a reference to another value: a config file holds plain text only";

// JSON.parse keeps "__proto__" as a field, but copying the object (Object.assign, a field set by
// name) sets its prototype instead, and the value vanishes without a word.
const PROTOTYPE_PROBLEM =
  "the field name '__proto__' is refused: JavaScript takes it for the object's prototype, so its value would be lost";

// jsonc-parser's error codes, in words.
const SYNTAX_ERRORS: Readonly<Record<string, string>> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "malformed number",
  PropertyNameExpected: "expected a field name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':'",
  CommaExpected: "expected ',' (or a trailing comma to remove)",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: "expected the end of the file",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "malformed number",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape sequence",
  InvalidCharacter: "control character inside a string (write it as an escape such as \\n)",
};

/** What went wrong reading JSON text: the syntax, or a value at a path that is not what it seems. */
export interface JsonProblems {
  /** The first syntax error, with its line and column; nothing else is reported then. */
  readonly syntax?: string;
  /** Duplicate keys, numbers that are not finite, values cdktf would read as references. */
  readonly values: readonly string[];
}

/**
 * Reads JSON as strictly as a reviewer does: a duplicate key is an error naming its JSON path
 * (readers disagree on which of the two counts), so is a number too large to be finite, nesting
 * deeper than a config ever needs, a comment, a field named `__proto__`, or a value that cdktf
 * would take for one of its tokens. A UTF-8 byte order mark is allowed. Returns the value, or the problems found.
 */
export function readStrictJson(text: string): { value: unknown } | JsonProblems {
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  const tooDeep = findTooDeep(text);
  if (tooDeep !== undefined) {
    return { syntax: `nested deeper than ${MAX_DEPTH} levels at ${position(text, tooDeep)}`, values: [] };
  }
  let syntax: string | undefined;
  const values: string[] = [];
  const keys: Map<string, number>[] = [];
  try {
    visit(
      text,
      {
        onObjectBegin: () => {
          keys.push(new Map());
        },
        onObjectEnd: () => {
          keys.pop();
        },
        onObjectProperty: (property, offset, _length, _line, _column, pathSupplier) => {
          if (property === "__proto__") {
            values.push(`${jsonPath([...pathSupplier(), property])}: ${PROTOTYPE_PROBLEM}`);
          }
          if (property.includes(TOKEN_MARKER)) {
            values.push(`${jsonPath([...pathSupplier(), property])}: the field's name ${REFERENCE_PROBLEM}`);
          }
          const seen = keys[keys.length - 1];
          const first = seen?.get(property);
          if (first !== undefined) {
            values.push(
              `${jsonPath([...pathSupplier(), property])}: the field appears twice in the same object (first at ` +
                `${position(text, first)}): readers disagree on which one counts, so keep one`,
            );
          } else {
            seen?.set(property, offset);
          }
        },
        onLiteralValue: (value, offset, length, _line, _column, pathSupplier) => {
          const problem = literalProblem(value, text.slice(offset, offset + length));
          if (problem !== undefined) values.push(`${jsonPath(pathSupplier())}: ${problem}`);
        },
        onError: (error: ParseErrorCode, offset) => {
          const name = printParseErrorCode(error);
          syntax ??= `${SYNTAX_ERRORS[name] ?? name} at ${position(text, offset)}`;
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch (error) {
    // The depth check above keeps the reader's recursion shallow; should a case slip past it, the
    // answer is still one line.
    if (!(error instanceof RangeError)) throw error;
    return { syntax: `nested too deeply to read`, values: [] };
  }
  if (syntax !== undefined) return { syntax, values: [] };
  if (values.length > 0) return { values };
  return { value: JSON.parse(text) };
}

/** `tenants[0].secret.lifetimeDays` from a list of keys and indexes; `(top level)` for none. */
export function jsonPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

function literalProblem(value: unknown, source: string): string | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return `${source} is too large to be a number: give a finite one`;
    // cdktf encodes its number tokens as doubles of one bit pattern; a plain number from a file is never one.
    if (Token.isUnresolved(value)) return `${source} is a number cdktf reserves for its references: give another`;
  }
  if (typeof value === "string" && value.includes(TOKEN_MARKER)) return REFERENCE_PROBLEM;
  return undefined;
}

/** The offset of the first bracket or brace nested deeper than {@link MAX_DEPTH}, if any. */
function findTooDeep(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === "{" || c === "[") {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === "}" || c === "]") {
      depth--;
    }
  }
  return undefined;
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
