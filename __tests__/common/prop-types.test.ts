import { Token } from "cdktf";
import { boolean, findPropTypeProblems, listOf, number, recordOf, required, text } from "../../lib/common/prop-types";

const TYPES = { name: required(text), days: number, tags: listOf(text), labels: recordOf(text), on: boolean };

describe("findPropTypeProblems", () => {
  it("accepts values of the right types, tokens included, and props left out", () => {
    expect(findPropTypeProblems({ name: "x", days: 3, tags: ["a"], labels: { a: "b" }, on: false }, TYPES)).toEqual([]);
    expect(
      findPropTypeProblems(
        { name: Token.asString({ Ref: "n" }), days: Token.asNumber({ Ref: "d" }), tags: Token.asList({ Ref: "t" }) },
        TYPES,
      ),
    ).toEqual([]);
    expect(findPropTypeProblems({ name: "x", days: undefined }, TYPES)).toEqual([]);
  });

  it("names the prop, the value received and what is allowed, down to the element", () => {
    expect(
      findPropTypeProblems({ name: 1, days: "3", tags: ["a", null], labels: { team: 7 }, on: "false" }, TYPES),
    ).toEqual([
      "name must be a string, got 1",
      "days must be a number, got '3'",
      "tags[1] must be a string, got null",
      "labels.team must be a string, got 7",
      "on must be true or false, got 'false'",
    ]);
    expect(findPropTypeProblems({ name: "x", tags: "a,b", labels: ["x"] }, TYPES)).toEqual([
      "tags must be a list of strings, got 'a,b'",
      `labels must be an object of strings, got ["x"]`,
    ]);
  });

  it("rejects props that are no object, a missing required prop and an unknown one", () => {
    expect(findPropTypeProblems(null, TYPES)).toEqual(["props must be an object, got null"]);
    expect(findPropTypeProblems("x", TYPES)).toEqual(["props must be an object, got 'x'"]);
    expect(findPropTypeProblems({ name: "x", tag: ["a"], zzz: 1 }, TYPES)).toEqual([
      "unknown prop 'tag': did you mean 'tags'?",
      "unknown prop 'zzz': expected one of name, days, tags, labels, on",
    ]);
    expect(findPropTypeProblems(undefined, TYPES)).toEqual(["name is required: give a string"]);
  });

  it("names the type of a value received whose text would pass for another type", () => {
    expect(findPropTypeProblems({ name: "x", days: 180n, tags: [1n] }, TYPES)).toEqual([
      "days must be a number, got 180n (a bigint)",
      "tags[0] must be a string, got 1n (a bigint)",
    ]);
  });
});
