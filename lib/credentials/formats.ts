import { loneSurrogateIndex } from "../common";
import { corsoConfigEntries } from "./corso-config";
import type { CorsoCredentials } from "./corso-credentials";

/** The shapes the credentials command prints. */
export type CredentialFormat = "bash" | "powershell" | "dotenv" | "toml";

/** Every format, in the order help lists them. */
export const CREDENTIAL_FORMATS: readonly CredentialFormat[] = ["bash", "powershell", "dotenv", "toml"];

/** Raised when a value cannot be written safely in the requested format; names the variable, never the value. */
export class UnquotableValueError extends Error {
  constructor(name: string, format: CredentialFormat, why: string) {
    super(`${name} cannot be written safely as ${format}: ${why}`);
    this.name = "UnquotableValueError";
  }
}

/**
 * Renders the credentials in one format, every value quoted so that it reads back unchanged; a value
 * that cannot (a NUL, a lone surrogate) is an {@link UnquotableValueError} naming its variable.
 */
export function formatCredentials(credentials: CorsoCredentials, format: CredentialFormat): string {
  const entries = Object.entries(credentials) as [string, string][];
  for (const [name, value] of entries) refuseLoneSurrogate(name, format, value);
  switch (format) {
    case "bash":
      return lines(entries.map(([name, value]) => `export ${name}=${bashQuote(name, value)}`));
    case "powershell":
      return lines(entries.map(([name, value]) => `$Env:${name} = ${powershellQuote(name, value)}`));
    case "dotenv":
      return lines(entries.map(([name, value]) => `${name}=${dotenvQuote(name, value)}`));
    case "toml":
      return lines([
        "# Corso's Microsoft 365 credentials for its config file (.corso.toml). Merge these keys into the",
        "# file, replacing any already there (corso-credentials --merge FILE does): appended, they would",
        "# repeat keys that `corso repo init` wrote, and Corso cannot read a file with a key twice.",
        ...corsoConfigEntries(credentials).map(([key, value]) => `${key} = ${tomlQuote(value)}`),
      ]);
  }
}

/** POSIX shell: single quotes keep everything literal; a `'` closes, is escaped, and reopens. */
export function bashQuote(name: string, value: string): string {
  refuseNul(name, "bash", value);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * PowerShell: a single-quoted string is literal except for the quote itself, written twice.
 * PowerShell also takes the typographic quotes U+2018 to U+201B as single quotes.
 */
export function powershellQuote(name: string, value: string): string {
  refuseNul(name, "powershell", value);
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

/**
 * dotenv, quoted so that dotenv and a shell sourcing the file (`set -a; . ./.env`) read the same
 * value and the shell expands nothing: single quotes, which both read literally; for a value with
 * `'`, double quotes when it holds none of `"`, `$`, `` ` `` and `\` (the characters either of them
 * would expand). Anything else, and line breaks, is refused rather than written in a form one of
 * them would read differently, or run.
 */
export function dotenvQuote(name: string, value: string): string {
  refuseNul(name, "dotenv", value);
  if (/[\r\n]/.test(value)) {
    throw new UnquotableValueError(name, "dotenv", "it spans several lines; use --format bash or toml");
  }
  if (!value.includes("'")) return `'${value}'`;
  if (!/["$`\\]/.test(value)) return `"${value}"`;
  throw new UnquotableValueError(
    name,
    "dotenv",
    'it holds a single quote and one of " $ ` \\, which no dotenv quoting keeps literal for both dotenv and a shell; use --format bash or toml',
  );
}

/** TOML basic string: backslash, double quote and control characters escaped. */
export function tomlQuote(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what TOML requires escaped
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (c) =>
    c === "\\" || c === '"' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `"${escaped}"`;
}

/**
 * An environment variable is a C string: a NUL byte would silently cut the value short. A lone
 * surrogate has no UTF-8 form: printed, it would be U+FFFD, another secret.
 */
function refuseNul(name: string, format: CredentialFormat, value: string): void {
  if (value.includes("\u0000")) {
    throw new UnquotableValueError(name, format, "it holds a NUL character, which no environment variable can");
  }
  refuseLoneSurrogate(name, format, value);
}

function refuseLoneSurrogate(name: string, format: CredentialFormat, value: string): void {
  if (loneSurrogateIndex(value) >= 0) {
    throw new UnquotableValueError(
      name,
      format,
      "it holds a lone UTF-16 surrogate, which UTF-8 cannot write: it would be printed as U+FFFD, a different value",
    );
  }
}

function lines(items: string[]): string {
  return `${items.join("\n")}\n`;
}
