import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, Lazy, TerraformOutput, TerraformStack } from "cdktf";
import { CorsoValidationError } from "../../lib/common";
import { synthesizeWithoutCreationStacks, withoutCreationStacks } from "../../lib/app/creation-stacks";

/** A cdktf token with its creation stack, as cdktf makes one for every attribute reference. */
function lazyToken() {
  return Lazy.anyValue({ produce: () => "value" });
}

/** An output whose value fails to resolve at synthesis, made here, where the error should point. */
function addBrokenOutput(app: App): void {
  const value = Lazy.stringValue({
    produce: () => {
      throw new Error("no value to give");
    },
  });
  new TerraformOutput(new TerraformStack(app, "contoso"), "broken", { value });
}

function newOutdir(): string {
  return join(mkdtempSync(join(tmpdir(), "corso-stacks-")), "cdktf.out");
}

describe("withoutCreationStacks", () => {
  it("leaves the creation stack of cdktf's tokens empty while it runs, and records them again afterwards", () => {
    expect(withoutCreationStacks(lazyToken).creationStack).toEqual([]);
    expect(lazyToken().creationStack.join("\n")).toContain("lazyToken");
  });

  it("keeps the stack trace of errors and of any other object captured meanwhile, from the same frame", () => {
    class MarkedError extends Error {
      constructor() {
        super("marked");
        Error.captureStackTrace(this, MarkedError);
      }
    }
    const here = /^ {4}at .*creation-stacks\.test\.ts:\d+/;
    const [error, marked, other] = withoutCreationStacks(() => {
      const holder: { stack?: string; note: string } = { note: "not cdktf's" };
      Error.captureStackTrace(holder);
      return [new Error("plain"), new MarkedError(), holder];
    });
    for (const captured of [error, marked, other]) {
      expect(captured.stack?.split("\n")[1]).toMatch(here);
    }
  });

  it("puts Error.captureStackTrace back when what it runs throws", () => {
    const capture = Error.captureStackTrace;
    expect(() =>
      withoutCreationStacks(() => {
        throw new Error("stop");
      }),
    ).toThrow("stop");
    expect(Error.captureStackTrace).toBe(capture);
  });
});

describe("synthesizeWithoutCreationStacks", () => {
  it("builds the app once when synthesis succeeds", () => {
    const outdir = newOutdir();
    const build = jest.fn((app: App) => {
      new TerraformOutput(new TerraformStack(app, "contoso"), "x", { value: "contoso" });
    });
    expect(synthesizeWithoutCreationStacks({ outdir }, build)).toEqual(["contoso"]);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it("fails with where the unresolvable token was made, synthesizing again with creation stacks, writing nothing", () => {
    const outdir = newOutdir();
    const build = jest.fn(addBrokenOutput);
    expect(() => synthesizeWithoutCreationStacks({ outdir }, build)).toThrow(
      /^Resolution error: no value to give\.\nObject creation stack:\n(.|\n)* at .*creation-stacks\.test\.ts:\d+/,
    );
    expect(build).toHaveBeenCalledTimes(2);
    expect(readdirSync(join(outdir, ".."))).toEqual([]);
  });

  it("fails at once on a mistake in the input", () => {
    const build = jest.fn(() => {
      throw new CorsoValidationError("config", ["wrong"]);
    });
    expect(() => synthesizeWithoutCreationStacks({ outdir: newOutdir() }, build)).toThrow("config: wrong");
    expect(build).toHaveBeenCalledTimes(1);
  });
});
