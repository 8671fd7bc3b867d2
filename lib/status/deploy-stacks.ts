import { isAbsolute, join, relative, resolve } from "node:path";
import { FileError, displayText, readTextFile } from "../common";
import { quoteName } from "../credentials";

/** Raised for a synthesis that cannot be read, or whose stacks a scheduled pipeline must not apply; its paths made safe to display. */
export class DeployStacksError extends Error {
  constructor(message: string) {
    super(displayText(message));
    this.name = "DeployStacksError";
  }
}

/** One stack of a synthesis and where it keeps its state. */
export interface DeployStack {
  readonly name: string;
  /** The Terraform backend (`azurerm`, `local`, ...) or `cloud` for HCP Terraform. */
  readonly state: string;
}

/**
 * Lists the stacks of a synthesis directory (`cdktf.out`) with where each keeps its state, read
 * from `manifest.json` and each stack's `cdk.tf.json`. The files are data: a stack path that
 * leaves the directory is refused.
 */
export function readDeployStacks(dir: string): DeployStack[] {
  let manifest: unknown;
  try {
    manifest = readJson(join(dir, "manifest.json"));
  } catch (error) {
    throw new DeployStacksError(`${dir} is no cdktf synthesis (${(error as Error).message}): synthesize first`);
  }
  const stacks = isObject(manifest) ? manifest.stacks : undefined;
  if (!isObject(stacks)) {
    throw new DeployStacksError(`${join(dir, "manifest.json")} lists no stacks: is ${dir} a cdktf synthesis?`);
  }
  return Object.entries(stacks).map(([name, entry]) => {
    const path = isObject(entry) && typeof entry.synthesizedStackPath === "string" ? entry.synthesizedStackPath : "";
    const file = resolve(dir, path);
    const inside = relative(resolve(dir), file);
    if (path === "" || inside.startsWith("..") || isAbsolute(inside)) {
      throw new DeployStacksError(
        `${join(dir, "manifest.json")}: stack ${quoteName(name)} has no synthesized file inside ${dir}`,
      );
    }
    return { name, state: stateOf(readJson(file)) };
  });
}

/**
 * The stacks a scheduled pipeline may apply: every stack, provided none keeps its state in a local
 * file, which a CI runner discards after each run (the next run would create every resource again).
 */
export function scheduledStacks(stacks: readonly DeployStack[]): string[] {
  const local = stacks.filter((s) => s.state === "local").map((s) => quoteName(s.name));
  if (local.length > 0) {
    throw new DeployStacksError(
      `stack${local.length > 1 ? "s" : ""} ${local.join(", ")} keep${local.length > 1 ? "" : "s"} Terraform state in a local file, ` +
        "which a CI runner loses after each run, so the next run would create the registration again: " +
        'give them a remote backend ("azurerm" or "cloud") in corso.config.json, then move the state there with terraform init -migrate-state',
    );
  }
  return stacks.map((s) => s.name);
}

function stateOf(json: unknown): string {
  const terraform = isObject(json) && isObject(json.terraform) ? json.terraform : {};
  if (isObject(terraform.cloud)) return "cloud";
  const backends = isObject(terraform.backend) ? Object.keys(terraform.backend) : [];
  // Without a backend block Terraform keeps state in a local file.
  return backends[0] ?? "local";
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    throw error instanceof FileError ? new DeployStacksError(error.message) : error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DeployStacksError(`${file} is not valid JSON`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
