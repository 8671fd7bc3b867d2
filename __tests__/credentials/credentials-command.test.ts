import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "../..");
const outputs = JSON.stringify({
  corso: { AZURE_CLIENT_ID: "client", AZURE_TENANT_ID: "tenant", AZURE_CLIENT_SECRET: "it's $ecret" },
});

beforeAll(() => execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]));

/** Runs the compiled command as its `bin` entry runs it. */
function credentials(args: string[], input?: string) {
  return spawnSync(process.execPath, [join(root, "dist/bin/credentials.js"), ...args], { input, encoding: "utf8" });
}

describe("corso-credentials", () => {
  it("reads outputs from standard input and prints bash that sets them", () => {
    const run = credentials(["--format", "bash"], outputs);
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
    expect(printed).toBe("client|tenant|it's $ecret");
  });

  it("reads --from FILE and writes --out FILE readable by its owner only", () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-credentials-"));
    writeFileSync(join(dir, "outputs.json"), outputs);
    writeFileSync(join(dir, ".env"), "OLD=1\n", { mode: 0o644 });
    const run = credentials(["--format", "dotenv", "--from", join(dir, "outputs.json"), "--out", join(dir, ".env")]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
    expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, ".env"), "utf8")).toBe(
      "AZURE_CLIENT_ID='client'\nAZURE_TENANT_ID='tenant'\nAZURE_CLIENT_SECRET=`it's $ecret`\n",
    );
  });

  it("fails with a message and no output when an output is missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-credentials-"));
    const run = credentials(
      ["--format", "toml", "--out", join(dir, "never")],
      JSON.stringify({ corso: { AZURE_CLIENT_ID: "c" } }),
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^corso-credentials: stack 'corso' lacks AZURE_TENANT_ID, AZURE_CLIENT_SECRET/);
    expect(() => statSync(join(dir, "never"))).toThrow();
  });

  it("rejects an unknown format with usage and status 2", () => {
    const run = credentials(["--format", "fish"], outputs);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--format must be one of bash, powershell, dotenv, toml; got fish");
    expect(run.stderr).toContain("Usage: corso-credentials");
  });

  it("says which file it cannot read", () => {
    const run = credentials(["--format", "bash", "--from", "/nonexistent/outputs.json"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^corso-credentials: cannot read \/nonexistent\/outputs.json: ENOENT/);
  });
});
