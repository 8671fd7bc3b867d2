import { existsSync } from "node:fs";
import { CorsoValidationError, readTextFile } from "../common";
import type { CorsoConfig } from "./config-schema";

/**
 * Reads the config file at `path`; returns undefined when it does not exist and was not asked for
 * by name (`required`), so that a checkout without one keeps the default stack. A directory or an
 * unreadable file is a one-line error (a `FileError`).
 *
 * The schema (and zod and the JSON reader with it) loads only when there is a file to check: the
 * default synthesis stays as fast as cdktf itself.
 */
export function readCorsoConfig(path: string, required: boolean): CorsoConfig | undefined {
  if (!existsSync(path)) {
    if (required) throw new CorsoValidationError(path, ["no such file (named by CORSO_CONFIG)"]);
    return undefined;
  }
  return checkCorsoConfig(readTextFile(path), path);
}

/** Parses and checks a config file's text (`source` names it in errors); loads the schema on first use. */
export function checkCorsoConfig(text: string, source: string): CorsoConfig {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseCorsoConfig } = require("./config-schema") as typeof import("./config-schema");
  return parseCorsoConfig(text, source);
}
