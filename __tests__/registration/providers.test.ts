import { Construct } from "constructs";
import { TerraformStack, Testing } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { ensureDefaultProvider, findDefaultProvider, findProviderProblems } from "../../lib/registration/providers";

const addTime = (scope: Construct) => ensureDefaultProvider(scope, "time", (s, id) => new TimeProvider(s, id));
const timeBlocks = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)).provider?.time ?? [];

describe("ensureDefaultProvider", () => {
  it("adds one provider at synthesis, however many constructs ask for it", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    addTime(new Construct(stack, "a"));
    addTime(new Construct(stack, "b"));
    expect(findDefaultProvider(stack, "time")).toBeUndefined();
    expect(timeBlocks(stack)).toEqual([{}]);
    expect(findDefaultProvider(stack, "time")?.node.id).toBe("corso-default-time");
  });

  it.each(["time", "clock"])("uses the stack's own provider declared afterwards with id '%s', and adds none", (id) => {
    const stack = new TerraformStack(Testing.app(), "s");
    addTime(stack);
    const own = new TimeProvider(stack, id);
    expect(timeBlocks(stack)).toEqual([{}]);
    expect(findDefaultProvider(stack, "time")).toBe(own);
  });

  it("adds the unaliased provider next to an aliased one of the same type", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    addTime(stack);
    new TimeProvider(stack, "corso-default-time", { alias: "other" });
    expect(timeBlocks(stack)).toEqual([{ alias: "other" }, {}]);
    expect(findDefaultProvider(stack, "time")?.node.id).toBe("corso-default-time-2");
  });

  it("gives way to a provider the stack declares between two syntheses", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    addTime(stack);
    expect(timeBlocks(stack)).toEqual([{}]);
    const own = new TimeProvider(stack, "clock");
    expect(timeBlocks(stack)).toHaveLength(1);
    expect(findDefaultProvider(stack, "time")).toBe(own);
    expect(stack.node.tryFindChild("corso-default-time")).toBeUndefined();
  });
});

describe("findProviderProblems", () => {
  const hint = "an AzureadProvider";

  it("accepts a provider of the type from the construct's stack, aliased or not", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const aliased = new AzureadProvider(stack, "contoso", { alias: "contoso" });
    expect(findProviderProblems(stack, aliased, "azuread", "provider", hint)).toEqual([]);
    expect(findProviderProblems(stack, undefined, "azuread", "provider", hint)).toEqual([]);
  });

  it("rejects a provider of another type", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const time = new TimeProvider(stack, "time");
    expect(findProviderProblems(stack, time, "azuread", "provider", hint)).toEqual([
      "provider is a time provider ('s/time'), not an azuread provider: pass an AzureadProvider",
    ]);
  });

  it("rejects a value that is not a provider", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(findProviderProblems(stack, "azuread", "azuread", "provider", hint)).toEqual([
      "provider 'azuread' is not a Terraform provider: pass an AzureadProvider",
    ]);
    expect(findProviderProblems(stack, { alias: "x" }, "azuread", "provider", hint)).toEqual([
      "provider (a plain object) is not a Terraform provider: pass an AzureadProvider",
    ]);
  });

  it("rejects a provider declared in another stack", () => {
    const app = Testing.app();
    const other = new AzureadProvider(new TerraformStack(app, "other"), "azuread", {});
    expect(findProviderProblems(new TerraformStack(app, "mine"), other, "azuread", "provider", hint)).toEqual([
      "provider 'other/azuread' is declared in stack 'other', not in stack 'mine' where the construct is: " +
        "pass an azuread provider declared in the same stack",
    ]);
  });
});
