import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shortWriteDir } from "../support/short-write";

const root = join(__dirname, "../..");
const command = join(root, "dist/bin/credentials.js");
const CLIENT = "0b1f6471-1bf0-4dda-aec3-111122223333";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const outputs = JSON.stringify({
  corso: { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: "it's $ecret" },
});

beforeAll(() => execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]));

/** Runs the compiled command as its `bin` entry runs it. */
function credentials(args: string[], input?: string) {
  return spawnSync(process.execPath, [command, ...args], { input, encoding: "utf8" });
}

describe("corso-credentials", () => {
  it("reads a pipe that fills slowly and holds more than 64 KB, and prints bash that sets the values", () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-credentials-"));
    const big = JSON.stringify({ corso: { ...JSON.parse(outputs).corso, notes: "n".repeat(100_000) } });
    writeFileSync(join(dir, "outputs.json"), big);
    const run = spawnSync(
      "bash",
      ["-c", `(sleep 0.3; cat outputs.json) | "$1" "$2" --format bash`, "_", process.execPath, command],
      { cwd: dir, encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const printed = execFileSync(
      "bash",
      [
        "-c",
        `eval "$1"; printf '%s|%s|%s' "$AZURE_CLIENT_ID" "$AZURE_TENANT_ID" "$AZURE_CLIENT_SECRET"`,
        "_",
        run.stdout,
      ],
      { encoding: "utf8" },
    );
    expect(printed).toBe(`${CLIENT}|${TENANT}|it's $ecret`);
  });

  it("fails with status 1, one line and nothing written when the input is wrong", () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-credentials-"));
    const run = credentials(
      ["--format", "toml", "--out", join(dir, "never")],
      JSON.stringify({ corso: { AZURE_CLIENT_ID: 7 } }),
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "corso-credentials: stack 'corso' has no outputs AZURE_TENANT_ID, AZURE_CLIENT_SECRET; its outputs are 'AZURE_CLIENT_ID': " +
        "name the ones to read with --tenant-id-output, --client-secret-output (or --prefix)\n",
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("rejects a wrong command line with usage and status 2", () => {
    const run = credentials(["--merge", "c.toml", "--out", "x"], outputs);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^corso-credentials: --merge rewrites the file it names; --out cannot go with it\n\nUsage: corso-credentials /,
    );
    expect(run.stdout).toBe("");
  });

  it("shows help for the command as installed, how to run it in this repository, and its exit statuses", () => {
    const run = credentials(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: corso-credentials --format <bash\|powershell\|dotenv\|toml> /);
    expect(run.stdout).toContain("  corso-credentials --merge ~/.corso.toml --from outputs.json\n");
    expect(run.stdout).toContain("In a clone of corso-m365-cdktf: npm run --silent credentials -- --format bash");
    expect(run.stdout).toContain("Exit status: 0 done; 1 unreadable, incomplete or unsafe input");
    expect(run.stdout).toContain("2 wrong command line.");
  });

  it("loads the TOML parser only to merge", () => {
    const script = `
      const credentials = require(${JSON.stringify(join(root, "dist/lib/credentials"))});
      const values = { AZURE_CLIENT_ID: "${CLIENT}", AZURE_TENANT_ID: "${TENANT}", AZURE_CLIENT_SECRET: "s" };
      for (const format of credentials.CREDENTIAL_FORMATS) credentials.formatCredentials(values, format);
      const loaded = () => Object.keys(require.cache).some((path) => path.includes("smol-toml"));
      const before = loaded();
      credentials.mergeCorsoConfig("bucket = 'b'", values, "f");
      process.stdout.write(JSON.stringify([before, loaded()]));`;
    expect(JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }))).toEqual([false, true]);
  });
});

describe("corso-credentials when the disk takes fewer bytes than asked", () => {
  // 4 KiB fit; what is written holds a 6000-character passphrase, so write(2) takes part of it and then fails.
  const FREE = 4096;
  const passphrase = "p".repeat(6000);
  const withPassphrase = JSON.stringify({ corso: { ...JSON.parse(outputs).corso, CORSO_PASSPHRASE: passphrase } });
  const toml = readFileSync(join(__dirname, "fixtures/repo-init-s3.corso.toml"), "utf8");

  it.each([
    ["--out FILE", "corso.env", "OLD=1\n", ["--format", "bash", "--out"]],
    ["--merge .corso.toml", ".corso.toml", toml, ["--merge"]],
  ])(
    "%s fails with status 1 and one line naming the file, which keeps every byte, and leaves no temporary file",
    (_, name, original, options) => {
      const disk = shortWriteDir(FREE, { [name]: original });
      try {
        const file = join(disk.dir, name);
        const [program, args] = disk.wrap([process.execPath, command, ...options, file]);
        const run = spawnSync(program, args, { input: withPassphrase, encoding: "utf8" });
        const why =
          disk.kind === "a file-size limit"
            ? "the file would exceed the file-size limit"
            : "no space left on the device";
        expect(run.stderr).toBe(`corso-credentials: cannot write ${file}: ${why}; ${file} is unchanged\n`);
        expect(run.status).toBe(1);
        expect(run.stdout).toBe("");
        expect(readFileSync(file, "utf8")).toBe(original);
        expect(readdirSync(disk.dir).filter((n) => n !== ".filler")).toEqual([name]);
      } finally {
        disk.release();
      }
    },
  );
});
