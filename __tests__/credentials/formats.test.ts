import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { parse as parseToml } from "smol-toml";
import {
  UnquotableValueError,
  bashQuote,
  dotenvQuote,
  formatCredentials,
  powershellQuote,
  tomlQuote,
} from "../../lib/credentials/formats";

const NASTY = [
  "abc8Q~plain.secret_value-1",
  "it's",
  'say "hi"',
  "$HOME and ${PATH} and $(touch pwned) and `touch pwned`",
  "back\\slash \\n not a newline",
  "!history! %PATH% ^caret; & | < > * ? [a]",
  "typographic ‘quotes’ ‚low‛",
  "  leading and trailing spaces  ",
  "# not a comment",
  "",
];

const credentials = {
  AZURE_CLIENT_ID: "0b1f6471-1bf0-4dda-aec3-111122223333",
  AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  AZURE_CLIENT_SECRET: "Q~a'b\"c$d`e\\f",
};

/** Reads a PowerShell single-quoted string literal by the language's rules (about_Quoting_Rules). */
function readPowershellLiteral(literal: string): string {
  const quote = /['\u2018\u2019\u201a\u201b]/;
  expect(literal[0]).toMatch(quote);
  let value = "";
  for (let i = 1; i < literal.length; i++) {
    if (quote.test(literal[i])) {
      if (i + 1 < literal.length && quote.test(literal[i + 1])) {
        value += literal[i];
        i++;
        continue;
      }
      expect(i).toBe(literal.length - 1);
      return value;
    }
    value += literal[i];
  }
  throw new Error(`unterminated literal ${literal}`);
}

/** What bash holds after sourcing a file the common way, `set -a; . ./.env`, in a directory of its own. */
function sourcedByBash(file: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "corso-dotenv-"));
  writeFileSync(join(dir, ".env"), file);
  const printed = execFileSync("bash", ["-c", "set -a; . ./.env; env -0"], { cwd: dir, encoding: "utf8", env: {} });
  // Nothing in the file ran: a command substitution would have created a file next to it.
  expect(readdirSync(dir)).toEqual([".env"]);
  const variables = printed
    .split("\0")
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])
    .filter(([name]) => /^(X|AZURE_\w+|CORSO_\w+)$/.test(name));
  return Object.fromEntries(variables);
}

describe("bash", () => {
  it.each(NASTY.concat(["two\nlines"]))("reads %p back unchanged through bash", (value) => {
    const printed = execFileSync(
      "bash",
      ["-c", `eval "$1"; printf %s "$AZURE_CLIENT_SECRET"`, "_", `export AZURE_CLIENT_SECRET=${bashQuote("S", value)}`],
      { encoding: "utf8" },
    );
    expect(printed).toBe(value);
  });

  it("prints one export line per variable", () => {
    expect(formatCredentials(credentials, "bash")).toBe(
      "export AZURE_CLIENT_ID='0b1f6471-1bf0-4dda-aec3-111122223333'\n" +
        "export AZURE_TENANT_ID='72f988bf-86f1-41af-91ab-2d7cd011db47'\n" +
        "export AZURE_CLIENT_SECRET='Q~a'\\''b\"c$d`e\\f'\n",
    );
  });
});

describe("powershell", () => {
  it.each(NASTY)("reads %p back unchanged by PowerShell's quoting rules", (value) => {
    expect(readPowershellLiteral(powershellQuote("S", value))).toBe(value);
  });

  it("prints $Env: lines as Corso's guide shows them", () => {
    expect(formatCredentials(credentials, "powershell").split("\n")[2]).toBe(
      "$Env:AZURE_CLIENT_SECRET = 'Q~a''b\"c$d`e\\f'",
    );
  });
});

describe("dotenv", () => {
  const quotable = NASTY.filter((value) => !(value.includes("'") && /["$`\\]/.test(value)));

  it.each(quotable)("reads %p back unchanged through dotenv and through a shell sourcing the file", (value) => {
    const file = `X=${dotenvQuote("X", value)}\n`;
    expect(parseDotenv(file).X).toBe(value);
    expect(sourcedByBash(file).X).toBe(value);
  });

  it("writes single quotes, or double quotes for a value with ' and nothing a shell expands", () => {
    expect(dotenvQuote("X", "a$b`c\\d")).toBe("'a$b`c\\d'");
    expect(dotenvQuote("X", "it's")).toBe(`"it's"`);
  });

  it("writes a file that dotenv and a shell read the same", () => {
    const values = { ...credentials, AZURE_CLIENT_SECRET: 'Q~a"b$c\\d`e', CORSO_PASSPHRASE: "it's" };
    const file = formatCredentials(values, "dotenv");
    expect(parseDotenv(file)).toEqual(values);
    expect(sourcedByBash(file)).toEqual(values);
  });

  it.each([
    ["a line break", "a\nb", "S cannot be written safely as dotenv: it spans several lines; use --format bash or toml"],
    ["a carriage return", "a\rb", "S cannot be written safely as dotenv: it spans several lines"],
    ["' and $", "it's $HOME", "S cannot be written safely as dotenv: it holds a single quote and one of"],
    ["' and a backtick", "it's `id`", "S cannot be written safely as dotenv: it holds a single quote and one of"],
    ["' and a backslash", "it's \\", "S cannot be written safely as dotenv: it holds a single quote and one of"],
    ["' and a double quote", `it's "x"`, "S cannot be written safely as dotenv: it holds a single quote and one of"],
  ])("rejects a value with %s rather than write it so that it reads differently or runs", (_, value, message) => {
    expect(() => dotenvQuote("S", value)).toThrow(UnquotableValueError);
    expect(() => dotenvQuote("S", value)).toThrow(message);
  });
});

describe("environment formats", () => {
  it.each(["bash", "powershell", "dotenv"] as const)(
    "%s rejects a NUL character, which no variable can hold",
    (format) => {
      expect(() => formatCredentials({ ...credentials, AZURE_CLIENT_SECRET: "a\u0000b" }, format)).toThrow(
        `AZURE_CLIENT_SECRET cannot be written safely as ${format}: it holds a NUL character, which no environment variable can`,
      );
    },
  );
});

describe("toml", () => {
  it.each(NASTY.concat(["two\nlines", "tab\tand \u0001 control", "nul \u0000"]))(
    "reads %p back unchanged through a TOML parser",
    (value) => {
      expect(parseToml(`k = ${tomlQuote(value)}`).k).toBe(value);
    },
  );

  it("writes the keys of Corso's config file, with the account provider Corso requires", () => {
    expect(parseToml(formatCredentials(credentials, "toml"))).toEqual({
      account_provider: "M365",
      azure_tenantid: credentials.AZURE_TENANT_ID,
      azure_client_id: credentials.AZURE_CLIENT_ID,
      azure_secret: credentials.AZURE_CLIENT_SECRET,
    });
  });

  it("includes the repository passphrase when the stack has one", () => {
    const fragment = parseToml(formatCredentials({ ...credentials, CORSO_PASSPHRASE: "p'\"$" }, "toml"));
    expect(fragment.passphrase).toBe("p'\"$");
  });

  it("says in its comment that the keys are to be merged, not appended", () => {
    const comment = formatCredentials(credentials, "toml")
      .split("\n")
      .filter((line) => line.startsWith("# "))
      .map((line) => line.slice(2))
      .join(" ");
    expect(comment).toBe(
      "Corso's Microsoft 365 credentials for its config file (.corso.toml). Merge these keys into the " +
        "file, replacing any already there (corso-credentials --merge FILE does): appended, they would " +
        "repeat keys that `corso repo init` wrote, and Corso cannot read a file with a key twice.",
    );
  });
});

describe("values UTF-8 cannot write", () => {
  const credentials = {
    AZURE_CLIENT_ID: "0b1f6471-1bf0-4dda-aec3-111122223333",
    AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    AZURE_CLIENT_SECRET: "Q~secret\ud83d",
  };

  it.each(["bash", "powershell", "dotenv", "toml"] as const)(
    "rejects a secret with a lone surrogate in %s, naming the variable, instead of printing U+FFFD",
    (format) => {
      expect(() => formatCredentials(credentials, format)).toThrow(
        new UnquotableValueError(
          "AZURE_CLIENT_SECRET",
          format,
          "it holds a lone UTF-16 surrogate, which UTF-8 cannot write: it would be printed as U+FFFD, a different value",
        ),
      );
    },
  );

  it("keeps a character outside the BMP, a well-formed surrogate pair", () => {
    const text = formatCredentials({ ...credentials, AZURE_CLIENT_SECRET: "Q~\u{1F600}" }, "bash");
    expect(text).toContain("export AZURE_CLIENT_SECRET='Q~\u{1F600}'");
    expect(() => bashQuote("X", "a\udc00")).toThrow(
      /^X cannot be written safely as bash: it holds a lone UTF-16 surrogate/,
    );
  });
});
