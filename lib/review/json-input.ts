import { lstatSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { FileError, displayText, readTextFile } from "../common";

/**
 * The deepest nesting of arrays and objects the review reads. Terraform's plans and this project's
 * synthesis nest a few dozen levels at most; the review's walks over a value recurse, so a limit
 * far below the call stack's keeps `[[[[...` from ending in a stack overflow.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Raised for input the review cannot read: a missing or malformed file, a path that leaves the
 * directory under review, or JSON of the wrong shape. One line that names the file and the JSON
 * path, and never quotes the file's content; names and paths reach the terminal through
 * {@link displayText}.
 */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(displayText(message));
    this.name = "ReviewInputError";
  }
}

/** A JSON object as read from untrusted input. */
export type JsonObject = { readonly [key: string]: unknown };

/** Where a value sits: the file it came from and its JSON path (`resource.azuread_application.x`). */
export interface JsonPlace {
  readonly file: string;
  readonly path: string;
}

/** The place of a member of an object or an element of an array. */
export function at(place: JsonPlace, key: string | number): JsonPlace {
  if (typeof key === "number") return { file: place.file, path: `${place.path}[${key}]` };
  const member = /^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key);
  return { file: place.file, path: place.path === "" ? member : `${place.path}.${member}` };
}

/** Fails with a message that names the place. */
export function fail(place: JsonPlace, problem: string): never {
  throw new ReviewInputError(`${place.file}: ${place.path === "" ? "the document" : place.path}: ${problem}`);
}

/** The JSON type of a value in words, the only thing an error says about a value it refuses. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** The value as an object, or a failure naming its place. */
export function asObject(value: unknown, place: JsonPlace): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(place, `expected an object, got ${describeType(value)}`);
  }
  return value as JsonObject;
}

/** The value as an object when present; `undefined` when absent. */
export function optionalObject(value: unknown, place: JsonPlace): JsonObject | undefined {
  return value === undefined ? undefined : asObject(value, place);
}

/** The value as an array, or a failure naming its place. */
export function asArray(value: unknown, place: JsonPlace): readonly unknown[] {
  if (!Array.isArray(value)) fail(place, `expected an array, got ${describeType(value)}`);
  return value;
}

/** The value as a string, or a failure naming its place. */
export function asString(value: unknown, place: JsonPlace): string {
  if (typeof value !== "string") fail(place, `expected a string, got ${describeType(value)}`);
  return value;
}

/**
 * Terraform JSON's nested blocks: one object, or an array of objects (Terraform accepts both).
 * Each comes with its place.
 */
export function blocksOf(value: unknown, place: JsonPlace): [JsonObject, JsonPlace][] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map((item, i) => [asObject(item, at(place, i)), at(place, i)]);
  return [[asObject(value, place), place]];
}

/** A map of objects (`{ name: { ... } }`), each checked and returned with its place. */
export function objectsOf(value: unknown, place: JsonPlace): [string, JsonObject, JsonPlace][] {
  if (value === undefined) return [];
  return Object.entries(asObject(value, place)).map(([key, item]) => [
    key,
    asObject(item, at(place, key)),
    at(place, key),
  ]);
}

/**
 * Reads and parses a JSON file that must lie inside `root` (after following every link), so that
 * a manifest cannot make the review read, or quote, a file elsewhere. `shown` is how errors name it.
 */
export function readJsonInside(root: string, file: string, shown: string): unknown {
  const path = resolve(root, file);
  if (!isInside(resolve(root), path)) {
    throw new ReviewInputError(`${shown}: the path leaves the directory under review; refusing to read it`);
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new ReviewInputError(`${shown}: cannot read it: no such file`);
  }
  if (!isInside(realpathSync(root), real)) {
    throw new ReviewInputError(`${shown}: a link that leaves the directory under review; refusing to read it`);
  }
  return readJsonFile(real, shown);
}

/**
 * Reads and parses a JSON file as strict UTF-8, through common's reader (a regular file, at most
 * its size limit); a missing, unreadable, not UTF-8 or malformed file is a one-line error.
 */
export function readJsonFile(path: string, shown: string): unknown {
  let content: string;
  try {
    if (!lstatSync(path).isFile()) throw new ReviewInputError(`${shown}: not a regular file`);
    content = readTextFile(path, { name: shown });
  } catch (error) {
    if (error instanceof ReviewInputError) throw error;
    if (error instanceof FileError) throw new ReviewInputError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReviewInputError(
      `${shown}: cannot read it: ${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}`,
    );
  }
  return parseJson(content, shown);
}

/**
 * Parses JSON text, refusing an object that repeats a key: JavaScript keeps only the last one,
 * while Terraform's JSON syntax reads every one (two `resource` keys declare the resources of
 * both), so a repeated key could hide a resource from the review. Also refused: a `__proto__` key,
 * which an object built from the value would take for its prototype and lose, and nesting deeper
 * than {@link MAX_JSON_DEPTH}.
 */
export function parseJson(content: string, shown: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    // The parser's message can quote the input: keep only where it failed.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? "" : ` (${lineAndColumn(content, Number(position))})`;
    throw new ReviewInputError(`${shown}: not valid JSON${where}`);
  }
  const problem = findStructureProblem(content);
  if (problem !== undefined) {
    throw new ReviewInputError(`${shown}: ${problem.path === "" ? "the document" : problem.path}: ${problem.problem}`);
  }
  return value;
}

function lineAndColumn(content: string, position: number): string {
  const before = content.slice(0, position).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/**
 * The first object key that appears twice in the same object or is `__proto__`, or the first array
 * or object nested too deeply, with the path of the object or array holding it. Iterative: the
 * input may nest deeper than any recursion could follow.
 */
function findStructureProblem(content: string): { path: string; problem: string } | undefined {
  // A scanner over text JSON.parse already accepted: strings, objects, arrays and scalars.
  type Frame = { keys: Set<string> | undefined; path: string; index: number; expectKey: boolean; key?: string };
  const stack: Frame[] = [];
  let i = 0;
  const childPath = (frame: Frame) =>
    frame.keys === undefined
      ? `${frame.path}[${frame.index}]`
      : at({ file: "", path: frame.path }, frame.key ?? "").path;
  while (i < content.length) {
    const char = content[i];
    if (char === '"') {
      let end = i + 1;
      while (content[end] !== '"') end += content[end] === "\\" ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys !== undefined && top.expectKey) {
        const key = JSON.parse(content.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          return {
            path: top.path,
            problem: `the key ${JSON.stringify(key)} appears twice; Terraform would read both, so the review refuses the file`,
          };
        }
        if (key === "__proto__") {
          return {
            path: top.path,
            problem:
              'the key "__proto__" is refused: JavaScript takes it for the object\'s prototype, so the review could not read its value',
          };
        }
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end + 1;
      continue;
    }
    if (char === "{" || char === "[") {
      const parent = stack[stack.length - 1];
      const path = parent === undefined ? "" : childPath(parent);
      if (stack.length === MAX_JSON_DEPTH) {
        return {
          path: path.length > 80 ? `${path.slice(0, 77)}...` : path,
          problem: `nested deeper than ${MAX_JSON_DEPTH} arrays and objects, the most the review reads`,
        };
      }
      stack.push({ keys: char === "{" ? new Set() : undefined, path, index: 0, expectKey: char === "{" });
    } else if (char === "}" || char === "]") {
      stack.pop();
    } else if (char === ",") {
      const top = stack[stack.length - 1];
      if (top.keys === undefined) top.index += 1;
      else top.expectKey = true;
    }
    i += 1;
  }
  return undefined;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}
