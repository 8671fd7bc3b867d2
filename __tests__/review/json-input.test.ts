import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_JSON_DEPTH, ReviewInputError, parseJson } from "../../lib/review/json-input";
import { review } from "../../lib/review/run";
import { type StackJson, defaultStackJson, writeSynthesis } from "../support/synthesis";

const SECRET = "TOP-SECRET-CONTENT-0f9e";

/** The one-line error the review raises for a synthesis directory, asserting it never quotes the secret. */
function failureOf(dir: string): string {
  try {
    review({ dir });
  } catch (error) {
    expect(error).toBeInstanceOf(ReviewInputError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message).not.toContain(SECRET);
    return message.replace(dir, "<dir>");
  }
  throw new Error("the review accepted the input");
}

function withManifest(manifest: unknown, files: Record<string, string> = {}): string {
  const dir = writeSynthesis({});
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function withStack(edit: (json: StackJson) => void): string {
  const json = defaultStackJson();
  edit(json);
  return writeSynthesis({ corso: json });
}

describe("reading an untrusted synthesis", () => {
  const outside = mkdtempSync(join(tmpdir(), "corso-outside-"));
  writeFileSync(join(outside, "secret.json"), JSON.stringify([SECRET]));

  it("rejects a stack path that leaves the directory, without reading the file", () => {
    const dir = withManifest({ stacks: { corso: { synthesizedStackPath: join("..", "..", outside, "secret.json") } } });
    expect(failureOf(dir)).toMatch(/: the path leaves the directory under review; refusing to read it$/);
    const absolute = withManifest({ stacks: { corso: { synthesizedStackPath: join(outside, "secret.json") } } });
    expect(failureOf(absolute)).toMatch(/: the path leaves the directory under review; refusing to read it$/);
  });

  it("rejects a stack file that is a link to a file outside the directory", () => {
    const dir = withManifest({ stacks: { corso: { synthesizedStackPath: "linked.json" } } });
    symlinkSync(join(outside, "secret.json"), join(dir, "linked.json"));
    expect(failureOf(dir)).toBe(
      "<dir>/linked.json: a link that leaves the directory under review; refusing to read it",
    );
  });

  it("rejects a stack file that is a JSON array, naming the file", () => {
    const dir = withManifest({ stacks: { corso: { synthesizedStackPath: "stack.json" } } }, { "stack.json": "[]" });
    expect(failureOf(dir)).toBe("<dir>/stack.json: the document: expected an object, got an array");
  });

  it("rejects null where a resource belongs, naming the JSON path", () => {
    const dir = withStack((json) => {
      json.resource.azuread_application.Corso_Application_4C8105D7 = null;
    });
    expect(failureOf(dir)).toBe(
      "<dir>/stacks/corso/cdk.tf.json: resource.azuread_application.Corso_Application_4C8105D7: expected an object, got null",
    );
  });

  it("rejects null inside a block list, naming the element", () => {
    const dir = withStack((json) => {
      json.resource.azuread_application.Corso_Application_4C8105D7.required_resource_access[0].resource_access[3] =
        null;
    });
    expect(failureOf(dir)).toBe(
      "<dir>/stacks/corso/cdk.tf.json: resource.azuread_application.Corso_Application_4C8105D7.required_resource_access[0].resource_access[3]: expected an object, got null",
    );
  });

  it("rejects a manifest whose stacks are not an object, and a stack entry that is null", () => {
    expect(failureOf(withManifest({ stacks: [] }))).toBe(
      "<dir>/manifest.json: stacks: expected an object, got an array",
    );
    expect(failureOf(withManifest({ stacks: { corso: null } }))).toBe(
      "<dir>/manifest.json: stacks.corso: expected an object, got null",
    );
  });

  it("writes a path's control and bidirectional characters as escapes", () => {
    const dir = withManifest({ stacks: { corso: { synthesizedStackPath: "x\u001b]0;owned\u0007\u202egnp.json" } } });
    expect(failureOf(dir)).toBe("<dir>/x\\u{001B}]0;owned\\u{0007}\\u{202E}gnp.json: cannot read it: no such file");
  });

  it("rejects a missing stack file and a manifest that is not JSON, without quoting it", () => {
    expect(failureOf(withManifest({ stacks: { corso: {} } }))).toBe(
      "<dir>/stacks/corso/cdk.tf.json: cannot read it: no such file",
    );
    const dir = writeSynthesis({});
    writeFileSync(join(dir, "manifest.json"), `{"stacks": ${SECRET}}`);
    // Node names the position for some syntax errors only; the content is never quoted.
    expect(failureOf(dir)).toMatch(/^<dir>\/manifest\.json: not valid JSON( \(line 1, column \d+\))?$/);
  });
});

describe("parseJson", () => {
  it("rejects an object that repeats a key, which Terraform would read twice", () => {
    expect(() => parseJson('{"resource": {"a": {}}, "resource": {"b": {}}}', "cdk.tf.json")).toThrow(
      new ReviewInputError(
        'cdk.tf.json: the document: the key "resource" appears twice; Terraform would read both, so the review refuses the file',
      ),
    );
    expect(() => parseJson('{"x": [{"k": 1}, {"a": {"k": 1, "k": 2}}]}', "f.json")).toThrow(
      /^f\.json: x\[1\]\.a: the key "k" appears twice/,
    );
  });

  it("accepts the same key in different objects, and keys that only look alike", () => {
    expect(parseJson('{"a": {"k": 1}, "b": {"k": "\\"k\\""}, "c": [{"k": 1}, {"k": 2}]}', "f.json")).toEqual({
      a: { k: 1 },
      b: { k: '"k"' },
      c: [{ k: 1 }, { k: 2 }],
    });
  });
});

describe("hostile plan files", () => {
  const dir = mkdtempSync(join(tmpdir(), "corso-plan-"));
  const sample = readFileSync(join(__dirname, "fixtures/plans/no-changes.json"), "utf8");

  /** The review's one-line error for a plan file holding `bytes`. */
  function planFailure(name: string, bytes: string | Buffer): string {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    try {
      review({ dir: "no-such-dir", dirNamed: false, plans: [file] });
    } catch (error) {
      expect(error).toBeInstanceOf(ReviewInputError);
      const message = (error as Error).message;
      expect(message).not.toContain("\n");
      return message.replace(dir, "<dir>");
    }
    throw new Error("the review accepted the plan");
  }

  it("rejects a plan that is Latin-1, not UTF-8, instead of reading U+FFFD in place of its bytes", () => {
    const latin1 = Buffer.from(sample.replace("{", '{"description": "\u00e9t\u00e9",'), "latin1");
    expect(planFailure("latin1.json", latin1)).toBe(
      "<dir>/latin1.json is not UTF-8: byte 0xE9 at line 1, byte 18 of the line is not valid UTF-8 (Latin-1 or Windows-1252 text?); save the file as UTF-8",
    );
  });

  it("rejects a UTF-16 plan with a hint to save it as UTF-8", () => {
    expect(planFailure("utf16.json", Buffer.from(`\ufeff${sample}`, "utf16le"))).toBe(
      '<dir>/utf16.json is UTF-16LE text, not UTF-8: save it as UTF-8 (without "Unicode" or UTF-16)',
    );
  });

  it("rejects 100,000 nested arrays with the file, the place and the limit, not a stack overflow", () => {
    const deep = sample.replace("{", `{"x": ${"[".repeat(100_000)}${"]".repeat(100_000)},`);
    expect(planFailure("deep.json", deep)).toBe(
      `<dir>/deep.json: x${"[0]".repeat(25)}[...: nested deeper than ${MAX_JSON_DEPTH} arrays and objects, the most the review reads`,
    );
  });

  it("reads nesting up to the limit", () => {
    const nested = `{"x": ${"[".repeat(MAX_JSON_DEPTH - 1)}${"]".repeat(MAX_JSON_DEPTH - 1)}}`;
    expect(() => parseJson(nested, "f.json")).not.toThrow();
    expect(() => parseJson(`[${nested}]`, "f.json")).toThrow(/^f\.json: \[0\]\.x\[0\].*: nested deeper than 256/);
  });

  it("rejects a __proto__ key by name, whose value an object would lose", () => {
    const hidden = sample.replace("{", '{"__proto__": {"resource_changes": []},');
    expect(planFailure("proto.json", hidden)).toBe(
      `<dir>/proto.json: the document: the key "__proto__" is refused: JavaScript takes it for the object's prototype, so the review could not read its value`,
    );
  });
});
