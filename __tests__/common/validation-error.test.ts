import { CorsoValidationError, throwIfProblems } from "../../lib/common/validation-error";

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
