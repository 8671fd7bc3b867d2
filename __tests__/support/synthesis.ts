import { mkdtempSync } from "node:fs";
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
