import { execFileSync } from "node:child_process";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { type CredentialsRequest, deliverCredentials } from "../../lib/credentials";

// Every secret below contains this marker: no error message may show it.
const MARK = "hunter2";
const CLIENT = "0b1f6471-1bf0-4dda-aec3-111122223333";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const good = { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: `Q~${MARK}.value` };
const outputs = (values: Record<string, unknown>, stack = "corso") => JSON.stringify({ [stack]: values });
const EXISTING = "AZURE_CLIENT_SECRET='the one that works today'\n";
const S3_TOML = readFileSync(join(__dirname, "fixtures/repo-init-s3.corso.toml"), "utf8");

interface Case {
  /** What the message must name: the field, output or file concerned. */
  readonly names: (dir: string) => string;
  /** Makes the files of the case in `dir` and says what the command is asked and what it reads. */
  readonly given: (dir: string) => { request: Partial<CredentialsRequest>; stdin?: string };
  /** The whole message, or its start. */
  readonly message: (dir: string) => string | RegExp;
}

const CASES: Record<string, Case> = {
  // --out is a new file, written next to the target and renamed over it: never through a link.
  "--out naming a symbolic link to a file": {
    names: (dir) => join(dir, "link.env"),
    given: (dir) => {
      writeFileSync(join(dir, "target"), "keep");
      symlinkSync(join(dir, "target"), join(dir, "link.env"));
      return { request: { format: "dotenv", out: join(dir, "link.env") }, stdin: outputs(good) };
    },
    message: (dir) => `refusing to write ${join(dir, "link.env")}: it is a symbolic link; name the file itself`,
  },
  "--out naming a dangling symbolic link": {
    names: (dir) => join(dir, "dangling.env"),
    given: (dir) => {
      symlinkSync(join(dir, "would-be-created"), join(dir, "dangling.env"));
      return { request: { format: "dotenv", out: join(dir, "dangling.env") }, stdin: outputs(good) };
    },
    message: (dir) => `refusing to write ${join(dir, "dangling.env")}: it is a symbolic link; name the file itself`,
  },
  "--out naming a directory": {
    names: (dir) => join(dir, "sub"),
    given: (dir) => {
      mkdirSync(join(dir, "sub"));
      return { request: { format: "bash", out: join(dir, "sub") }, stdin: outputs(good) };
    },
    message: (dir) => `refusing to write ${join(dir, "sub")}: it is not a regular file`,
  },
  "--out naming a named pipe": {
    names: (dir) => join(dir, "fifo"),
    given: (dir) => {
      execFileSync("mkfifo", [join(dir, "fifo")]);
      return { request: { format: "bash", out: join(dir, "fifo") }, stdin: outputs(good) };
    },
    message: (dir) => `refusing to write ${join(dir, "fifo")}: it is not a regular file`,
  },
  "--out in a missing directory": {
    names: (dir) => join(dir, "missing", "corso.env"),
    given: (dir) => ({ request: { format: "bash", out: join(dir, "missing", "corso.env") }, stdin: outputs(good) }),
    message: (dir) => `cannot write ${join(dir, "missing", "corso.env")}: no such file or directory`,
  },
  "--out over a file, with an output missing": {
    names: () => "AZURE_CLIENT_SECRET",
    given: (dir) => {
      writeFileSync(join(dir, ".env"), EXISTING);
      const ids = { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT };
      return { request: { format: "dotenv", out: join(dir, ".env") }, stdin: outputs(ids) };
    },
    message: () => "stack 'corso' has no output AZURE_CLIENT_SECRET: cdktf leaves sensitive outputs out",
  },
  "--out over a file, with a value dotenv cannot hold": {
    names: () => "AZURE_CLIENT_SECRET",
    given: (dir) => {
      writeFileSync(join(dir, ".env"), EXISTING);
      const secret = `${MARK}'$(touch pwned)`;
      return {
        request: { format: "dotenv", out: join(dir, ".env") },
        stdin: outputs({ ...good, AZURE_CLIENT_SECRET: secret }),
      };
    },
    message: () => "AZURE_CLIENT_SECRET cannot be written safely as dotenv: it holds a single quote and one of",
  },
  // Values read from outputs are never shown: any of them may be a secret.
  "a secret of the wrong type": {
    names: () => "AZURE_CLIENT_SECRET",
    given: () => ({ request: { format: "bash" }, stdin: outputs({ ...good, AZURE_CLIENT_SECRET: [`${MARK}`] }) }),
    message: () => "output AZURE_CLIENT_SECRET of stack 'corso' is an array: expected a non-empty string",
  },
  // JSON's "\ud800" escape is a lone surrogate: written as UTF-8 it would be U+FFFD, another secret.
  "a secret with a lone surrogate, printed": {
    names: () => "AZURE_CLIENT_SECRET",
    given: () => ({ request: { format: "bash" }, stdin: outputs({ ...good, AZURE_CLIENT_SECRET: `Q~${MARK}\ud800` }) }),
    message: () => "output AZURE_CLIENT_SECRET of stack 'corso' holds a lone UTF-16 surrogate",
  },
  "a passphrase with a lone surrogate, merged": {
    names: () => "CORSO_PASSPHRASE",
    given: (dir) => {
      writeFileSync(join(dir, ".corso.toml"), S3_TOML);
      return {
        request: { merge: join(dir, ".corso.toml") },
        stdin: outputs({ ...good, CORSO_PASSPHRASE: `\udc00${MARK}` }),
      };
    },
    message: () => "output CORSO_PASSPHRASE of stack 'corso' holds a lone UTF-16 surrogate",
  },
  "a passphrase of the wrong type": {
    names: () => "CORSO_PASSPHRASE",
    given: () => ({ request: { format: "bash" }, stdin: outputs({ ...good, CORSO_PASSPHRASE: { value: MARK } }) }),
    message: () => "output CORSO_PASSPHRASE of stack 'corso' is an object: expected a non-empty string",
  },
  "a client id that is not a GUID": {
    names: () => "AZURE_CLIENT_ID",
    given: () => ({ request: { format: "bash" }, stdin: outputs({ ...good, AZURE_CLIENT_ID: `Q~${MARK}` }) }),
    message: () => "output AZURE_CLIENT_ID of stack 'corso' is not a GUID (got a string of 9 characters)",
  },
  "a tenant id that is a domain name": {
    names: () => "AZURE_TENANT_ID",
    given: () => ({
      request: { format: "bash" },
      stdin: outputs({ ...good, AZURE_TENANT_ID: "contoso.onmicrosoft.com" }),
    }),
    message: () => "output AZURE_TENANT_ID of stack 'corso' is not a GUID (got a string of 23 characters)",
  },
  "a client id output named to read the secret": {
    names: () => "AZURE_CLIENT_ID",
    given: () => ({
      request: { format: "bash", outputNames: { clientId: "AZURE_CLIENT_SECRET" } },
      stdin: outputs(good),
    }),
    message: () => "AZURE_CLIENT_ID (output 'AZURE_CLIENT_SECRET' of stack 'corso') is not a GUID",
  },
  "outputs cut off inside the secret": {
    names: () => "line 1",
    given: () => ({ request: { format: "bash" }, stdin: outputs(good).slice(0, -25) }),
    message: () => /^the outputs are not valid JSON \(line 1, column \d+\)/,
  },
  "an inherited property as an output name": {
    names: () => "'constructor'",
    given: () => ({ request: { format: "bash", outputNames: { clientId: "constructor" } }, stdin: outputs(good) }),
    message: () => "stack 'corso' has no output 'constructor'",
  },
  "an inherited property as a stack name": {
    names: () => "'__proto__'",
    given: () => ({ request: { format: "bash", stack: "__proto__" }, stdin: outputs(good) }),
    message: () => "the outputs hold no stack '__proto__': found 'corso'",
  },
  "terminal escapes in a stack name": {
    names: () => "\\u001b",
    given: () => ({
      request: { format: "bash" },
      stdin: JSON.stringify({ "\u001b]0;owned\u0007": good, corso: good }),
    }),
    message: () =>
      "the outputs hold several Corso stacks ('\\u001b]0;owned\\u0007', 'corso'): pick one with --stack NAME",
  },
  "--from naming a directory": {
    names: (dir) => dir,
    given: (dir) => ({ request: { format: "bash", from: dir } }),
    message: (dir) => `cannot read ${dir}: it is a directory`,
  },
  "--from naming a missing file": {
    names: (dir) => join(dir, "outputs.json"),
    given: (dir) => ({ request: { format: "bash", from: join(dir, "outputs.json") } }),
    message: (dir) => `cannot read ${join(dir, "outputs.json")}: no such file or directory`,
  },
  // --merge rewrites only a valid .corso.toml, never through a link, never losing the passphrase.
  "--merge into a file with a fragment appended": {
    names: (dir) => join(dir, ".corso.toml"),
    given: (dir) => {
      writeFileSync(join(dir, ".corso.toml"), `${S3_TOML}azure_secret = "${MARK}"\nazure_secret = "${MARK}"\n`);
      return { request: { format: "toml", merge: join(dir, ".corso.toml") }, stdin: outputs(good) };
    },
    message: (dir) =>
      `${join(dir, ".corso.toml")} is not valid TOML: trying to redefine an already defined table or value`,
  },
  "--merge with a passphrase other than the file's": {
    names: () => "passphrase",
    given: (dir) => {
      writeFileSync(join(dir, ".corso.toml"), `${S3_TOML}passphrase = '${MARK}-old'\n`);
      return {
        request: { format: "toml", merge: join(dir, ".corso.toml") },
        stdin: outputs({ ...good, CORSO_PASSPHRASE: `${MARK}-new` }),
      };
    },
    message: (dir) => `${join(dir, ".corso.toml")} already holds a different passphrase`,
  },
  "--merge into a symbolic link": {
    names: (dir) => join(dir, ".corso.toml"),
    given: (dir) => {
      writeFileSync(join(dir, "real.toml"), S3_TOML);
      symlinkSync(join(dir, "real.toml"), join(dir, ".corso.toml"));
      return { request: { format: "toml", merge: join(dir, ".corso.toml") }, stdin: outputs(good) };
    },
    message: (dir) => `refusing to write ${join(dir, ".corso.toml")}: it is a symbolic link; name the file itself`,
  },
  "--merge into a missing file": {
    names: (dir) => join(dir, ".corso.tom"),
    given: (dir) => ({ request: { format: "toml", merge: join(dir, ".corso.tom") }, stdin: outputs(good) }),
    message: (dir) => `cannot merge into ${join(dir, ".corso.tom")}: no such file; to start a new one`,
  },
};

/** Every entry of a directory tree with its kind, content, mode or link target: what must not change. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) entries[name] = `link to ${readlinkSync(path)}`;
    else if (stat.isDirectory()) {
      entries[name] = `directory ${(stat.mode & 0o777).toString(8)}`;
      for (const [child, what] of Object.entries(snapshot(path))) entries[`${name}/${child}`] = what;
    } else if (stat.isFile()) entries[name] = `file ${(stat.mode & 0o777).toString(8)} ${readFileSync(path, "utf8")}`;
    else entries[name] = "other";
  }
  return entries;
}

describe("corso-credentials given hostile or careless input", () => {
  it.each(Object.entries(CASES))(
    "rejects %s in one line naming it, printing and changing nothing",
    async (_, { names, given, message }) => {
      const dir = mkdtempSync(join(tmpdir(), "corso-hostile-"));
      const { request, stdin } = given(dir);
      const before = snapshot(dir);
      const input = new PassThrough();
      input.end(stdin ?? "");
      let printed = "";
      const run = deliverCredentials(
        { format: "bash", ...request },
        { stdin: input, stdout: { write: (t) => (printed += t) } },
      );

      const error = await run.then(
        () => undefined,
        (e: Error) => e,
      );

      expect(error).toBeInstanceOf(Error);
      const text = (error as Error).message;
      const expected = message(dir);
      if (typeof expected === "string") expect(text.startsWith(expected)).toBe(true);
      else expect(text).toMatch(expected);
      expect(text).toContain(names(dir));
      expect(text).not.toContain("\n");
      expect(text).not.toContain(MARK);
      expect(printed).toBe("");
      expect(snapshot(dir)).toEqual(before);
    },
  );
});
