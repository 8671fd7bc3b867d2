import childProcess from "node:child_process";
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

  it("synthesizes without running terraform, which importFrom's validation does once per imported object", () => {
    const synthesis = (importing: (application: Application) => void) => {
      const stack = new TerraformStack(Testing.app(), "s");
      new AzureadProvider(stack, "azuread", {});
      importing(new Application(stack, "Application", { displayName: "Corso" }));
      return stack;
    };
    // cdktf runs `terraform version` through child_process.execSync (lib/validations/validate-binary-version.ts).
    const execSync = jest.spyOn(childProcess, "execSync").mockReturnValue(Buffer.from("Terraform v1.11.4\n"));
    try {
      const block = synthesis((to) => new ImportBlock(to, "Import", { to, id: ID }));
      expect(JSON.parse(Testing.synth(block, true)).import).toEqual([
        { id: ID, to: "azuread_application.Application" },
      ]);
      expect(execSync).not.toHaveBeenCalled();
      Testing.synth(
        synthesis((application) => application.importFrom(ID)),
        true,
      );
      expect(execSync.mock.calls.map(([command]) => command)).toEqual(["terraform version"]);
    } finally {
      execSync.mockRestore();
    }
  });
});
