import { spawnSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A directory where write(2) really accepts fewer bytes than asked, then fails: a small tmpfs
 * filled to `freeBytes` when the tests run as root (ENOSPC), else a file-size limit of
 * `freeBytes` on the child process (`ulimit -f`, EFBIG), which needs no privilege.
 */
export interface ShortWriteDir {
  readonly dir: string;
  readonly kind: "a nearly full tmpfs" | "a file-size limit";
  /** The argv that runs `argv` under the limit (the tmpfs needs none). */
  wrap(argv: readonly string[]): [string, string[]];
  /** Unmounts the tmpfs and removes the directory. */
  release(): void;
}

/**
 * Makes a {@link ShortWriteDir} in which at most about `freeBytes` (a multiple of 4096) can be
 * written, holding `files` (name: content), written before the space ran short.
 */
export function shortWriteDir(freeBytes: number, files: Readonly<Record<string, string>> = {}): ShortWriteDir {
  const dir = mkdtempSync(join(tmpdir(), "corso-short-write-"));
  const create = () => Object.entries(files).forEach(([name, content]) => writeFileSync(join(dir, name), content));
  if (process.getuid?.() === 0) {
    const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", dir], { encoding: "utf8" });
    if (mount.status === 0) {
      create();
      fill(dir, freeBytes);
      return {
        dir,
        kind: "a nearly full tmpfs",
        wrap: (argv) => [argv[0], argv.slice(1)],
        release: () => {
          spawnSync("umount", [dir]);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
  }
  create();
  const blocks = Math.ceil(freeBytes / 1024);
  return {
    dir,
    kind: "a file-size limit",
    wrap: (argv) => ["bash", ["-c", `ulimit -f ${blocks} && exec "$@"`, "_", ...argv]],
    release: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Fills the file system at `dir` until only `freeBytes` remain free. */
function fill(dir: string, freeBytes: number): void {
  const fd = openSync(join(dir, ".filler"), "w");
  const page = Buffer.alloc(4096, 0x2e);
  let size = 0;
  try {
    for (;;) {
      const written = writeSync(fd, page);
      size += written;
      if (written < page.length) break;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  }
  ftruncateSync(fd, Math.max(0, size - freeBytes));
  closeSync(fd);
}
