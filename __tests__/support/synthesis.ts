import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { CorsoStack, CorsoStackProps } from "../../lib/app";

/** Synthesizes CorsoStacks (name -> props) into a new temporary directory, as `npm run synth` would. */
export function synthesizeTo(stacks: Record<string, CorsoStackProps>): string {
  const outdir = mkdtempSync(join(tmpdir(), "corso-review-"));
  const app = new App({ outdir, context: { "@cdktf/disable_stack_trace_in_metadata": true } });
  for (const [name, props] of Object.entries(stacks)) {
    new CorsoStack(app, name, props);
  }
  app.synth();
  return outdir;
}

/** A stack's Terraform JSON, as the review tests take it apart and put it back together. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

/** Writes a synthesis directory by hand: a manifest and one `cdk.tf.json` per stack (name -> JSON). */
export function writeSynthesis(stacks: Record<string, StackJson>): string {
  const outdir = mkdtempSync(join(tmpdir(), "corso-review-"));
  const manifest: StackJson = { version: "0.21.0", stacks: {} };
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(outdir, "stacks", name), { recursive: true });
    writeFileSync(join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
    manifest.stacks[name] = {
      name,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
    };
  }
  writeFileSync(join(outdir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return outdir;
}

/** The default stack's Terraform JSON, synthesized once per test file; each call returns a fresh copy. */
export function defaultStackJson(): StackJson {
  defaultJson ??= readFileSync(join(synthesizeTo({ corso: {} }), "stacks/corso/cdk.tf.json"), "utf8");
  return JSON.parse(defaultJson) as StackJson;
}
let defaultJson: string | undefined;
