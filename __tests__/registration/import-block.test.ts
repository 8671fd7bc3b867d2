import { TerraformStack, Testing } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { ImportBlock } from "../../lib/registration/import-block";

const ID = "/applications/b029eba0-8f64-4007-99a6-7dd8b72665ab";

/** One stack importing an application with cdktf's importFrom, one with ImportBlock. */
function both(hcl: boolean, alias?: string) {
  const out = (name: string, withBlock: boolean) => {
    const app = Testing.app({ hcl } as never);
    const stack = new TerraformStack(app, name);
    const provider = new AzureadProvider(stack, "azuread", { alias });
    const application = new Application(stack, "Application", { displayName: "Corso", provider });
    if (withBlock)
      new ImportBlock(stack, "Import", { to: application, id: ID, provider: alias ? provider : undefined });
    else application.importFrom(ID, alias ? provider : undefined);
    return hcl ? Testing.synthHcl(stack) : Testing.synth(stack);
  };
  return { importFrom: out("s", false), block: out("s", true) };
}

describe("ImportBlock", () => {
  it("writes the import block cdktf's importFrom writes, in JSON and HCL, with or without a provider alias", () => {
    for (const hcl of [false, true]) {
      for (const alias of [undefined, "contoso"]) {
        const { importFrom, block } = both(hcl, alias);
        expect(block).toBe(importFrom);
      }
    }
    expect(both(true).block).toContain(`import {\nto = azuread_application.Application\nid = "${ID}"\n}`);
    expect(JSON.parse(both(false, "contoso").block).import).toEqual([
      { id: ID, provider: "azuread.contoso", to: "azuread_application.Application" },
    ]);
  });

  it("synthesizes with cdktf's validations where no terraform binary is installed, as a review job does", () => {
    // cdktf reads the binary's name once, when it loads: a fresh copy looks for one that does not exist.
    process.env.TERRAFORM_BINARY_NAME = "corso-test-no-terraform";
    try {
      jest.isolateModules(() => {
        /* eslint-disable @typescript-eslint/no-require-imports */
        const fresh = {
          cdktf: require("cdktf") as typeof import("cdktf"),
          provider:
            require("@cdktf/provider-azuread/lib/provider") as typeof import("@cdktf/provider-azuread/lib/provider"),
          application:
            require("@cdktf/provider-azuread/lib/application") as typeof import("@cdktf/provider-azuread/lib/application"),
          block: require("../../lib/registration/import-block") as typeof import("../../lib/registration/import-block"),
        };
        /* eslint-enable @typescript-eslint/no-require-imports */
        const synthesis = (importing: (application: Application) => void) => {
          const stack = new fresh.cdktf.TerraformStack(fresh.cdktf.Testing.app(), "s");
          new fresh.provider.AzureadProvider(stack, "azuread", {});
          importing(new fresh.application.Application(stack, "Application", { displayName: "Corso" }));
          return () => fresh.cdktf.Testing.synth(stack, true);
        };
        const block = synthesis((to) => new fresh.block.ImportBlock(to, "Import", { to, id: ID }));
        expect(JSON.parse(block()).import).toEqual([{ id: ID, to: "azuread_application.Application" }]);
        expect(synthesis((application) => application.importFrom(ID))).toThrow(
          /Could not determine version of corso-test-no-terraform/,
        );
      });
    } finally {
      delete process.env.TERRAFORM_BINARY_NAME;
    }
  });
});
