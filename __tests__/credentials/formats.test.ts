import { execFileSync } from "node:child_process";
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
  "$HOME and ${PATH} and $(touch /tmp/pwned) and `id`",
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

describe("bash", () => {
  it.each(NASTY.concat(["two\nlines"]))("reads %p back unchanged through bash", (value) => {
    const printed = execFileSync(
      "bash",
      ["-c", `eval "$1"; printf %s "$AZURE_CLIENT_SECRET"`, "_", `export AZURE_CLIENT_SECRET=${bashQuote(value)}`],
      {
        encoding: "utf8",
      },
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
    expect(readPowershellLiteral(powershellQuote(value))).toBe(value);
  });

  it("prints $Env: lines as Corso's guide shows them", () => {
    expect(formatCredentials(credentials, "powershell").split("\n")[2]).toBe(
      "$Env:AZURE_CLIENT_SECRET = 'Q~a''b\"c$d`e\\f'",
    );
  });
});

describe("dotenv", () => {
  it.each(NASTY)("reads %p back unchanged through dotenv", (value) => {
    expect(parseDotenv(`X=${dotenvQuote("X", value)}\n`).X).toBe(value);
  });

  it("reads every variable of the file back", () => {
    const dotenvSafe = { ...credentials, AZURE_CLIENT_SECRET: "Q~a'b$c\\d" };
    expect(parseDotenv(formatCredentials(dotenvSafe, "dotenv"))).toEqual(dotenvSafe);
  });

  it("refuses a value it cannot quote rather than write it wrongly", () => {
    expect(() => dotenvQuote("S", "a\nb")).toThrow(new UnquotableValueError("S", "dotenv", "it spans several lines"));
    expect(() => dotenvQuote("S", "'`\"")).toThrow(
      "S cannot be written safely as dotenv: it holds every kind of quote",
    );
  });
});

describe("toml", () => {
  it.each(NASTY.concat(["two\nlines", "tab\tand \u0001 control"]))(
    "reads %p back unchanged through a TOML parser",
    (value) => {
      expect(parseToml(`k = ${tomlQuote(value)}`).k).toBe(value);
    },
  );

  it("writes the keys of Corso's config file", () => {
    expect(parseToml(formatCredentials(credentials, "toml"))).toEqual({
      azure_tenantid: credentials.AZURE_TENANT_ID,
      azure_client_id: credentials.AZURE_CLIENT_ID,
      azure_secret: credentials.AZURE_CLIENT_SECRET,
    });
  });
});
