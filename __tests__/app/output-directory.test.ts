import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { synthesizeInto } from "../../lib/app/output-directory";

/** Stacks with one output each, as a stand-in for tenants. */
function buildStacks(...names: string[]) {
  return (app: App) => {
    for (const name of names) new TerraformOutput(new TerraformStack(app, name), "x", { value: name });
  };
}

function newProject(): string {
  return mkdtempSync(join(tmpdir(), "corso-out-"));
}

describe("synthesizeInto", () => {
  it("writes each stack and the manifest, and leaves nothing else beside the output", () => {
    const project = newProject();
    const outdir = join(project, "cdktf.out");
    expect(synthesizeInto({ outdir }, buildStacks("contoso", "fabrikam"))).toEqual(["contoso", "fabrikam"]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["contoso", "fabrikam"]);
    expect(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks).toHaveProperty("fabrikam");
    expect(readdirSync(project)).toEqual(["cdktf.out"]);
  });

  it("removes the directory of a stack no longer in the app, and keeps Terraform's data in the others", () => {
    const outdir = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso", "fabrikam"));
    mkdirSync(join(outdir, "stacks/contoso/.terraform/providers"), { recursive: true });
    writeFileSync(join(outdir, "stacks/contoso/.terraform/terraform.tfstate"), "{}");
    mkdirSync(join(outdir, "stacks/fabrikam/.terraform"), { recursive: true });
    writeFileSync(join(outdir, "stacks/fabrikam/.terraform/terraform.tfstate"), "{}");
    synthesizeInto({ outdir }, buildStacks("contoso"));
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["contoso"]);
    expect(existsSync(join(outdir, "stacks/contoso/.terraform/providers"))).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks)).toEqual(["contoso"]);
  });

  it("leaves the deletion of stale directories to the cdktf CLI when it runs the app, still checking them for state", () => {
    const outdir = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso", "fabrikam"));
    synthesizeInto({ outdir, removeStale: false }, buildStacks("contoso"));
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["contoso", "fabrikam"]);
    writeFileSync(join(outdir, "stacks/fabrikam/terraform.tfstate"), "{}");
    expect(() => synthesizeInto({ outdir, removeStale: false }, buildStacks("contoso"))).toThrow(
      "stack 'fabrikam' is no longer in the app",
    );
  });

  it("fails, changing nothing, when a stack no longer in the app still holds Terraform state", () => {
    const outdir = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso", "fabrikam"));
    const state = join(outdir, "stacks/fabrikam/terraform.tfstate.d/prod/terraform.tfstate");
    mkdirSync(join(state, ".."), { recursive: true });
    writeFileSync(state, "{}");
    const manifest = readFileSync(join(outdir, "manifest.json"), "utf8");
    expect(() => synthesizeInto({ outdir }, buildStacks("contoso"))).toThrow(
      `${outdir}: stack 'fabrikam' is no longer in the app, but ${state} holds its Terraform state: ` +
        "destroy what it manages or move the state elsewhere, then delete that directory; nothing was synthesized",
    );
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["contoso", "fabrikam"]);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe(manifest);
  });

  it("fails, changing nothing, when a stack's own directory holds state, as a relative path once put it there", () => {
    const outdir = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso"));
    writeFileSync(join(outdir, "stacks/contoso/state.tfstate"), "{}");
    const before = readFileSync(join(outdir, "stacks/contoso/cdk.tf.json"), "utf8");
    expect(() => synthesizeInto({ outdir }, buildStacks("contoso"))).toThrow(
      `${join(outdir, "stacks/contoso/state.tfstate")} holds Terraform state, which is never kept in the synthesis output`,
    );
    expect(readFileSync(join(outdir, "stacks/contoso/cdk.tf.json"), "utf8")).toBe(before);
  });

  it("writes nothing at all when building the app fails", () => {
    const project = newProject();
    expect(() =>
      synthesizeInto({ outdir: join(project, "cdktf.out") }, () => {
        throw new Error("wrong input");
      }),
    ).toThrow("wrong input");
    expect(readdirSync(project)).toEqual([]);
  });
});
