import { isAbsolute, posix, relative, resolve, sep } from "node:path";
import { App, AzurermBackend, CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import { show, throwIfProblems } from "../common";

/** Terraform state in a local file (the default). */
export interface LocalBackendConfig {
  readonly type: "local";
  /** The state file, relative to the project root; `{name}` is replaced by the stack's name. */
  readonly path?: string;
}

/** Terraform state in an Azure Storage blob, one per stack. */
export interface AzurermBackendConfig {
  readonly type: "azurerm";
  readonly storageAccountName: string;
  readonly containerName: string;
  readonly resourceGroupName?: string;
  readonly subscriptionId?: string;
  readonly tenantId?: string;
  readonly keyPrefix?: string;
  readonly useAzureadAuth?: boolean;
  readonly useOidc?: boolean;
  readonly useMsi?: boolean;
  readonly environment?: "public" | "usgovernment" | "china";
  readonly snapshot?: boolean;
}

/** Terraform state in HCP Terraform or Terraform Enterprise, one workspace per stack. */
export interface CloudBackendConfig {
  readonly type: "cloud";
  readonly organization: string;
  readonly workspacePrefix?: string;
  readonly hostname?: string;
}

/** Where a stack keeps its state: a config file's `backend`, as the config schema reads it. */
export type BackendConfig = LocalBackendConfig | AzurermBackendConfig | CloudBackendConfig;

/** Defaults that give each tenant's stack its own state in a shared backend. */
export const BACKEND_DEFAULTS = {
  azurermKeyPrefix: "corso/",
  cloudWorkspacePrefix: "corso-",
  cloudHostname: "app.terraform.io",
} as const;

/** The placeholder a local state path may hold, replaced by the stack's name. */
export const NAME_PLACEHOLDER = "{name}";

/**
 * The context key under which the app's synthesis gives the output directory the stacks are moved
 * into (it writes them beside it first), so that local state paths can be written from there.
 */
export const OUTDIR_CONTEXT = "corso:outdir";
// Where cdktf puts a stack's directory, in which Terraform runs (cdktf Manifest.stacksFolder).
const STACKS_FOLDER = "stacks";
// Stack names: lowercase letters, digits and dashes, at most 63 (config-schema.ts).
const LONGEST_STACK_NAME = 63;
// Azure blob names: at most 1024 characters; "." and ".." segments are resolved away by URLs
// (https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#blob-names).
const BLOB_NAME_LENGTH = 1024;
const KEY_PREFIX_LENGTH = BLOB_NAME_LENGTH - LONGEST_STACK_NAME - ".tfstate".length;
// HCP Terraform workspace names: letters, digits, - and _, at most 90 characters
// (https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create).
const WORKSPACE_NAME_LENGTH = 90;

// Line breaks, tabs and other control characters have no place in a backend setting.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** A check of one backend field: the test its text must pass and what is allowed, in words. */
interface FieldRule {
  readonly test: (value: string) => boolean;
  readonly allowed: string;
}

// Backend settings take no expressions: a template in one only breaks `terraform init`, so every
// setting is checked for template sequences first; those that name each stack's state, against
// their own rule too.
const FIELD_RULES: Readonly<Record<string, FieldRule>> = {
  keyPrefix: {
    test: (v) =>
      /^[A-Za-z0-9._/-]*$/.test(v) &&
      v.split("/").every((segment, i, all) => i === all.length - 1 || !["", ".", ".."].includes(segment)) &&
      v.length <= KEY_PREFIX_LENGTH,
    allowed:
      "a blob-name prefix of letters, digits, '.', '_', '-' and '/' between folder names, no folder named '.' or '..', " +
      `not starting with '/', at most ${KEY_PREFIX_LENGTH} characters`,
  },
  workspacePrefix: {
    test: (v) => /^[A-Za-z0-9_-]*$/.test(v) && v.length <= WORKSPACE_NAME_LENGTH - 1,
    allowed: `a workspace-name prefix of letters, digits, '-' and '_' (whole names at most ${WORKSPACE_NAME_LENGTH})`,
  },
};

/** A backend setting that would break `terraform init` or the one-state-per-tenant rule. */
export interface BackendProblem {
  /** The setting's name: `path`, `keyPrefix`. */
  readonly setting: string;
  /** What is wrong, starting with the value received: `'../x' leaves the project: ...`. */
  readonly problem: string;
}

/**
 * Every problem of a backend's settings: template sequences, paths that leave the project, key and
 * workspace prefixes that Azure or HCP Terraform would read otherwise or refuse. Only text settings
 * are looked at, so that it can check settings whose types are still unchecked.
 */
export function findBackendProblems(backend: BackendConfig | Readonly<Record<string, unknown>>): BackendProblem[] {
  const problems: BackendProblem[] = [];
  for (const [setting, value] of Object.entries(backend)) {
    if (typeof value !== "string") continue;
    const problem = settingProblem(setting, value);
    if (problem !== undefined) problems.push({ setting, problem: `${show(value)} ${problem}` });
  }
  return problems;
}

function settingProblem(setting: string, value: string): string | undefined {
  if (/[$%]\{/.test(value)) {
    return "holds '${' or '%{', which Terraform would read as an expression, and backend settings take plain text only: remove it";
  }
  if (CONTROL_CHARACTER.test(value)) return "holds a control character (a line break or tab, say): remove it";
  if (setting === "path") return localPathProblem(value);
  const rule = FIELD_RULES[setting];
  return rule === undefined || rule.test(value) ? undefined : `is not allowed: give ${rule.allowed}`;
}

/**
 * Where a stack's state lives, in words that are equal exactly when two stacks would share it:
 * `local file state/contoso.tfstate`, `azurerm blob corsostate/tfstate/corso/contoso.tfstate`.
 */
export function stateLocation(backend: BackendConfig | undefined, stackName: string): string {
  switch (backend?.type) {
    case undefined:
    case "local":
      return `local file ${projectStatePath(backend?.path, stackName)}`;
    case "azurerm":
      return (
        `azurerm blob ${backend.storageAccountName}/${backend.containerName}/` +
        `${backend.keyPrefix ?? BACKEND_DEFAULTS.azurermKeyPrefix}${stackName}.tfstate` +
        (backend.environment === undefined || backend.environment === "public" ? "" : ` (${backend.environment})`)
      );
    case "cloud":
      return `HCP Terraform workspace ${backend.hostname ?? BACKEND_DEFAULTS.cloudHostname}/${backend.organization}/${workspaceName(backend, stackName)}`;
  }
}

/**
 * The key under which two {@link stateLocation}s are the same state: Unicode NFC and lowercase. A
 * path typed on macOS arrives decomposed (`e` and U+0301) where another editor writes `é`; the
 * file systems of macOS and Windows, and Azure's blob and workspace names as most tools compare them,
 * would take the two for one.
 */
export function stateKey(location: string): string {
  return location.normalize("NFC").toLowerCase();
}

/** What is wrong with one stack's state in a backend whose settings are fine: a workspace name too long. */
export function stateProblem(backend: BackendConfig | undefined, stackName: string): BackendProblem | undefined {
  if (backend?.type !== "cloud") return undefined;
  const name = workspaceName(backend, stackName);
  return name.length > WORKSPACE_NAME_LENGTH
    ? {
        setting: "workspacePrefix",
        problem: `makes the workspace name ${show(name)}, ${name.length} characters long: HCP Terraform allows at most ${WORKSPACE_NAME_LENGTH}`,
      }
    : undefined;
}

/** The HCP Terraform workspace of a stack: `<workspacePrefix><name>`. */
export function workspaceName(backend: CloudBackendConfig, stackName: string): string {
  return `${backend.workspacePrefix ?? BACKEND_DEFAULTS.cloudWorkspacePrefix}${stackName}`;
}

/**
 * Configures where a stack keeps its Terraform state, one state per stack:
 * a local file (default), an Azure Storage blob (`<keyPrefix><stack>.tfstate`, locked by blob lease,
 * Entra ID auth unless turned off) or an HCP Terraform workspace (`<workspacePrefix><stack>`).
 * Settings that {@link findBackendProblems} rejects throw here too.
 */
export function addBackend(stack: TerraformStack, backend: BackendConfig | undefined, stackName: string): void {
  if (backend !== undefined) {
    throwIfProblems(
      "backend",
      findBackendProblems(backend).map(({ setting, problem }) => `${setting} ${problem}`),
    );
  }
  switch (backend?.type) {
    case undefined:
    case "local":
      new LocalBackend(stack, { path: localBackendPath(stack, projectStatePath(backend?.path, stackName), stackName) });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: `${backend.keyPrefix ?? BACKEND_DEFAULTS.azurermKeyPrefix}${stackName}.tfstate`,
        resourceGroupName: backend.resourceGroupName,
        subscriptionId: backend.subscriptionId,
        tenantId: backend.tenantId,
        useAzureadAuth: backend.useAzureadAuth ?? true,
        useOidc: backend.useOidc,
        useMsi: backend.useMsi,
        environment: backend.environment,
        snapshot: backend.snapshot,
      });
      return;
    case "cloud":
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(workspaceName(backend, stackName)),
      });
      return;
  }
}

/** A local state path from the project root, `{name}` replaced: `terraform.<stack>.tfstate` by default. */
function projectStatePath(path: string | undefined, stackName: string): string {
  return path === undefined
    ? `terraform.${stackName}.tfstate`
    : posix.normalize(path.split(NAME_PLACEHOLDER).join(stackName));
}

/**
 * A state path from the project root (the working directory of the synthesis) as the local backend
 * takes it: relative to the stack's directory, `<outdir>/stacks/<name>/`, where Terraform runs, so
 * that it names the same file wherever the output directory is, and synthesizes the same on every
 * machine for the same layout (cdktf's own default is an absolute path). The output directory is the
 * one the app's synthesis names, else the App's when it is relative (from the project root), else
 * `cdktf.out`. A path into the output directory is refused: synthesis replaces that directory.
 */
function localBackendPath(stack: TerraformStack, fromRoot: string, stackName: string): string {
  const appOutdir = App.of(stack).outdir;
  const given: unknown = stack.node.tryGetContext(OUTDIR_CONTEXT);
  const outdir = typeof given === "string" ? given : isAbsolute(appOutdir) ? "cdktf.out" : appOutdir;
  const root = process.cwd();
  const file = resolve(root, fromRoot);
  const fromOutdir = relative(resolve(root, outdir), file);
  if (fromOutdir === "" || !(fromOutdir === ".." || fromOutdir.startsWith(`..${sep}`) || isAbsolute(fromOutdir))) {
    const shown = relative(root, resolve(root, outdir));
    throwIfProblems("backend", [
      `path ${show(fromRoot)} is inside the output directory ${show(shown.startsWith("..") ? resolve(root, outdir) : shown)}, ` +
        "which is replaced on every synthesis: keep state elsewhere in the project",
    ]);
  }
  return relative(resolve(root, outdir, STACKS_FOLDER, stackName), file)
    .split(sep)
    .join("/");
}

/** Why a local state path is refused, or undefined when it is a file in the project. */
function localPathProblem(path: string): string | undefined {
  if (path.includes("\\")) return "holds a backslash: separate folders with '/'";
  if (posix.isAbsolute(path) || /^[A-Za-z]:/.test(path)) {
    return "is absolute: give a path relative to the project root (the folder holding cdktf.json), inside it";
  }
  if (/[{}]/.test(path.split(NAME_PLACEHOLDER).join(""))) {
    return `holds braces other than the placeholder ${NAME_PLACEHOLDER}`;
  }
  const normal = posix.normalize(path.split(NAME_PLACEHOLDER).join("x"));
  if (normal === ".." || normal.startsWith("../")) {
    return "leaves the project: give a path relative to the project root (the folder holding cdktf.json), inside it";
  }
  if (normal === "cdktf.out" || normal.startsWith("cdktf.out/")) {
    return "is inside cdktf.out/, which is rewritten on every synthesis: keep state elsewhere in the project";
  }
  if (!normal.endsWith(".tfstate") || posix.basename(normal) === ".tfstate") {
    // .gitignore keeps *.tfstate out of git: state holds the client secret.
    return "must name a file ending in .tfstate, which .gitignore keeps out of git (state holds the client secret)";
  }
  return undefined;
}
