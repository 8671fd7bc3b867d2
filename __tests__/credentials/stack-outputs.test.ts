import { OutputsError, credentialsFromOutputs } from "../../lib/credentials/stack-outputs";

const ids = { AZURE_CLIENT_ID: "client", AZURE_TENANT_ID: "tenant" };

describe("credentialsFromOutputs", () => {
  it("reads the file `cdktf output --outputs-file` writes", () => {
    const file = { corso: { ...ids, AZURE_CLIENT_SECRET: "s", client_secret_end_date: "2027-01-01T00:00:00Z" } };
    expect(credentialsFromOutputs(JSON.stringify(file))).toEqual({ ...ids, AZURE_CLIENT_SECRET: "s" });
  });

  it("reads `terraform output -json`, sensitive values included", () => {
    const json = {
      AZURE_CLIENT_ID: { sensitive: false, type: "string", value: "client" },
      AZURE_TENANT_ID: { sensitive: false, type: "string", value: "tenant" },
      AZURE_CLIENT_SECRET: { sensitive: true, type: "string", value: "s" },
      CORSO_PASSPHRASE: { sensitive: true, type: "string", value: "p" },
    };
    expect(credentialsFromOutputs(JSON.stringify(json))).toEqual({
      ...ids,
      AZURE_CLIENT_SECRET: "s",
      CORSO_PASSPHRASE: "p",
    });
  });

  it("picks the stack named with --stack, and asks for one when there are several", () => {
    const file = JSON.stringify({
      contoso: { ...ids, AZURE_CLIENT_SECRET: "a" },
      fabrikam: { ...ids, AZURE_CLIENT_SECRET: "b" },
    });
    expect(credentialsFromOutputs(file, "fabrikam").AZURE_CLIENT_SECRET).toBe("b");
    expect(() => credentialsFromOutputs(file)).toThrow(
      new OutputsError("the outputs hold several stacks (contoso, fabrikam): pick one with --stack NAME"),
    );
    expect(() => credentialsFromOutputs(file, "northwind")).toThrow(
      "the outputs hold no stack 'northwind': found contoso, fabrikam",
    );
  });

  it("names what is missing, with a hint for the secret cdktf leaves out", () => {
    expect(() => credentialsFromOutputs(JSON.stringify({ corso: ids }))).toThrow(
      "stack 'corso' lacks AZURE_CLIENT_SECRET (cdktf leaves sensitive outputs out unless given --outputs-file-include-sensitive-outputs)",
    );
  });

  it("rejects malformed input with the reason", () => {
    expect(() => credentialsFromOutputs("{")).toThrow(/^the outputs are not JSON: /);
    expect(() => credentialsFromOutputs("[]")).toThrow("the outputs are not a JSON object");
    expect(() => credentialsFromOutputs("{}")).toThrow("the outputs hold no stack");
    expect(() => credentialsFromOutputs(JSON.stringify({ corso: { ...ids, AZURE_CLIENT_SECRET: 42 } }))).toThrow(
      "AZURE_CLIENT_SECRET in stack 'corso' is 42: expected a non-empty string",
    );
  });
});
