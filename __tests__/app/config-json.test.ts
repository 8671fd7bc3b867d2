import { Token } from "cdktf";
import { jsonPath, readStrictJson } from "../../lib/app/config-json";

describe("readStrictJson", () => {
  it("reads plain JSON, and JSON that starts with a UTF-8 byte order mark", () => {
    expect(readStrictJson('{"tenants": [{"name": "contoso"}]}')).toEqual({ value: { tenants: [{ name: "contoso" }] } });
    expect(readStrictJson('\uFEFF{"a": 1}')).toEqual({ value: { a: 1 } });
  });

  it("rejects a key that appears twice in one object, naming its JSON path and the first one's place", () => {
    const text =
      '{\n  "tenants": [\n    { "permissions": ["Mail.Read"],\n      "permissions": ["Mail.ReadWrite"] }\n  ]\n}';
    expect(readStrictJson(text)).toEqual({
      values: [
        "tenants[0].permissions: the field appears twice in the same object (first at line 3, column 7): " +
          "readers disagree on which one counts, so keep one",
      ],
    });
    expect(readStrictJson('{"a": {"b": 1}, "c": {"b": 2}}')).toEqual({ value: { a: { b: 1 }, c: { b: 2 } } });
  });

  it("rejects numbers too large to be finite instead of reading them as null", () => {
    expect(readStrictJson('{"secret": {"lifetimeDays": 1e999}}')).toEqual({
      values: ["secret.lifetimeDays: 1e999 is too large to be a number: give a finite one"],
    });
  });

  it("rejects text that cdktf would take for a reference to another value", () => {
    expect(readStrictJson('{"notes": "${TfToken[TOKEN.1]}", "tags": ["#{TfToken[TOKEN.2]}"]}')).toEqual({
      values: [
        "notes: holds '{TfToken[', which cdktf would read as a reference to another value: a config file holds plain text only",
        "tags[0]: holds '{TfToken[', which cdktf would read as a reference to another value: a config file holds plain text only",
      ],
    });
    expect(readStrictJson('{"tags": {"${TfToken[TOKEN.3]}": "x"}}')).toEqual({
      values: [
        "tags.${TfToken[TOKEN.3]}: the field's name holds '{TfToken[', which cdktf would read as a reference to another value: a config file holds plain text only",
      ],
    });
    const encoded = String(Token.asNumber({ resolve: () => 1 }));
    expect(readStrictJson(`{"n": ${encoded}}`)).toEqual({
      values: [`n: ${encoded} is a number cdktf reserves for its references: give another`],
    });
  });

  it("rejects nesting deeper than a config needs, in one line and without exhausting the stack", () => {
    expect(readStrictJson(`{"tenants": ${"[".repeat(200_000)}`)).toEqual({
      syntax: "nested deeper than 16 levels at line 1, column 28",
      values: [],
    });
    expect(readStrictJson(`${"[".repeat(16)}${"]".repeat(16)}`)).toHaveProperty("value");
  });

  it.each([
    ['{"a": 1 // why\n}', "comments are not allowed in JSON at line 1, column 9"],
    ['{"a": 1,}', "expected a field name in double quotes at line 1, column 9"],
    ['{"a" 1}', "expected ':' at line 1, column 6"],
    ["", "expected a value at line 1, column 1"],
    ["{tenants: []}", "unexpected character at line 1, column 2"],
  ])("says where %p is broken", (text, syntax) => {
    expect(readStrictJson(text)).toEqual({ syntax, values: [] });
  });

  it("writes JSON paths as a reader would", () => {
    expect(jsonPath(["tenants", 0, "secret", "lifetimeDays"])).toBe("tenants[0].secret.lifetimeDays");
    expect(jsonPath([])).toBe("(top level)");
  });
});
