import { closestName, displayText } from "../common";

/**
 * Raised for outputs that are missing, malformed or ambiguous; the message says which and why, never
 * a value, and reaches the terminal through {@link displayText}.
 */
export class OutputsError extends Error {
  constructor(message: string) {
    super(displayText(message));
    this.name = "OutputsError";
  }
}

/** Where outputs JSON came from: `terraform output -json`, or the file `cdktf output --outputs-file` writes. */
export type OutputsShape = "terraform" | "cdktf";

/** One stack's outputs, read from outputs JSON of either shape. */
export interface StackOutputs {
  /** The shape the outputs were read from. */
  readonly shape: OutputsShape;
  /** The stack read from a cdktf outputs file; `undefined` for `terraform output -json`. */
  readonly stack?: string;
  /** Each output's value by output name. */
  readonly values: ReadonlyMap<string, unknown>;
  /**
   * Outputs Terraform marks sensitive. A cdktf outputs file does not say which are, and leaves them
   * out unless `cdktf output` is given `--outputs-file-include-sensitive-outputs`.
   */
  readonly sensitive: ReadonlySet<string>;
  /** The outputs as messages name them: stack 'corso', or terraform output -json in backticks. */
  readonly where: string;
}

/** Options of {@link readStackOutputs}. */
export interface ReadStackOutputsOptions {
  /**
   * The stack to read from a cdktf outputs file that holds several.
   * @default - the only stack in the file
   */
  readonly stack?: string;
}

/**
 * Reads one stack's outputs from outputs JSON in either shape: `terraform output -json`
 * (`{ NAME: { value, type, sensitive } }`) or the file `cdktf output --outputs-file` writes
 * (`{ stack: { NAME: value } }`). The text is data: nothing in it is evaluated, and no value
 * read from it ever appears in an error message.
 */
export function readStackOutputs(text: string, options: ReadStackOutputsOptions = {}): StackOutputs {
  const parsed = parseOutputs(text);
  if (isTerraformOutputs(parsed)) {
    if (options.stack !== undefined) {
      throw new OutputsError(
        `--stack ${quoteName(options.stack)} picks a stack of a cdktf outputs file, but these are one stack's \`terraform output -json\``,
      );
    }
    return fromTerraform(parsed);
  }
  return fromCdktf(parsed, options.stack);
}

/**
 * Reads every stack's outputs from outputs JSON: each stack of a cdktf outputs file, in the file's
 * order, or the one stack of `terraform output -json`. Same rules as {@link readStackOutputs}.
 */
export function readEveryStackOutputs(text: string): StackOutputs[] {
  const parsed = parseOutputs(text);
  if (isTerraformOutputs(parsed)) return [fromTerraform(parsed)];
  const stacks = Object.keys(parsed).filter((name) => isObject(parsed[name]));
  return stacks.length === 0 ? [fromCdktf(parsed, undefined)] : stacks.map((name) => fromCdktf(parsed, name));
}

/**
 * Of a cdktf outputs file with several stacks and none asked for, the one stack that has output
 * `corsoOutput` (a host project's other stacks have none), with a note for each stack skipped.
 * Fails when no stack or several have it, saying what to do.
 */
export function pickCorsoStack(
  stacks: readonly StackOutputs[],
  corsoOutput: string,
): { readonly outputs: StackOutputs; readonly skipped: string[] } {
  const names = (list: readonly StackOutputs[]) => list.map((s) => quoteName(s.stack ?? "")).join(", ");
  const corso = stacks.filter((s) => s.values.has(corsoOutput));
  if (corso.length === 0) {
    throw new OutputsError(
      `no stack in the outputs (${names(stacks)}) has output ${quoteName(corsoOutput)}: output a CorsoAppRegistration's ` +
        "credentials in your stack and deploy it, or name the stack with --stack and its outputs with the output options",
    );
  }
  if (corso.length > 1) {
    throw new OutputsError(`the outputs hold several Corso stacks (${names(corso)}): pick one with --stack NAME`);
  }
  const skipped = stacks
    .filter((s) => s !== corso[0])
    .map((s) => `skipping stack ${quoteName(s.stack ?? "")}: it has no output ${quoteName(corsoOutput)}`);
  return { outputs: corso[0], skipped };
}

/** Parses outputs JSON of either shape into its top-level object, refusing anything else. */
function parseOutputs(text: string): Record<string, unknown> {
  const parsed = parseJson(text);
  if (!isObject(parsed)) {
    throw new OutputsError(
      `the outputs are ${describeValue(parsed)}, not a JSON object: expected \`terraform output -json\` or a cdktf outputs file`,
    );
  }
  if (Object.keys(parsed).length === 0) {
    throw new OutputsError(
      "the outputs are empty ({}): `terraform output -json` prints {} until the stack has been applied",
    );
  }
  return parsed;
}

function isTerraformOutputs(parsed: Record<string, unknown>): boolean {
  return Object.keys(parsed).every((name) => isTerraformOutput(parsed[name]));
}

/** Names of a stack's outputs for a message: quoted, and at most `limit` of them. */
export function listOutputNames(outputs: StackOutputs, limit = 12): string {
  const names = [...outputs.values.keys()].map(quoteName);
  return names.length <= limit
    ? names.join(", ")
    : `${names.slice(0, limit).join(", ")} and ${names.length - limit} more`;
}

/**
 * What a value is, for a message that must not show it (it may be a secret): its JSON type and,
 * for a string, its length.
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return value === "" ? "an empty string" : `a string of ${count([...value].length, "character")}`;
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    default:
      return "nothing";
  }
}

/**
 * Quotes a name read from the input (a stack or output name) for a message: control characters
 * escaped so that none reaches the terminal, bidirectional and invisible ones as {@link displayText}
 * writes them, and cut short past 80 characters.
 */
export function quoteName(name: string): string {
  const shown = [...name].length > 80 ? `${[...name].slice(0, 80).join("")}...` : name;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a terminal
  return `'${displayText(shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`))}'`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function parseJson(text: string): unknown {
  if (text.includes("\u0000")) {
    // Windows PowerShell 5.1's `>` writes UTF-16, which holds a NUL byte in every ASCII character.
    throw new OutputsError(
      "the outputs are not UTF-8 text (they hold NUL bytes, as UTF-16 does): write them as UTF-8, e.g. `| Out-File -Encoding utf8`",
    );
  }
  try {
    // A byte-order mark (PowerShell's `Out-File -Encoding utf8` writes one) is not JSON.
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    // V8's message quotes the text around the mistake, which may be a secret: keep only its position.
    const position = /at position (\d+)/.exec((error as Error).message);
    const at = position === null ? "" : ` (${lineAndColumn(text.replace(/^\uFEFF/, ""), Number(position[1]))})`;
    const empty = text.trim() === "" ? ": the input is empty" : "";
    throw new OutputsError(
      `the outputs are not valid JSON${at}${empty}; expected \`terraform output -json\` or a cdktf outputs file`,
    );
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function isTerraformOutput(value: unknown): boolean {
  return (
    isObject(value) &&
    Object.hasOwn(value, "value") &&
    (Object.hasOwn(value, "type") || Object.hasOwn(value, "sensitive"))
  );
}

function fromTerraform(parsed: Record<string, unknown>): StackOutputs {
  const values = new Map<string, unknown>();
  const sensitive = new Set<string>();
  for (const [name, output] of Object.entries(parsed)) {
    const { value, sensitive: isSensitive } = output as { value: unknown; sensitive?: unknown };
    values.set(name, value);
    if (isSensitive === true) sensitive.add(name);
  }
  return { shape: "terraform", values, sensitive, where: "`terraform output -json`" };
}

function fromCdktf(parsed: Record<string, unknown>, stack: string | undefined): StackOutputs {
  const stacks = Object.keys(parsed).filter((name) => isObject(parsed[name]));
  if (stacks.length === 0) {
    throw new OutputsError(
      "the outputs hold no stack: expected `terraform output -json` or a cdktf outputs file ({ stack: { output: value } })",
    );
  }
  if (stack === undefined && stacks.length > 1) {
    throw new OutputsError(
      `the outputs hold several stacks (${stacks.map(quoteName).join(", ")}): pick one with --stack NAME`,
    );
  }
  const name = stack ?? stacks[0];
  if (!stacks.includes(name)) {
    const hint = closestName(name, stacks);
    throw new OutputsError(
      `the outputs hold no stack ${quoteName(name)}: found ${stacks.map(quoteName).join(", ")}${hint === undefined ? "" : `; did you mean ${quoteName(hint)}?`}`,
    );
  }
  const values = new Map(Object.entries(parsed[name] as Record<string, unknown>));
  return { shape: "cdktf", stack: name, values, sensitive: new Set(), where: `stack ${quoteName(name)}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
