import {
  OutputsError,
  describeValue,
  pickCorsoStack,
  quoteName,
  readEveryStackOutputs,
  readStackOutputs,
} from "../../lib/credentials/stack-outputs";

const terraformJson = {
  AZURE_CLIENT_ID: { sensitive: false, type: "string", value: "client" },
  AZURE_CLIENT_SECRET: { sensitive: true, type: "string", value: "s" },
  client_secret_end_date: { sensitive: false, type: "string", value: "2027-01-01T00:00:00Z" },
};

describe("readStackOutputs", () => {
  it("reads `terraform output -json` with which outputs are sensitive", () => {
    const outputs = readStackOutputs(JSON.stringify(terraformJson));
    expect(outputs.shape).toBe("terraform");
    expect(outputs.stack).toBeUndefined();
    expect(Object.fromEntries(outputs.values)).toEqual({
      AZURE_CLIENT_ID: "client",
      AZURE_CLIENT_SECRET: "s",
      client_secret_end_date: "2027-01-01T00:00:00Z",
    });
    expect([...outputs.sensitive]).toEqual(["AZURE_CLIENT_SECRET"]);
    expect(outputs.where).toBe("`terraform output -json`");
  });

  it("reads the file `cdktf output --outputs-file` writes, non-secret outputs included", () => {
    const file = { corso: { AZURE_CLIENT_ID: "client", client_secret_end_date: "2027-01-01T00:00:00Z" } };
    const outputs = readStackOutputs(JSON.stringify(file));
    expect(outputs).toMatchObject({ shape: "cdktf", stack: "corso", where: "stack 'corso'" });
    expect(outputs.values.get("client_secret_end_date")).toBe("2027-01-01T00:00:00Z");
  });

  it("picks the stack named, and asks for one when there are several", () => {
    const file = JSON.stringify({ contoso: { a: "1" }, fabrikam: { a: "2" } });
    expect(readStackOutputs(file, { stack: "fabrikam" }).values.get("a")).toBe("2");
    expect(() => readStackOutputs(file)).toThrow(
      new OutputsError("the outputs hold several stacks ('contoso', 'fabrikam'): pick one with --stack NAME"),
    );
    expect(() => readStackOutputs(file, { stack: "fabrikan" })).toThrow(
      "the outputs hold no stack 'fabrikan': found 'contoso', 'fabrikam'; did you mean 'fabrikam'?",
    );
  });

  it("rejects --stack for `terraform output -json`, which is one stack's", () => {
    expect(() => readStackOutputs(JSON.stringify(terraformJson), { stack: "corso" })).toThrow(
      "--stack 'corso' picks a stack of a cdktf outputs file, but these are one stack's `terraform output -json`",
    );
  });

  it("never takes an inherited property for a stack or an output", () => {
    const file = JSON.stringify({ corso: { a: "1" } });
    expect(() => readStackOutputs(file, { stack: "__proto__" })).toThrow("the outputs hold no stack '__proto__'");
    expect(() => readStackOutputs(file, { stack: "toString" })).toThrow("the outputs hold no stack 'toString'");
    expect(readStackOutputs(file).values.has("constructor")).toBe(false);
  });

  it("reads outputs saved with a byte-order mark", () => {
    expect(readStackOutputs("\uFEFF" + JSON.stringify(terraformJson)).values.get("AZURE_CLIENT_ID")).toBe("client");
  });

  it.each([
    ["empty input", "", "the outputs are not valid JSON: the input is empty; expected"],
    ["an empty object", "{}", "the outputs are empty ({}): `terraform output -json` prints {} until"],
    ["an array", "[]", "the outputs are an array, not a JSON object"],
    ["a string", '"x"', "the outputs are a string of 1 character, not a JSON object"],
    ["no stack object", '{"corso": 1}', "the outputs hold no stack"],
    ["UTF-16 text", "{\u0000}\u0000", "the outputs are not UTF-8 text (they hold NUL bytes, as UTF-16 does)"],
  ])("rejects %s with the reason", (_, text, message) => {
    expect(() => readStackOutputs(text)).toThrow(message);
  });

  it("rejects broken JSON with its position and without quoting the text, which may hold a secret", () => {
    const text = '{\n  "corso": {\n    "AZURE_CLIENT_SECRET": "Q~hunter2-secret\n';
    let message = "";
    try {
      readStackOutputs(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^the outputs are not valid JSON \(line 3, column \d+\); expected `terraform output -json`/,
    );
    expect(message).not.toContain("hunter2");
  });
});

describe("messages about values read from the input", () => {
  it("describe a value by its type and length, never by its content", () => {
    expect(["Q~secret", "", 42, true, null, [1], { a: 1 }, undefined].map(describeValue)).toEqual([
      "a string of 8 characters",
      "an empty string",
      "a number",
      "a boolean",
      "null",
      "an array",
      "an object",
      "nothing",
    ]);
  });

  it("quote names with control characters escaped and long ones cut short", () => {
    expect(quoteName("a\u001b[31mred\nb")).toBe("'a\\u001b[31mred\\u000ab'");
    expect(quoteName("corso\u202egnp\u2066")).toBe("'corso\\u{202E}gnp\\u{2066}'");
    expect(quoteName("x".repeat(100))).toBe(`'${"x".repeat(80)}...'`);
  });
});

describe("pickCorsoStack, for a host project's outputs file with stacks of its own", () => {
  const every = (file: object) => readEveryStackOutputs(JSON.stringify(file));

  it("picks the one stack with the Corso output and notes each other stack", () => {
    const picked = pickCorsoStack(
      every({ network: { vnet: "v" }, backup: { AZURE_CLIENT_ID: "c" }, dns: {} }),
      "AZURE_CLIENT_ID",
    );
    expect(picked.outputs.stack).toBe("backup");
    expect(picked.skipped).toEqual([
      "skipping stack 'network': it has no output 'AZURE_CLIENT_ID'",
      "skipping stack 'dns': it has no output 'AZURE_CLIENT_ID'",
    ]);
  });

  it("fails when no stack has the output, saying what the stack needs, and when several do", () => {
    expect(() => pickCorsoStack(every({ network: { vnet: "v" }, dns: {} }), "AZURE_CLIENT_ID")).toThrow(
      new OutputsError(
        "no stack in the outputs ('network', 'dns') has output 'AZURE_CLIENT_ID': output a CorsoAppRegistration's " +
          "credentials in your stack and deploy it, or name the stack with --stack and its outputs with the output options",
      ),
    );
    expect(() =>
      pickCorsoStack(every({ a: { AZURE_CLIENT_ID: "1" }, b: { AZURE_CLIENT_ID: "2" } }), "AZURE_CLIENT_ID"),
    ).toThrow("the outputs hold several Corso stacks ('a', 'b'): pick one with --stack NAME");
  });
});
