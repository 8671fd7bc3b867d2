import { lstatSync } from "node:fs";
import { displayText, loneSurrogateIndex, readTextFile, writeFileAtomic } from "../common";
import type { CorsoCredentials } from "./corso-credentials";

// Keys of Corso's config file (.corso.toml), as Corso's source names them (alcionai/corso v0.19):
// account_provider, azure_tenantid, azure_client_id, azure_secret: src/pkg/account/account.go:25-28;
// passphrase: src/pkg/config/config.go:30. Corso reads them flat, at the top of the file
// (src/pkg/config/account.go:19-21, storage.go:43); a flag or environment variable beats the file.
const ACCOUNT_PROVIDER = "account_provider";
const KEYS = {
  AZURE_TENANT_ID: "azure_tenantid",
  AZURE_CLIENT_ID: "azure_client_id",
  AZURE_CLIENT_SECRET: "azure_secret",
  CORSO_PASSPHRASE: "passphrase",
} as const;
// Corso's only account provider, "M365" (src/pkg/account/account.go:14). `corso repo init` and
// `connect` write it (src/pkg/config/config.go:253), and backup and restore commands refuse a file
// without it (src/pkg/config/account.go:57-60), so the credentials always come with it.
const M365 = "M365";

/** Raised for a Corso config file that cannot be merged into; one line naming the file (made safe to display), never a value. */
export class CorsoConfigError extends Error {
  constructor(message: string) {
    super(displayText(message));
    this.name = "CorsoConfigError";
  }
}

/**
 * The keys and values to set in Corso's config file, in the order Corso's documentation lists
 * them: the account provider, the three Microsoft 365 keys and, when the stack has one, the
 * repository passphrase.
 */
export function corsoConfigEntries(credentials: CorsoCredentials): [key: string, value: string][] {
  const entries: [string, string][] = [
    [ACCOUNT_PROVIDER, M365],
    [KEYS.AZURE_TENANT_ID, credentials.AZURE_TENANT_ID],
    [KEYS.AZURE_CLIENT_ID, credentials.AZURE_CLIENT_ID],
    [KEYS.AZURE_CLIENT_SECRET, credentials.AZURE_CLIENT_SECRET],
  ];
  if (credentials.CORSO_PASSPHRASE !== undefined) {
    entries.push([KEYS.CORSO_PASSPHRASE, credentials.CORSO_PASSPHRASE]);
  }
  return entries;
}

/**
 * Sets the credentials' keys in the text of an existing Corso config file and keeps every other
 * key with its value and type; comments and layout are not kept (Corso rewrites the file the same
 * way on `repo init`, `connect` and each `backup create`). Refuses text that is not TOML, a
 * credential key holding something other than a string, and a passphrase different from the
 * stack's: the repository stays encrypted with the one it was created with.
 * @param file - the file's name, for messages
 */
export function mergeCorsoConfig(text: string, credentials: CorsoCredentials, file: string): string {
  // Loaded here only: no other path of the command, and nothing of synthesis, reads TOML.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const toml = require("smol-toml") as typeof import("smol-toml");
  let config: Record<string, unknown>;
  try {
    // Integers as BigInt and numbers written as floats keep `1` and `1.0` apart through the round trip.
    config = toml.parse(text.replace(/^\uFEFF/, ""), { integersAsBigInt: true });
  } catch (error) {
    throw new CorsoConfigError(`${file} is not valid TOML: ${tomlProblem(error)}`);
  }
  const entries = corsoConfigEntries(credentials);
  for (const [key, value] of entries) {
    if (loneSurrogateIndex(value) >= 0) {
      // smol-toml would write U+FFFD in its place: a different secret than the stack's.
      throw new CorsoConfigError(
        `${file}: the value for ${key} holds a lone UTF-16 surrogate, which TOML and UTF-8 cannot write; nothing was merged`,
      );
    }
  }
  for (const [key] of entries) {
    if (Object.hasOwn(config, key) && typeof config[key] !== "string") {
      throw new CorsoConfigError(
        `${file}: ${key} is ${tomlType(config[key])}, but Corso reads it as a string; correct it by hand first`,
      );
    }
  }
  const passphrase = Object.hasOwn(config, KEYS.CORSO_PASSPHRASE) ? config[KEYS.CORSO_PASSPHRASE] : undefined;
  if (
    credentials.CORSO_PASSPHRASE !== undefined &&
    passphrase !== undefined &&
    passphrase !== credentials.CORSO_PASSPHRASE
  ) {
    throw new CorsoConfigError(
      `${file} already holds a different passphrase, and the repository it connects to stays encrypted with that one: ` +
        "change the repository's passphrase first (`corso repo update-passphrase --new-passphrase ...`), " +
        "then delete the old passphrase line from the file and merge again",
    );
  }
  for (const [key, value] of entries) {
    config[key] = value;
  }
  return toml.stringify(config, { numbersAsFloat: true });
}

/**
 * Merges the credentials into an existing Corso config file (see {@link mergeCorsoConfig}) and
 * replaces it atomically with mode 0600. A missing file is an error: its name may be mistyped.
 */
export function mergeCorsoConfigFile(path: string, credentials: CorsoCredentials): void {
  if (path !== "" && isMissing(path)) {
    throw new CorsoConfigError(
      `cannot merge into ${path}: no such file; to start a new one, write the fragment with --format toml --out ${path}`,
    );
  }
  writeFileAtomic(path, mergeCorsoConfig(readTextFile(path), credentials, path));
}

function isMissing(path: string): boolean {
  try {
    lstatSync(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/** smol-toml's reason and position, without the excerpt of the file it adds (which may hold a secret). */
function tomlProblem(error: unknown): string {
  const { message, line, column } = error as { message: string; line?: number; column?: number };
  const reason = message.split("\n")[0].replace(/^Invalid TOML document: /, "");
  const at = line === undefined ? "" : ` (line ${line}, column ${column})`;
  const twice = /redefine/.test(reason) ? "; was a fragment appended to it? Keep each key once" : "";
  return `${reason}${at}${twice}`;
}

function tomlType(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "bigint" || typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  if (value instanceof Date) return "a date";
  return "a table";
}
