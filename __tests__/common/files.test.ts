import { execFileSync, spawnSync } from "node:child_process";
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { FileError, TEXT_INPUT_LIMIT_BYTES, readInput, readTextFile, writeFileAtomic } from "../../lib/common";
import { shortWriteDir } from "../support/short-write";

const newDir = () => mkdtempSync(join(tmpdir(), "corso-files-"));

describe("writeFileAtomic", () => {
  it("creates a file readable by its owner only", () => {
    const file = join(newDir(), "out.env");
    writeFileAtomic(file, "A=1\n");
    expect(readFileSync(file, "utf8")).toBe("A=1\n");
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("replaces an existing file, leaving no temporary file and tightening its mode", () => {
    const dir = newDir();
    const file = join(dir, "out.env");
    writeFileSync(file, "old", { mode: 0o644 });
    writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["out.env"]);
  });

  it("rejects a symbolic link and leaves its target untouched", () => {
    const dir = newDir();
    writeFileSync(join(dir, "target"), "keep");
    symlinkSync(join(dir, "target"), join(dir, "link"));
    expect(() => writeFileAtomic(join(dir, "link"), "secret")).toThrow(
      new FileError(`refusing to write ${join(dir, "link")}: it is a symbolic link; name the file itself`),
    );
    expect(readFileSync(join(dir, "target"), "utf8")).toBe("keep");
  });

  it("rejects a dangling symbolic link without creating its target", () => {
    const dir = newDir();
    symlinkSync(join(dir, "nowhere"), join(dir, "link"));
    expect(() => writeFileAtomic(join(dir, "link"), "secret")).toThrow(/symbolic link/);
    expect(readdirSync(dir)).toEqual(["link"]);
  });

  it("never writes through a hard link: the other name keeps its content", () => {
    const dir = newDir();
    writeFileSync(join(dir, "other"), "keep");
    linkSync(join(dir, "other"), join(dir, "out"));
    writeFileAtomic(join(dir, "out"), "secret");
    expect(readFileSync(join(dir, "other"), "utf8")).toBe("keep");
    expect(readFileSync(join(dir, "out"), "utf8")).toBe("secret");
  });

  it.each([
    ["a directory", (dir: string) => (mkdirSync(join(dir, "d")), join(dir, "d")), "it is not a regular file"],
    ["a missing directory", (dir: string) => join(dir, "missing", "out"), "no such file or directory"],
  ])("rejects %s with one line naming the path", (_, target, words) => {
    const path = target(newDir());
    expect(() => writeFileAtomic(path, "x")).toThrow(new RegExp(`^.*${path.replace(/[/.]/g, "\\$&")}: ${words}$`));
  });

  it("rejects an empty path", () => {
    expect(() => writeFileAtomic("", "x")).toThrow("no file named: the path is empty");
  });

  it("rejects text with a lone surrogate, which would be written as U+FFFD, and writes nothing", () => {
    const dir = newDir();
    expect(() => writeFileAtomic(join(dir, "out"), "secret\ud800")).toThrow(
      `refusing to write ${join(dir, "out")}: the text holds a lone UTF-16 surrogate, which UTF-8 cannot encode`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("writeFileAtomic when the device takes fewer bytes than asked", () => {
  beforeAll(() => execFileSync(process.execPath, [join(__dirname, "../../scripts/build.js"), "--if-stale"]));
  const filesJs = JSON.stringify(join(__dirname, "../../dist/lib/common/files.js"));
  // Writes 20,000 bytes where about 8 KB fit: write(2) takes part of them, then fails.
  const script = `try { require(${filesJs}).writeFileAtomic(process.argv[1], "x".repeat(20000)); }
    catch (e) { process.stderr.write(e.message); process.exit(1); }`;

  it.each([
    ["replacing a file", true],
    ["creating a file", false],
  ])("fails with one line when %s, keeps what was there and leaves no partial file", (_, existing) => {
    const disk = shortWriteDir(8192);
    try {
      const file = join(disk.dir, "out.toml");
      if (existing) writeFileSync(file, "kept = 'as it was'\n");
      const [command, args] = disk.wrap([process.execPath, "-e", script, file]);
      const run = spawnSync(command, args, { encoding: "utf8" });
      const why =
        disk.kind === "a file-size limit" ? "the file would exceed the file-size limit" : "no space left on the device";
      expect(run.stderr).toBe(
        `cannot write ${file}: ${why}; ${existing ? `${file} is unchanged` : "nothing was written"}`,
      );
      expect(run.status).toBe(1);
      expect(readdirSync(disk.dir).filter((n) => n !== ".filler")).toEqual(existing ? ["out.toml"] : []);
      if (existing) expect(readFileSync(file, "utf8")).toBe("kept = 'as it was'\n");
    } finally {
      disk.release();
    }
  });
});

describe("readInput", () => {
  beforeAll(() => execFileSync(process.execPath, [join(__dirname, "../../scripts/build.js"), "--if-stale"]));

  it("reads a stream that arrives slowly and in many pieces", async () => {
    const stream = new PassThrough();
    const reading = readInput(undefined, stream);
    const piece = "x".repeat(50_000);
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stream.write(piece);
    }
    stream.end();
    expect((await reading).length).toBe(200_000);
  });

  it("reads all of a slow pipe of more than 64 KB in a real process", () => {
    const script = `require(${JSON.stringify(join(__dirname, "../../dist/lib/common/files.js"))})
      .readInput(undefined).then((t) => process.stdout.write(String(t.length)));`;
    const run = spawnSync("bash", ["-c", `(sleep 0.3; head -c 100000 /dev/zero) | node -e '${script}'`], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("100000");
  });

  it("reads UTF-8 with a byte order mark as the text without it", () => {
    const file = join(newDir(), "c.json");
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": "é"}')]));
    expect(readTextFile(file)).toBe('{"a": "é"}');
    expect(readTextFile(file, { keepByteOrderMark: true })).toBe('\uFEFF{"a": "é"}');
  });

  it("rejects Latin-1 text instead of reading U+FFFD in place of its bytes, naming the byte and line", () => {
    const file = join(newDir(), "c.json");
    writeFileSync(file, Buffer.from('{\n  "displayName": "Corso Sauvegarde \xe9t\xe9"\n}', "latin1"));
    expect(() => readTextFile(file)).toThrow(
      new FileError(
        `${file} is not UTF-8: byte 0xE9 at line 2, byte 36 of the line is not valid UTF-8 (Latin-1 or Windows-1252 text?); save the file as UTF-8`,
      ),
    );
  });

  it.each([
    ["with a byte order mark", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("{}", "utf16le")]), "UTF-16LE"],
    ["without one", Buffer.from("{}", "utf16le"), "UTF-16LE"],
    ["big-endian", Buffer.from([0xfe, 0xff, 0, 0x7b, 0, 0x7d]), "UTF-16BE"],
  ])("rejects UTF-16 text %s with a hint to save it as UTF-8", (_, bytes, kind) => {
    const file = join(newDir(), "c.json");
    writeFileSync(file, bytes);
    expect(() => readTextFile(file)).toThrow(
      `${file} is ${kind} text, not UTF-8: save it as UTF-8 (without "Unicode" or UTF-16)`,
    );
  });

  it("rejects a device and a named pipe without reading from them", () => {
    expect(() => readTextFile("/dev/zero")).toThrow(
      new FileError("cannot read /dev/zero: it is a device, not a regular file"),
    );
    const fifo = join(newDir(), "fifo");
    execFileSync("mkfifo", [fifo]);
    expect(() => readTextFile(fifo)).toThrow(
      new FileError(`cannot read ${fifo}: it is a named pipe, not a regular file`),
    );
  });

  it("rejects a file larger than the limit, naming the limit", () => {
    const file = join(newDir(), "big.json");
    writeFileSync(file, "");
    execFileSync("truncate", ["-s", String(TEXT_INPUT_LIMIT_BYTES + 1), file]);
    expect(() => readTextFile(file)).toThrow(
      new FileError(`cannot read ${file}: it is larger than 64 MiB, the limit for a text input`),
    );
  });

  it("stops reading standard input past the limit", async () => {
    const stream = new PassThrough();
    const refused = expect(readInput(undefined, stream)).rejects.toThrow(
      new FileError("standard input holds more than 64 MiB, the limit for a text input"),
    );
    const mebibyte = Buffer.alloc(1024 * 1024, 0x20);
    for (let i = 0; i <= 64 && !stream.destroyed; i++) {
      if (!stream.write(mebibyte)) await new Promise((resolve) => setImmediate(resolve));
    }
    stream.end();
    await refused;
  });

  it("names a file it cannot read", () => {
    const dir = newDir();
    expect(() => readTextFile(dir)).toThrow(`cannot read ${dir}: it is a directory`);
    expect(() => readTextFile(join(dir, "none.json"))).toThrow(
      `cannot read ${join(dir, "none.json")}: no such file or directory`,
    );
  });
});
