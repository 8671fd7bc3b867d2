import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { Group } from "@cdktf/provider-azuread/lib/group";
import { CorsoAppRegistration } from "../../lib";
import { addBackend } from "../../lib/app";
import type { BackendConfig } from "../../lib/app";
import { describeSkippedStacks, readDeployStacks, scheduledStacks } from "../../lib/status";

/**
 * Synthesizes one stack per backend into a project's cdktf.out, as `npm run synth` lays it out:
 * each with a Corso registration, or, for the names in `others`, a stack of the project's own.
 */
function synthesize(backends: Record<string, BackendConfig | undefined>, others: string[] = []): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "corso-deploy-stacks-")), "cdktf.out");
  const app = new App({ outdir, context: { "@cdktf/disable_stack_trace_in_metadata": true } });
  for (const [name, backend] of Object.entries(backends)) {
    const stack = new TerraformStack(app, name);
    new AzureadProvider(stack, "azuread", {});
    if (others.includes(name)) new Group(stack, "Operators", { displayName: "operators", securityEnabled: true });
    else new CorsoAppRegistration(stack, "Corso", { owners: ["11111111-2222-4333-8444-555555555555"] });
    addBackend(stack, backend, name);
  }
  app.synth();
  return outdir;
}

const azurerm: BackendConfig = { type: "azurerm", storageAccountName: "corsostate", containerName: "tfstate" };

describe("readDeployStacks and scheduledStacks", () => {
  it("lists every Corso stack kept in remote state, for a CI matrix", () => {
    const dir = synthesize({ contoso: azurerm, fabrikam: { type: "cloud", organization: "contoso" } });
    expect(readDeployStacks(dir)).toEqual([
      { name: "contoso", state: "azurerm", registration: true },
      { name: "fabrikam", state: "cloud", registration: true },
    ]);
    expect(scheduledStacks(readDeployStacks(dir))).toEqual(["contoso", "fabrikam"]);
  });

  it("refuses stacks that keep their state in a local file, which a runner loses, pointing at corso.config.json in this project", () => {
    const dir = synthesize({
      contoso: azurerm,
      fabrikam: undefined,
      tailspin: { type: "local", path: "state/{name}.tfstate" },
    });
    writeFileSync(join(dir, "../corso.config.json"), "{}");
    expect(() => scheduledStacks(readDeployStacks(dir), dir)).toThrow(
      "stacks 'fabrikam', 'tailspin' keep Terraform state in a local file, which a CI runner loses after each run, " +
        'so the next run would create the registration again: give them a remote backend ("azurerm" or "cloud") ' +
        "in corso.config.json, then move the state there with terraform init -migrate-state",
    );
  });

  it("points a project without corso.config.json at its cdktf app's backend instead", () => {
    const dir = synthesize({ backup: undefined });
    expect(() => scheduledStacks(readDeployStacks(dir), dir)).toThrow(
      "stack 'backup' keeps Terraform state in a local file, which a CI runner loses after each run, so the next " +
        "run would create the registration again: give it a remote backend in your cdktf app (an AzurermBackend or " +
        "a cloud block on the stack), then move the state there with terraform init -migrate-state",
    );
  });

  it("skips a host project's stacks without a Corso registration, local state or not, with a note each", () => {
    const dir = synthesize({ network: undefined, backup: azurerm, identity: azurerm }, ["network", "identity"]);
    const stacks = readDeployStacks(dir);
    expect(scheduledStacks(stacks, dir)).toEqual(["backup"]);
    expect(describeSkippedStacks(stacks)).toEqual([
      "skipping stack 'identity': it has no Corso registration",
      "skipping stack 'network': it has no Corso registration",
    ]);
  });

  it("says when no stack has a Corso registration: the app is not synthesized with one yet", () => {
    const dir = synthesize({ network: azurerm }, ["network"]);
    expect(() => scheduledStacks(readDeployStacks(dir), "cdktf.out")).toThrow(
      "no stack in cdktf.out has a Corso registration (its stacks: 'network'): add a CorsoAppRegistration to a stack and synthesize your app first",
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
