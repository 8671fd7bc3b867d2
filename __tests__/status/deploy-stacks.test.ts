import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { addBackend } from "../../lib/app";
import type { BackendConfig } from "../../lib/app";
import { readDeployStacks, scheduledStacks } from "../../lib/status";

/** Synthesizes one empty stack per backend into a new directory, as `npm run synth` lays it out. */
function synthesize(backends: Record<string, BackendConfig | undefined>): string {
  const outdir = mkdtempSync(join(tmpdir(), "corso-deploy-stacks-"));
  const app = new App({ outdir, context: { "@cdktf/disable_stack_trace_in_metadata": true } });
  for (const [name, backend] of Object.entries(backends)) {
    addBackend(new TerraformStack(app, name), backend, name);
  }
  app.synth();
  return outdir;
}

const azurerm: BackendConfig = { type: "azurerm", storageAccountName: "corsostate", containerName: "tfstate" };

describe("readDeployStacks and scheduledStacks", () => {
  it("lists every stack kept in remote state, for a CI matrix", () => {
    const dir = synthesize({ contoso: azurerm, fabrikam: { type: "cloud", organization: "contoso" } });
    expect(readDeployStacks(dir)).toEqual([
      { name: "contoso", state: "azurerm" },
      { name: "fabrikam", state: "cloud" },
    ]);
    expect(scheduledStacks(readDeployStacks(dir))).toEqual(["contoso", "fabrikam"]);
  });

  it("refuses stacks that keep their state in a local file, which a runner loses", () => {
    const dir = synthesize({
      contoso: azurerm,
      fabrikam: undefined,
      tailspin: { type: "local", path: "state/{name}.tfstate" },
    });
    expect(() => scheduledStacks(readDeployStacks(dir))).toThrow(
      "stacks 'fabrikam', 'tailspin' keep Terraform state in a local file, which a CI runner loses after each run, " +
        'so the next run would create the registration again: give them a remote backend ("azurerm" or "cloud") ' +
        "in corso.config.json, then move the state there with terraform init -migrate-state",
    );
  });

  it("rejects a manifest whose stack file lies outside the synthesis", () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-deploy-stacks-"));
    const stacks = { corso: { synthesizedStackPath: "../../etc/cdk.tf.json" } };
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks }));
    expect(() => readDeployStacks(dir)).toThrow(`stack 'corso' has no synthesized file inside ${dir}`);
  });

  it("says when a directory is no synthesis", () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-deploy-stacks-"));
    expect(() => readDeployStacks(dir)).toThrow(
      `${dir} is no cdktf synthesis (cannot read ${join(dir, "manifest.json")}: no such file or directory): synthesize first`,
    );
    writeFileSync(join(dir, "manifest.json"), "[]");
    expect(() => readDeployStacks(dir)).toThrow(`${join(dir, "manifest.json")} lists no stacks`);
  });
});
