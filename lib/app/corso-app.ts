import type { App } from "cdktf";
import { CorsoValidationError } from "../common";
import { readCorsoConfig } from "./config-file";
import { CorsoStack } from "./corso-stack";
import { synthesizeWithoutCreationStacks } from "./creation-stacks";
import { readAppEnvironment } from "./environment";
import { addTenantStacks } from "./tenant-stacks";

/**
 * This project's app, as `npm run synth` and `cdktf synth` run it: every input is checked first
 * (the environment, then the config file), and the synthesis replaces `cdktf.out` only once it is
 * complete, so that a mistake leaves nothing behind. With a config file, one stack per tenant;
 * without, the `corso` stack with Corso's documented registration.
 */
export function synthesizeCorsoApp(env: NodeJS.ProcessEnv): string[] {
  const settings = readAppEnvironment(env);
  const config = readCorsoConfig(settings.configPath, settings.configRequired);
  if (config !== undefined && settings.keyVault !== undefined) {
    throw new CorsoValidationError("environment", [
      `CORSO_KEY_VAULT_ID applies to the default stack only, and ${settings.configPath} lists the tenants: ` +
        "give each tenant its keyVault there, and unset the variable",
    ]);
  }
  // Stack traces stay out of the manifest so that synthesis is the same on every machine.
  const context = { "@cdktf/disable_stack_trace_in_metadata": true };
  // The cdktf CLI deletes the directories of stacks no longer synthesized itself, once the app has
  // exited, and fails on one already gone (cli-core/src/lib/synth-stack.ts in hashicorp/terraform-cdk);
  // it passes SYNTH_HCL_OUTPUT to every app it runs. The state check above that deletion stays ours.
  const removeStale = env.SYNTH_HCL_OUTPUT === undefined;
  const options = { outdir: settings.outdir, context, removeStale };
  const build = (app: App): void => {
    if (config !== undefined) {
      addTenantStacks(app, config);
    } else {
      new CorsoStack(app, "corso", { keyVault: settings.keyVault });
    }
  };
  return synthesizeWithoutCreationStacks(options, build);
}
