import { TerraformStack, Testing } from "cdktf";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { defaultProvider, findDefaultProvider } from "../../lib/registration/providers";

describe("defaultProvider", () => {
  it("creates the provider once and then returns the same one", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const first = defaultProvider(stack, "time", (s) => new TimeProvider(s, "time"));
    const second = defaultProvider(stack, "time", (s) => new TimeProvider(s, "time-again"));
    expect(second).toBe(first);
  });

  it("ignores aliased providers, which resources do not use by default", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new TimeProvider(stack, "aliased", { alias: "other" });
    expect(findDefaultProvider(stack, "time")).toBeUndefined();
  });
});
