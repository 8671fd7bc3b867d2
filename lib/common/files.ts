import {
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";

/** Raised for a file that cannot be read or written; one line that names the path and the reason. */
export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileError";
  }
}

/**
 * Reads a whole stream, whatever its speed and size: a pipe that is slow to fill or holds more
 * than one buffer (a synchronous read of a non-blocking pipe fails with EAGAIN instead).
 */
export async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a text file, or standard input when no path is given; errors name what could not be read. */
export async function readInput(
  path: string | undefined,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  if (path === undefined) {
    try {
      return await readStream(stdin);
    } catch (error) {
      throw new FileError(`cannot read standard input: ${reason(error)}`);
    }
  }
  return readTextFile(path);
}

/** Reads a regular text file; a directory, a missing file or an unreadable one is a one-line error. */
export function readTextFile(path: string): string {
  if (path === "") throw new FileError("no file named: the path is empty");
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new FileError(`cannot read ${path}: ${reason(error)}`);
  }
}

/** Options of {@link writeFileAtomic}. */
export interface WriteFileOptions {
  /**
   * Permission bits of the new file.
   * @default 0o600 (read and write by its owner only)
   */
  readonly mode?: number;
}

/**
 * Replaces `path` with `content` in one step: the text goes to a new file next to the target,
 * created exclusively with `mode` and never through a link, then renamed over the target. The
 * target is refused when it is a symbolic link or not a regular file; on any error the target is
 * left as it was and the new file removed. Every error is one line that names the path.
 */
export function writeFileAtomic(path: string, content: string, options: WriteFileOptions = {}): void {
  if (path === "") throw new FileError("no file named: the path is empty");
  const existing = lstatOrUndefined(path);
  if (existing?.isSymbolicLink()) {
    throw new FileError(`refusing to write ${path}: it is a symbolic link; name the file itself`);
  }
  if (existing !== undefined && !existing.isFile()) {
    throw new FileError(`refusing to write ${path}: it is not a regular file`);
  }
  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  let fd: number;
  try {
    // O_EXCL with O_CREAT never opens an existing file or follows a link at that name.
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, options.mode ?? 0o600);
  } catch (error) {
    throw new FileError(`cannot write ${path}: ${reason(error)}`);
  }
  try {
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
    throw new FileError(`cannot write ${path}: ${reason(error)}`);
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new FileError(`cannot write ${path}: ${reason(error)}`);
  }
}

/** A system error in words, without the path Node repeats in its message. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: "no such file or directory",
    EISDIR: "it is a directory",
    ENOTDIR: "a part of the path is not a directory",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EEXIST: "a file of that name appeared meanwhile",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
    EAGAIN: "the input is not ready (try again)",
  };
  return (code !== undefined ? words[code] : undefined) ?? String((error as Error).message).split("\n")[0];
}
