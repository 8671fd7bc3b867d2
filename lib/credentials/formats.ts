import type { CorsoCredentials } from "./stack-outputs";

/** The shapes the credentials command prints. */
export type CredentialFormat = "bash" | "powershell" | "dotenv" | "toml";

/** Every format, in the order help lists them. */
export const CREDENTIAL_FORMATS: readonly CredentialFormat[] = ["bash", "powershell", "dotenv", "toml"];

/** Raised when a value cannot be written safely in the requested format. */
export class UnquotableValueError extends Error {
  constructor(name: string, format: CredentialFormat, why: string) {
    super(`${name} cannot be written safely as ${format}: ${why}`);
    this.name = "UnquotableValueError";
  }
}

// Keys of Corso's config file (.corso.toml) for the Microsoft 365 credentials.
const TOML_KEYS: Readonly<Record<string, string>> = {
  AZURE_TENANT_ID: "azure_tenantid",
  AZURE_CLIENT_ID: "azure_client_id",
  AZURE_CLIENT_SECRET: "azure_secret",
};

/** Renders the credentials in one format, every value quoted so that it reads back unchanged. */
export function formatCredentials(credentials: CorsoCredentials, format: CredentialFormat): string {
  const entries = Object.entries(credentials) as [string, string][];
  switch (format) {
    case "bash":
      return lines(entries.map(([name, value]) => `export ${name}=${bashQuote(value)}`));
    case "powershell":
      return lines(entries.map(([name, value]) => `$Env:${name} = ${powershellQuote(value)}`));
    case "dotenv":
      return lines(entries.map(([name, value]) => `${name}=${dotenvQuote(name, value)}`));
    case "toml":
      return lines([
        "# Corso's Microsoft 365 credentials, for .corso.toml",
        ...entries
          .filter(([name]) => name in TOML_KEYS)
          .map(([name, value]) => `${TOML_KEYS[name]} = ${tomlQuote(value)}`),
      ]);
  }
}

/** POSIX shell: single quotes keep everything literal; a `'` closes, is escaped, and reopens. */
export function bashQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * PowerShell: a single-quoted string is literal except for the quote itself, written twice.
 * PowerShell also takes the typographic quotes U+2018 to U+201B as single quotes.
 */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

/**
 * dotenv has no escapes inside single quotes or backticks, and double quotes turn `\n` into a line
 * break: the value goes inside the first kind of quote it does not contain.
 */
export function dotenvQuote(name: string, value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new UnquotableValueError(name, "dotenv", "it spans several lines");
  }
  for (const quote of ["'", "`"]) {
    if (!value.includes(quote)) return `${quote}${value}${quote}`;
  }
  if (!value.includes('"') && !/\\[nr]/.test(value)) return `"${value}"`;
  throw new UnquotableValueError(name, "dotenv", "it holds every kind of quote dotenv knows");
}

/** TOML basic string: backslash, double quote and control characters escaped. */
export function tomlQuote(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what TOML requires escaped
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (c) =>
    c === "\\" || c === '"' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `"${escaped}"`;
}

function lines(items: string[]): string {
  return `${items.join("\n")}\n`;
}
