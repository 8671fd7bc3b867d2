import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { FileError } from "./file-error";
import { decodeUtf8, hasUtf8Bom, loneSurrogateIndex } from "./text-encoding";

export { FileError } from "./file-error";

/**
 * The largest text input any command or the synthesis reads: a config of thousands of tenants, a
 * plan or outputs JSON are a few megabytes; the cap keeps `/dev/zero`-like input from filling memory.
 */
export const TEXT_INPUT_LIMIT_BYTES = 64 * 1024 * 1024;
const LIMIT_WORDS = `${TEXT_INPUT_LIMIT_BYTES / 1024 / 1024} MiB`;

/** Options of {@link readTextFile} and {@link readInput}. */
export interface ReadTextOptions {
  /**
   * Keep a leading UTF-8 byte order mark in the text (as U+FEFF), for a caller that writes the file back.
   * @default false (the mark is dropped)
   */
  readonly keepByteOrderMark?: boolean;
  /**
   * How errors name the file, such as its path relative to the directory under review.
   * @default - the path as given
   */
  readonly name?: string;
}

/**
 * Reads a whole stream, whatever its speed, up to {@link TEXT_INPUT_LIMIT_BYTES}, as strict UTF-8:
 * a pipe that is slow to fill or holds more than one buffer (a synchronous read of a non-blocking
 * pipe fails with EAGAIN instead). `source` names the stream in errors.
 */
export async function readStream(
  stream: NodeJS.ReadableStream,
  source = "standard input",
  options: ReadTextOptions = {},
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > TEXT_INPUT_LIMIT_BYTES) {
      (stream as Partial<NodeJS.ReadStream>).destroy?.();
      throw new FileError(`${source} holds more than ${LIMIT_WORDS}, the limit for a text input`);
    }
    chunks.push(bytes);
  }
  return decode(Buffer.concat(chunks), source, options);
}

/** Reads a text file, or standard input when no path is given; errors name what could not be read. */
export async function readInput(
  path: string | undefined,
  stdin: NodeJS.ReadableStream = process.stdin,
  options: ReadTextOptions = {},
): Promise<string> {
  if (path === undefined) {
    try {
      return await readStream(stdin, "standard input", options);
    } catch (error) {
      if (error instanceof FileError) throw error;
      throw new FileError(`cannot read standard input: ${reason(error)}`);
    }
  }
  return readTextFile(path, options);
}

/**
 * Reads a regular text file as strict UTF-8 (a byte order mark allowed), up to
 * {@link TEXT_INPUT_LIMIT_BYTES}. A directory, a device (`/dev/zero`), a named pipe, a missing or
 * unreadable file, text that is not UTF-8 and a file over the limit are each a one-line
 * {@link FileError} naming the path.
 */
export function readTextFile(path: string, options: ReadTextOptions = {}): string {
  return decode(readRegularFile(path, options.name), options.name ?? path, options);
}

/**
 * The bytes of a regular file of at most {@link TEXT_INPUT_LIMIT_BYTES}; see {@link readTextFile}.
 * `name` is how errors name it.
 */
export function readRegularFile(path: string, name = path): Buffer {
  if (path === "") throw new FileError("no file named: the path is empty");
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe returns at once (to be refused below) instead of waiting for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new FileError(`cannot read ${name}: ${reason(error)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new FileError(`cannot read ${name}: it is a directory`);
    if (!stats.isFile()) {
      throw new FileError(`cannot read ${name}: it is ${kindOf(stats)}, not a regular file`);
    }
    if (stats.size > TEXT_INPUT_LIMIT_BYTES) throw tooLarge(name);
    // Read to the end whatever the size said (the file may grow), but never past the limit.
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, TEXT_INPUT_LIMIT_BYTES) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > TEXT_INPUT_LIMIT_BYTES) throw tooLarge(name);
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, TEXT_INPUT_LIMIT_BYTES + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > TEXT_INPUT_LIMIT_BYTES) throw tooLarge(name);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(`cannot read ${name}: ${reason(error)}`);
  } finally {
    closeSync(fd);
  }
}

function decode(bytes: Uint8Array, source: string, options: ReadTextOptions): string {
  const text = decodeUtf8(bytes, source);
  return options.keepByteOrderMark === true && hasUtf8Bom(bytes) ? `\uFEFF${text}` : text;
}

function tooLarge(path: string): FileError {
  return new FileError(`cannot read ${path}: it is larger than ${LIMIT_WORDS}, the limit for a text input`);
}

function kindOf(stats: import("node:fs").Stats): string {
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  return "not a file";
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
 * created exclusively with `mode` and never through a link, written to the last byte (a full disk
 * or a file-size limit accepts fewer bytes than asked, then fails) and flushed to the disk, then
 * renamed over the target. The target is refused when it is a symbolic link or not a regular file;
 * on any error the target is left as it was and the new file removed. Every error is one line that
 * names the path.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: WriteFileOptions = {}): void {
  if (path === "") throw new FileError("no file named: the path is empty");
  if (typeof content === "string" && loneSurrogateIndex(content) >= 0) {
    // Its UTF-8 form would hold U+FFFD in place of the character: a different text than asked for.
    throw new FileError(`refusing to write ${path}: the text holds a lone UTF-16 surrogate, which UTF-8 cannot encode`);
  }
  const existing = lstatOrUndefined(path);
  if (existing?.isSymbolicLink()) {
    throw new FileError(`refusing to write ${path}: it is a symbolic link; name the file itself`);
  }
  if (existing !== undefined && !existing.isFile()) {
    throw new FileError(`refusing to write ${path}: it is not a regular file`);
  }
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
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
      writeAll(fd, bytes);
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
    const kept = existing === undefined ? "nothing was written" : `${path} is unchanged`;
    throw new FileError(`cannot write ${path}: ${reason(error)}; ${kept}`);
  }
  syncDirectory(dir);
}

/** Writes every byte: write(2) may accept fewer than asked (a disk filling up, a file-size limit). */
function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw Object.assign(new Error("the device accepted no more bytes"), { code: "ENOSPC" });
    offset += written;
  }
}

/** Flushes the rename itself to the disk; a file system that cannot sync a directory is left as it is. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Windows and some network file systems refuse it; the rename has happened all the same.
  } finally {
    if (fd !== undefined) closeSync(fd);
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
export function reason(error: unknown): string {
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
    EDQUOT: "the disk quota is exhausted",
    EFBIG: "the file would exceed the file-size limit",
    EIO: "input/output error",
    ELOOP: "too many levels of symbolic links",
    ENXIO: "no device or reader at that path",
    EAGAIN: "the input is not ready (try again)",
  };
  return (code !== undefined ? words[code] : undefined) ?? String((error as Error).message).split("\n")[0];
}
