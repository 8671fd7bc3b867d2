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
import { FileError, readInput, readTextFile, writeFileAtomic } from "../../lib/common";

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

  it("names a file it cannot read", () => {
    const dir = newDir();
    expect(() => readTextFile(dir)).toThrow(`cannot read ${dir}: it is a directory`);
    expect(() => readTextFile(join(dir, "none.json"))).toThrow(
      `cannot read ${join(dir, "none.json")}: no such file or directory`,
    );
  });
});
