import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
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
  /** Whether the stack holds a `CorsoAppRegistration`; a host project's other stacks do not. */
  readonly registration: boolean;
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
    const json = readJson(file);
    return { name, state: stateOf(json), registration: hasRegistration(json) };
  });
}

/** One note per stack without a Corso registration, which the commands skip. */
export function describeSkippedStacks(stacks: readonly DeployStack[]): string[] {
  return stacks
    .filter((s) => !s.registration)
    .map((s) => `skipping stack ${quoteName(s.name)}: it has no Corso registration`);
}

/**
 * The stacks a scheduled pipeline may apply: those of synthesis `dir` that hold a Corso
 * registration (a host project's other stacks are not this pipeline's), provided none keeps its
 * state in a local file, which a CI runner discards after each run (the next run would create
 * every resource again). Hints fit the project: this repository's config file, or a cdktf app's own backend.
 */
export function scheduledStacks(stacks: readonly DeployStack[], dir = "cdktf.out"): string[] {
  const corso = stacks.filter((s) => s.registration);
  if (corso.length === 0) {
    const found = stacks.length === 0 ? "none" : stacks.map((s) => quoteName(s.name)).join(", ");
    throw new DeployStacksError(
      `no stack in ${dir} has a Corso registration (its stacks: ${found}): add a CorsoAppRegistration to a stack and synthesize your app first`,
    );
  }
  const local = corso.filter((s) => s.state === "local").map((s) => quoteName(s.name));
  if (local.length > 0) {
    const configFile = existsSync(join(dirname(resolve(dir)), "corso.config.json"));
    const where = configFile
      ? '("azurerm" or "cloud") in corso.config.json'
      : "in your cdktf app (an AzurermBackend or a cloud block on the stack)";
    throw new DeployStacksError(
      `stack${local.length > 1 ? "s" : ""} ${local.join(", ")} keep${local.length > 1 ? "" : "s"} Terraform state in a local file, ` +
        "which a CI runner loses after each run, so the next run would create the registration again: " +
        `give ${local.length > 1 ? "them" : "it"} a remote backend ${where}, then move the state there with terraform init -migrate-state`,
    );
  }
  return corso.map((s) => s.name);
}

// A CorsoAppRegistration synthesizes its application as <path>/Application next to Graph's
// service principal, read as <path>/MicrosoftGraph (lib/registration/corso-app-registration.ts).
function hasRegistration(json: unknown): boolean {
  const paths = (kind: string, type: string, child: string) => {
    const blocks = isObject(json) && isObject(json[kind]) && isObject(json[kind][type]) ? json[kind][type] : {};
    return Object.values(blocks).flatMap((block) => {
      const meta = isObject(block) && isObject(block["//"]) ? block["//"].metadata : undefined;
      const path = isObject(meta) ? meta.path : undefined;
      return typeof path === "string" && path.endsWith(`/${child}`) ? [path.slice(0, -child.length - 1)] : [];
    });
  };
  const graph = new Set(paths("data", "azuread_service_principal", "MicrosoftGraph"));
  return paths("resource", "azuread_application", "Application").some((path) => graph.has(path));
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
