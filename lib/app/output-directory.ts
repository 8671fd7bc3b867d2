import {
  type Dirent,
  type Stats,
  closeSync,
  constants,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { App } from "cdktf";
import {
  CorsoValidationError,
  FileError,
  displayText,
  readRegularFile,
  reason,
  throwIfProblems,
  writeFileAtomic,
} from "../common";
import { OUTDIR_CONTEXT } from "./backends";

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
  /**
   * How long to wait for another synthesis into the same directory to finish before refusing.
   * @default 60
   */
  readonly lockWaitSeconds?: number;
}

// cdktf's layout of a synthesis directory (cdktf Manifest.stacksFolder and Manifest.fileName).
const STACKS = "stacks";
const MANIFEST = "manifest.json";
// What this project's synthesis adds: the proof that the directory is its own, bound to the manifest.
const MARKER = ".corso-synthesis.json";
const MARKER_WRITER = "corso-m365-cdktf";
// Terraform's own working data in a stack directory: provider plugins and the backend's settings
// (its terraform.tfstate holds those settings, not resources).
const TERRAFORM_DATA = ".terraform";
// What cdktf writes into a stack's directory (cdktf lib/manifest.js, lib/terraform-asset.js): the
// new synthesis replaces these; everything else there (Terraform's data, plans) is kept.
const SYNTHESIZED_IN_STACK = new Set(["cdk.tf.json", "cdk.tf", "metadata.json", "assets"]);
// Terraform state and its backups: terraform.tfstate, *.tfstate.backup, terraform.tfstate.<time>.backup
// (written by `terraform state` commands), errored.tfstate, *.tfstate.lock.info.
const STATE_FILE = /\.tfstate/;
const LOCK_POLL_MS = 100;
// A lock file that is still empty this long after it was created belongs to a run killed at its start.
const EMPTY_LOCK_GRACE_MS = 10_000;

/**
 * Builds an app and synthesizes it into `outdir`, which changes in one step and only when the whole
 * synthesis is complete: the app is written to a new directory beside it, the Terraform data of the
 * stacks it keeps (`.terraform/`, lock files, plans) is linked in, and a rename swaps the two.
 * A killed run leaves the previous synthesis as it was, and the next run removes what it left.
 *
 * It refuses, changing nothing, when `outdir` is not its own (neither new, empty nor holding a
 * manifest it wrote), when another synthesis into it runs longer than `lockWaitSeconds`, when a stack
 * directory to be dropped or rewritten holds Terraform state (`*.tfstate*`), or when `stacks/` holds a
 * directory no earlier synthesis listed. Directories of stacks the app no longer has are dropped
 * (`removeStale`). File system errors are one-line {@link FileError}s. Returns the stacks' names.
 */
export function synthesizeInto(options: SynthesisOptions, build: (app: App) => void): string[] {
  const outdir = resolve(options.outdir);
  const existed = lstatOrUndefined(outdir) !== undefined;
  try {
    mkdirSync(dirname(outdir), { recursive: true });
    const lock = acquireLock(outdir, options.lockWaitSeconds ?? 60);
    try {
      removeLeftovers(outdir);
      return synthesizeLocked(outdir, options, build);
    } finally {
      lock.release();
    }
  } catch (error) {
    throw oneLine(error, outdir, existed);
  }
}

function synthesizeLocked(outdir: string, options: SynthesisOptions, build: (app: App) => void): string[] {
  // Beside the output, on the same file system and at the same depth: relative paths written from
  // it hold for the output too, and renames move the result in.
  const staging = mkdtempSync(join(dirname(outdir), `.${basename(outdir)}.synth-`));
  try {
    const app = new App({ outdir: staging, context: { ...options.context, [OUTDIR_CONTEXT]: outdir } });
    build(app);
    app.synth();
    const stacks = readdirSync(join(staging, STACKS)).sort();
    const previous = readPrevious(outdir);
    const removeStale = options.removeStale ?? true;
    throwIfProblems(displayPath(outdir), findOutputProblems(outdir, previous, stacks));
    const leftToCli = previous === undefined || removeStale ? [] : droppedDirectories(outdir, stacks);
    writeMarker(staging, leftToCli);
    if (previous !== undefined) keepTerraformData(outdir, staging, stacks, leftToCli);
    swapIn(staging, outdir);
    return stacks;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The stacks an earlier synthesis of this project listed in `outdir`, or undefined when `outdir` is
 * new or empty. Anything else is refused: a directory is this project's only when it holds the
 * manifest cdktf wrote and the marker bound to it.
 */
function readPrevious(outdir: string): Set<string> | undefined {
  const refuse: (problem: string) => never = (problem) => {
    throw new CorsoValidationError(displayPath(outdir), [`${problem}; nothing was synthesized`]);
  };
  const kind = lstatOrUndefined(outdir);
  if (kind === undefined) return undefined;
  if (kind.isSymbolicLink()) refuse("it is a symbolic link: set CDKTF_OUTDIR to the directory itself");
  if (!kind.isDirectory()) refuse("it is not a directory: set CDKTF_OUTDIR to a new or empty directory");
  const entries = readdirSync(outdir);
  if (entries.length === 0) return undefined;
  const notOurs =
    "it holds files that no synthesis of this project wrote: set CDKTF_OUTDIR to a new or empty directory, " +
    "or empty this one";
  if (!entries.includes(MANIFEST)) refuse(notOurs);
  if (!entries.includes(MARKER)) {
    refuse(
      `its ${MANIFEST} was not written by this project's synthesis (an earlier version or another app has no ${MARKER}): ` +
        "if it is this project's, check that no stack directory in it holds Terraform state, then delete it; " +
        "otherwise set CDKTF_OUTDIR to a new or empty directory",
    );
  }
  const manifest = readRegularFile(join(outdir, MANIFEST));
  const stacks = manifestStacks(manifest);
  const leftToCli = markedLeftToCli(readRegularFile(join(outdir, MARKER)), manifest);
  if (stacks === undefined || leftToCli === undefined) {
    refuse(
      `its ${MANIFEST} is not the one this project's synthesis wrote there (${MARKER} does not match it): ` +
        "set CDKTF_OUTDIR to a new or empty directory, or check what wrote it and empty this one",
    );
  }
  return new Set([...stacks, ...leftToCli]);
}

/** The stack names of a manifest as cdktf writes it, or undefined when it is not one. */
function manifestStacks(bytes: Buffer): Set<string> | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
  const stacks = (manifest as { stacks?: unknown } | null)?.stacks;
  if (typeof stacks !== "object" || stacks === null || Array.isArray(stacks)) return undefined;
  const names = Object.keys(stacks);
  const wellFormed = names.every((name) => {
    const entry = (stacks as Record<string, { workingDirectory?: unknown } | null>)[name];
    return (
      isStackName(name) &&
      typeof entry?.workingDirectory === "string" &&
      entry.workingDirectory.split(/[/\\]/).join("/") === `${STACKS}/${name}`
    );
  });
  return wellFormed ? new Set(names) : undefined;
}

function isStackName(name: unknown): name is string {
  return typeof name === "string" && /^[^/\\]+$/.test(name) && name !== "." && name !== "..";
}

/**
 * The marker: who wrote the directory, the digest of the manifest written with it, and the
 * directories of dropped stacks left for the cdktf CLI to delete (not in the manifest).
 */
function markerText(manifest: Buffer, leftToCli: readonly string[]): string {
  const manifestSha256 = createHash("sha256").update(manifest).digest("hex");
  return `${JSON.stringify({ writtenBy: MARKER_WRITER, manifestSha256, leftToCli })}\n`;
}

/** The directories a marker says were left to the cdktf CLI, or undefined when it does not match the manifest. */
function markedLeftToCli(marker: Buffer, manifest: Buffer): string[] | undefined {
  try {
    const { leftToCli } = JSON.parse(marker.toString("utf8")) as { leftToCli?: unknown };
    if (!Array.isArray(leftToCli) || !leftToCli.every(isStackName)) return undefined;
    return marker.toString("utf8") === markerText(manifest, leftToCli) ? leftToCli : undefined;
  } catch {
    return undefined;
  }
}

function writeMarker(staging: string, leftToCli: readonly string[]): void {
  const manifest = readRegularFile(join(staging, MANIFEST));
  writeFileAtomic(join(staging, MARKER), markerText(manifest, leftToCli), { mode: 0o644 });
}

/**
 * What in `outdir/stacks/` synthesis would lose: state in a stack directory it drops or rewrites,
 * and entries no earlier synthesis listed (an empty directory excepted).
 */
function findOutputProblems(outdir: string, previous: Set<string> | undefined, stacks: readonly string[]): string[] {
  if (previous === undefined) return [];
  const folder = join(outdir, STACKS);
  const kind = lstatOrUndefined(folder);
  if (kind === undefined) return [];
  if (kind.isSymbolicLink() || !kind.isDirectory()) {
    return [`${displayPath(folder)} is not a directory (or is a symbolic link): remove it; nothing was synthesized`];
  }
  const problems: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const dir = join(folder, entry.name);
    const current = stacks.includes(entry.name);
    if (!current && !previous.has(entry.name)) {
      if (!(entry.isDirectory() && readdirSync(dir).length === 0)) {
        problems.push(
          `${displayPath(dir)} is not a stack of an earlier synthesis (no manifest of this project listed it): ` +
            `move it out of ${displayPath(folder)}; nothing was synthesized`,
        );
      }
      continue;
    }
    if (!entry.isDirectory()) {
      problems.push(
        `${displayPath(dir)} is not a directory (or is a symbolic link): remove it; nothing was synthesized`,
      );
      continue;
    }
    for (const file of stateFiles(dir)) {
      problems.push(
        current
          ? `${displayPath(file)} holds Terraform state, which is never kept in the synthesis output (a relative local ` +
              "state path starts at the project root): move it where the stack's backend looks for it (README, " +
              '"State kept by earlier versions"); nothing was synthesized'
          : `stack '${entry.name}' is no longer in the app, but ${displayPath(file)} holds its Terraform state: ` +
              "destroy what it manages or move the state elsewhere, then delete that directory; nothing was synthesized",
      );
    }
  }
  return problems;
}

/** Files named `*.tfstate*` under a stack directory, outside Terraform's data; links are not followed. */
function stateFiles(stackDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, top: boolean): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!(top && entry.name === TERRAFORM_DATA)) walk(path, false);
      } else if (STATE_FILE.test(entry.name)) {
        found.push(path);
      }
    }
  };
  walk(stackDir, true);
  return found.sort();
}

/** Directories in `outdir/stacks/` of stacks the app no longer has. */
function droppedDirectories(outdir: string, stacks: readonly string[]): string[] {
  const folder = join(outdir, STACKS);
  if (lstatOrUndefined(folder) === undefined) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !stacks.includes(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Links into the new synthesis what the old one holds besides cdktf's files: each kept stack's
 * Terraform data, and anything else at the top. Hard links leave the old directory whole until
 * the swap. Under the cdktf CLI, which deletes the directories of dropped stacks itself once the
 * app has exited and fails on one that is gone (cli-core/src/lib/synth-stack.ts in
 * hashicorp/terraform-cdk), an empty directory stands in for each of `leftToCli`.
 */
function keepTerraformData(
  outdir: string,
  staging: string,
  stacks: readonly string[],
  leftToCli: readonly string[],
): void {
  for (const name of readdirSync(outdir)) {
    if (name !== MANIFEST && name !== MARKER && name !== STACKS) linkTree(join(outdir, name), join(staging, name));
  }
  for (const name of stacks) {
    const from = join(outdir, STACKS, name);
    if (lstatOrUndefined(from) === undefined) continue;
    const to = join(staging, STACKS, name);
    const written = new Set(readdirSync(to));
    for (const entry of readdirSync(from)) {
      if (!SYNTHESIZED_IN_STACK.has(entry) && !written.has(entry)) linkTree(join(from, entry), join(to, entry));
    }
  }
  for (const name of leftToCli) mkdirSync(join(staging, STACKS, name));
}

/** Recreates `from` at `to`: directories made, files hard-linked (copied where links fail), links copied, never followed. */
function linkTree(from: string, to: string): void {
  const stats = lstatSync(from);
  if (stats.isDirectory()) {
    mkdirSync(to, { mode: stats.mode & 0o7777 });
    for (const name of readdirSync(from)) linkTree(join(from, name), join(to, name));
  } else if (stats.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
  } else {
    try {
      linkSync(from, to);
    } catch (error) {
      // A file system without hard links, or a file with too many.
      if (!["EPERM", "ENOTSUP", "EMLINK", "EXDEV"].includes(code(error) ?? "")) throw error;
      copyFileSync(from, to, constants.COPYFILE_EXCL);
    }
  }
}

/**
 * Puts `staging` in the place of `outdir`: the old directory is renamed aside, the new one renamed
 * in (the old one is put back when that fails), then the old one is removed. A run killed between
 * the two renames leaves the old one aside, which the next run puts back.
 */
function swapIn(staging: string, outdir: string): void {
  if (lstatOrUndefined(outdir) === undefined) {
    renameSync(staging, outdir);
    return;
  }
  const aside = join(dirname(outdir), `.${basename(outdir)}.old-${randomBytes(4).toString("hex")}`);
  renameSync(outdir, aside);
  try {
    renameSync(staging, outdir);
  } catch (error) {
    renameSync(aside, outdir);
    throw error;
  }
  try {
    rmSync(aside, { recursive: true, force: true });
  } catch {
    // The synthesis is in place; the next run removes what is left.
  }
}

/**
 * What a killed run left beside `outdir`: its new directory (`.<name>.synth-*`), the old one renamed
 * aside (`.<name>.old-*`, put back when `outdir` is missing) and a lock set aside (`.<name>.lock.*`).
 * Only entries of those names that are real directories or files of this user are touched; links
 * are never followed. Called with the lock held, so no other run owns them.
 */
function removeLeftovers(outdir: string): void {
  const parent = dirname(outdir);
  const prefix = `.${basename(outdir)}.`;
  const ours = (entry: Dirent, pattern: RegExp, directory: boolean) => {
    if (!entry.name.startsWith(prefix) || !pattern.test(entry.name.slice(prefix.length))) return false;
    const stats = lstatSync(join(parent, entry.name));
    const uid = process.getuid?.();
    return (directory ? stats.isDirectory() : stats.isFile()) && (uid === undefined || stats.uid === uid);
  };
  const entries = readdirSync(parent, { withFileTypes: true });
  const staged = entries.filter((e) => ours(e, /^synth-[A-Za-z0-9]{6}$/, true));
  const aside = entries.filter((e) => ours(e, /^old-[0-9a-f]{8}$/, true));
  const locks = entries.filter((e) => ours(e, /^lock\.[0-9a-f]{8}$/, false));
  if (lstatOrUndefined(outdir) === undefined && aside.length > 0) {
    if (aside.length > 1) {
      throwIfProblems(displayPath(outdir), [
        `it is missing, and ${aside.length} earlier syntheses lie beside it (${aside.map((e) => e.name).join(", ")}): ` +
          `rename the one to keep to ${basename(outdir)}; nothing was synthesized`,
      ]);
    }
    renameSync(join(parent, aside[0].name), outdir);
    aside.length = 0;
  }
  for (const entry of [...staged, ...aside, ...locks])
    rmSync(join(parent, entry.name), { recursive: true, force: true });
}

/** The identity of a process holding the lock: its id, host and start time (Linux: /proc/<pid>/stat). */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly start?: string;
}

/**
 * Takes the lock of `outdir`, the file `.<name>.lock` beside it, created exclusively. A lock whose
 * process is gone (same host, no such process, or another process under its id) is broken; a live
 * one, or one from another host, is waited for up to `waitSeconds`, then the synthesis is refused.
 */
function acquireLock(outdir: string, waitSeconds: number): { release(): void } {
  const path = join(dirname(outdir), `.${basename(outdir)}.lock`);
  const me: LockHolder = { pid: process.pid, host: hostname(), start: processStart(process.pid) };
  const text = JSON.stringify(me);
  const deadline = performance.now() + waitSeconds * 1000;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    } catch (error) {
      if (code(error) !== "EEXIST") throw error;
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
      return { release: () => releaseLock(path, text) };
    }
    const held = readLock(path, outdir);
    if (held === undefined) continue;
    if (held.stale) {
      breakLock(path, held.text);
      continue;
    }
    if (performance.now() >= deadline) {
      const who =
        held.holder === undefined ? "a process" : `process ${held.holder.pid} on ${displayText(held.holder.host)}`;
      throwIfProblems(displayPath(outdir), [
        `another synthesis into it is running (${who}, lock ${displayPath(path)}), still after ${waitSeconds} s: ` +
          "run again once it has finished, or delete that lock file if no synthesis is running; nothing was synthesized",
      ]);
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, LOCK_POLL_MS);
  }
}

/** The lock's holder and whether it is stale, or undefined when the lock has gone meanwhile. */
function readLock(path: string, outdir: string): { text: string; holder?: LockHolder; stale: boolean } | undefined {
  let stats: Stats;
  let text: string;
  try {
    stats = lstatSync(path);
    if (!stats.isFile()) {
      throwIfProblems(displayPath(outdir), [
        `its lock ${displayPath(path)} is not a regular file: remove it; nothing was synthesized`,
      ]);
    }
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (code(error) === "ENOENT") return undefined;
    throw error;
  }
  const holder = parseHolder(text);
  if (holder === undefined) {
    // Written right after it was created: empty only for a moment, unless its run was killed then.
    return { text, stale: Date.now() - stats.mtimeMs > EMPTY_LOCK_GRACE_MS };
  }
  const stale =
    holder.host === hostname() &&
    (!isAlive(holder.pid) || (holder.start !== undefined && processStart(holder.pid) !== holder.start));
  return { text, holder, stale };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isSafeInteger(value.pid) && (value.pid as number) > 0 && typeof value.host === "string") {
      return {
        pid: value.pid as number,
        host: value.host,
        start: typeof value.start === "string" ? value.start : undefined,
      };
    }
  } catch {
    // not a lock this project wrote, or still being written
  }
  return undefined;
}

/** Removes a stale lock, unless another run replaced it meanwhile: then that run's lock is put back. */
function breakLock(path: string, staleText: string): void {
  const aside = `${path}.${randomBytes(4).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (code(error) === "ENOENT") return;
    throw error;
  }
  if (readFileSync(aside, "utf8") !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // a third run holds it now
    }
  }
  unlinkSync(aside);
}

function releaseLock(path: string, text: string): void {
  try {
    if (readFileSync(path, "utf8") === text) unlinkSync(path);
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) === "EPERM";
  }
}

/** The start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat), where Linux tells it. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** A file system error as one line: what failed on which path, and why; other errors unchanged. */
function oneLine(error: unknown, outdir: string, existed: boolean): unknown {
  if (error instanceof CorsoValidationError || error instanceof FileError) return error;
  const system = error as NodeJS.ErrnoException & { dest?: string };
  if (typeof system?.code !== "string" || typeof system.syscall !== "string") return error;
  const verbs: Record<string, string> = {
    open: "writing",
    write: "writing",
    mkdir: "creating",
    mkdtemp: "creating a directory in",
    rename: "renaming",
    link: "linking",
    symlink: "linking",
    copyfile: "copying",
    unlink: "removing",
    rmdir: "removing",
    rm: "removing",
    scandir: "reading",
    lstat: "reading",
    read: "reading",
    fsync: "flushing",
  };
  const verb = verbs[system.syscall] ?? system.syscall;
  const target =
    system.path === undefined
      ? `the synthesis in ${displayPath(dirname(outdir))}`
      : `${displayPath(system.path)}${system.dest === undefined ? "" : ` to ${displayPath(system.dest)}`}`;
  const kept = existed ? `${displayPath(outdir)} is unchanged` : "nothing was written";
  return new FileError(
    `cannot synthesize into ${displayPath(outdir)}: ${verb} ${target} failed: ${reason(error)}; ${kept}`,
  );
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** A path as the user would type it, relative to the working directory when inside it, safe to print. */
function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return displayText(fromHere === "" || fromHere.startsWith("..") ? path : fromHere);
}
