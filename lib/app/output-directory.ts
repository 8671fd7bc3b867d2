import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { App } from "cdktf";
import { throwIfProblems } from "../common";

/** Options of {@link synthesizeInto}. */
export interface SynthesisOptions {
  /** The synthesis directory, `cdktf.out` unless `CDKTF_OUTDIR` says otherwise. */
  readonly outdir: string;
  /**
   * cdktf context of the app.
   * @default - none
   */
  readonly context?: Record<string, unknown>;
  /**
   * Delete the directories of stacks the app no longer has (after checking that none holds state).
   * @default true
   */
  readonly removeStale?: boolean;
}

// cdktf's layout of a synthesis directory (cdktf Manifest.stacksFolder and Manifest.fileName).
const STACKS = "stacks";
const MANIFEST = "manifest.json";
// Terraform's own working data in a stack directory: provider plugins and the backend's settings
// (its terraform.tfstate holds those settings, not resources).
const TERRAFORM_DATA = ".terraform";

/**
 * Builds an app and synthesizes it so that any mistake leaves `outdir` exactly as it was: the app
 * is synthesized into a new directory beside it and moved in only when complete. Directories of
 * stacks the app no longer has are removed then (`removeStale`), but if one holds Terraform state
 * (`*.tfstate`), nothing changes and the error says where that state is. A stack directory that is to be
 * rewritten and holds state stops synthesis the same way. Returns the synthesized stacks' names.
 */
export function synthesizeInto(options: SynthesisOptions, build: (app: App) => void): string[] {
  const outdir = resolve(options.outdir);
  const parent = dirname(outdir);
  mkdirSync(parent, { recursive: true });
  // Beside the output, on the same file system: moving the result in is a rename per file.
  const staging = mkdtempSync(join(parent, `.${basename(outdir)}.synth-`));
  try {
    const app = new App({ outdir: staging, context: options.context });
    build(app);
    app.synth();
    const stacks = readdirSync(join(staging, STACKS));
    throwIfProblems(displayPath(outdir), findOutputProblems(outdir, stacks));
    moveIn(staging, outdir);
    if (options.removeStale ?? true) {
      for (const name of staleStacks(outdir, stacks)) {
        rmSync(join(outdir, STACKS, name), { recursive: true, force: true });
      }
    }
    return stacks;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** State in the output directory that synthesis would lose or shadow, and directories it cannot write. */
function findOutputProblems(outdir: string, stacks: readonly string[]): string[] {
  const problems: string[] = [];
  for (const name of staleStacks(outdir, stacks)) {
    for (const file of stateFiles(join(outdir, STACKS, name))) {
      problems.push(
        `stack '${name}' is no longer in the app, but ${displayPath(file)} holds its Terraform state: ` +
          "destroy what it manages or move the state elsewhere, then delete that directory; nothing was synthesized",
      );
    }
  }
  for (const name of stacks) {
    const dir = join(outdir, STACKS, name);
    const kind = lstatOrUndefined(dir);
    if (kind !== undefined && (kind.isSymbolicLink() || !kind.isDirectory())) {
      problems.push(
        `${displayPath(dir)} is not a directory (or is a symbolic link): remove it; nothing was synthesized`,
      );
      continue;
    }
    for (const file of stateFiles(dir)) {
      problems.push(
        `${displayPath(file)} holds Terraform state, which is never kept in the synthesis output (a relative local ` +
          "state path starts at the project root): move it where the stack's backend looks for it (README, " +
          '"State kept by earlier versions"); nothing was synthesized',
      );
    }
  }
  return problems;
}

/**
 * Moves every synthesized file into `outdir`, the manifest last, keeping what else is there
 * (`.terraform/`). A directory new to `outdir` moves in one rename, the rest file by file.
 */
function moveIn(staging: string, outdir: string, prefix = ""): void {
  for (const entry of readdirSync(join(staging, prefix), { withFileTypes: true })) {
    const path = join(prefix, entry.name);
    if (path === MANIFEST) continue;
    const target = join(outdir, path);
    if (entry.isDirectory() && lstatOrUndefined(target) !== undefined) {
      moveIn(staging, outdir, path);
    } else {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(staging, path), target);
    }
  }
  if (prefix === "") renameSync(join(staging, MANIFEST), join(outdir, MANIFEST));
}

/** Stack directories in `outdir` that the app no longer synthesizes. */
function staleStacks(outdir: string, stacks: readonly string[]): string[] {
  const dir = join(outdir, STACKS);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !stacks.includes(entry.name))
    .map((entry) => entry.name);
}

/** Files named `*.tfstate` or `*.tfstate.backup` under a stack directory, outside Terraform's data; links are not followed. */
function stateFiles(stackDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, top: boolean): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!(top && entry.name === TERRAFORM_DATA)) walk(path, false);
      } else if (/\.tfstate(\.backup)?$/.test(entry.name)) {
        found.push(path);
      }
    }
  };
  if (lstatOrUndefined(stackDir)?.isDirectory()) walk(stackDir, true);
  return found.sort();
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** A path as the user would type it: relative to the working directory when inside it. */
function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere === "" || fromHere.startsWith("..") ? path : fromHere;
}
