import { CorsoValidationError, show, throwIfProblems } from "../../lib/common/validation-error";

describe("CorsoValidationError", () => {
  it("states a single problem on one line", () => {
    expect(new CorsoValidationError("Thing", ["name is empty"]).message).toBe("Thing: name is empty");
  });

  it("lists several problems, one per line", () => {
    const error = new CorsoValidationError("Thing", ["a is wrong", "b is wrong"]);
    expect(error.message).toBe("Thing: 2 problems:\n  - a is wrong\n  - b is wrong");
    expect(error.problems).toEqual(["a is wrong", "b is wrong"]);
  });

  it("is thrown only when there are problems", () => {
    expect(() => throwIfProblems("Thing", [])).not.toThrow();
    expect(() => throwIfProblems("Thing", ["x"])).toThrow(CorsoValidationError);
  });
});

describe("show", () => {
  it("writes control, bidirectional and invisible characters of a value as visible escapes", () => {
    expect(show("a\u001b]0;owned\u0007b")).toBe("'a\\u{001B}]0;owned\\u{0007}b'");
    expect(show("tenant\u202ecipx.exe")).toBe("'tenant\\u{202E}cipx.exe'");
    expect(show("csi\u009b2J")).toBe("'csi\\u{009B}2J'");
    expect(show({ name: "x\u2066y" })).toBe('{"name":"x\\u{2066}y"}');
  });

  it("cuts a long value between characters, never inside a surrogate pair", () => {
    const shown = show(`${"a".repeat(56)}\u{1F600}${"b".repeat(10)}`);
    expect(shown).toBe(`'${"a".repeat(56)}\u{1F600}...'`);
  });

  it("names a bigint as one", () => {
    expect(show(180n)).toBe("180n (a bigint)");
    expect(show({ days: 180n })).toBe("an object");
  });
});

describe("CorsoValidationError on the terminal", () => {
  it("escapes the subject and every problem, keeping the list's own line breaks", () => {
    const error = new CorsoValidationError("conf\u001b[2J.json", ["name \u202eevil", "b\u0085c"]);
    expect(error.message).toBe("conf\\u{001B}[2J.json: 2 problems:\n  - name \\u{202E}evil\n  - b\\u{0085}c");
    expect(error.problems).toEqual(["name \\u{202E}evil", "b\\u{0085}c"]);
  });
});
