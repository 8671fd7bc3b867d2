import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..");

/** Runs `npm run synth`'s entry point into a fresh directory and returns the stack's JSON text. */
function runMain(extraEnv: NodeJS.ProcessEnv = {}): { stack: string; stderr: string } {
  const outdir = mkdtempSync(join(tmpdir(), "corso-synth-"));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, ...extraEnv };
    const inherited = Object.keys(env).filter((n) => !(n in extraEnv));
    for (const name of inherited.filter((n) => /^(ARM_|AZURE_|CORSO_)/.test(n))) {
      delete env[name];
    }
    const stderr = execFileSync(process.execPath, [join(root, "scripts/run-built.js"), "main"], {
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { stack: readFileSync(join(outdir, "stacks/corso/cdk.tf.json"), "utf8"), stderr };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe("main.ts", () => {
  it("synthesizes the corso stack with no Azure credentials, byte-identical on every run", () => {
    const first = runMain();
    const second = runMain();
    expect(second.stack).toBe(first.stack);
    const json = JSON.parse(first.stack);
    expect(Object.keys(json.resource.azuread_app_role_assignment)).toHaveLength(14);
    expect(Object.keys(json.output)).toEqual([
      "AZURE_CLIENT_ID",
      "AZURE_CLIENT_SECRET",
      "AZURE_TENANT_ID",
      "client_secret_end_date",
      "client_secret_schedule",
    ]);
  });
});

describe("main.ts with a config file", () => {
  it("synthesizes one stack per tenant of the file CORSO_CONFIG names", () => {
    const outdir = mkdtempSync(join(tmpdir(), "corso-synth-"));
    execFileSync(process.execPath, [join(root, "scripts/run-built.js"), "main"], {
      env: { ...process.env, CDKTF_OUTDIR: outdir, CORSO_CONFIG: join(root, "examples/three-tenants-azurerm.json") },
      stdio: "ignore",
    });
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["contoso", "fabrikam", "northwind"]);
  });

  it("reports every mistake and synthesizes nothing when the file is wrong", () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-bad-"));
    writeFileSync(join(dir, "corso.config.json"), JSON.stringify({ tenants: [{ name: "A", tenantId: "x" }] }));
    const run = spawnSync(process.execPath, [join(root, "scripts/run-built.js"), "main"], {
      cwd: dir,
      env: { ...process.env, CDKTF_OUTDIR: join(dir, "out") },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "corso.config.json: 2 problems:\n" +
        '  - tenants[0].name: expected a stack name of lowercase letters, digits and dashes (at most 63, not starting or ending with a dash), got "A"\n' +
        '  - tenants[0].tenantId: expected the Entra ID tenant id as a GUID, got "x"\n',
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("fails in one line, without a stack trace, when CORSO_CONFIG names a directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-dir-"));
    const run = spawnSync(process.execPath, [join(root, "scripts/run-built.js"), "main"], {
      cwd: dir,
      env: { ...process.env, CDKTF_OUTDIR: join(dir, "out"), CORSO_CONFIG: dir },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`cannot read ${dir}: it is a directory\n`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("npm run synth's report", () => {
  it("lists each stack and its warnings wherever CDKTF_OUTDIR puts the synthesis, and leaves them to the cdktf CLI under it", () => {
    const project = mkdtempSync(join(tmpdir(), "corso-report-"));
    const run = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [join(root, "scripts/run-built.js"), "main"], {
        cwd: project,
        env: { ...process.env, CORSO_CONFIG: "", CORSO_KEY_VAULT_ID: "", ...env },
        encoding: "utf8",
      });
    const relativeOut = run({ CDKTF_OUTDIR: "build/out" });
    expect(relativeOut.status).toBe(0);
    expect(relativeOut.stderr).toContain(`Synthesized stack 'corso': ${join("build/out/stacks/corso/cdk.tf.json")}\n`);
    expect(relativeOut.stderr).toMatch(/^ {2}\[warn\] corso\/Corso: the application has one owner/m);
    const absoluteOut = run({ CDKTF_OUTDIR: join(project, "elsewhere") });
    expect(absoluteOut.stderr).toContain("Synthesized stack 'corso': elsewhere/stacks/corso/cdk.tf.json\n");
    const underCli = run({ CDKTF_OUTDIR: join(project, "cli-out"), SYNTH_HCL_OUTPUT: "false" });
    expect(underCli.status).toBe(0);
    expect(underCli.stderr).toBe("");
    expect(existsSync(join(project, "cli-out/stacks/corso/cdk.tf.json"))).toBe(true);
  });

  it("prints a warning that several stacks share once, naming them, and each other warning with its stack", () => {
    const project = mkdtempSync(join(tmpdir(), "corso-report-"));
    const tenant = (name: string, last: string, more: object = {}) => ({
      name,
      tenantId: `72f988bf-86f1-41af-91ab-2d7cd011db${last}`,
      ...more,
    });
    const owners = ["11111111-0000-4000-8000-000000000001", "11111111-0000-4000-8000-000000000002"];
    const tenants = [
      tenant("contoso", "47"),
      tenant("fabrikam", "48"),
      tenant("northwind", "49", { owners, deployerIsOwner: false }),
    ];
    writeFileSync(join(project, "corso.config.json"), JSON.stringify({ tenants }));
    const run = spawnSync(process.execPath, [join(root, "scripts/run-built.js"), "main"], {
      cwd: project,
      env: { ...process.env, CORSO_CONFIG: "", CORSO_KEY_VAULT_ID: "", CDKTF_OUTDIR: "out" },
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      `Synthesized 3 stacks, each in ${join("out/stacks/<name>/cdk.tf.json")}: contoso, fabrikam, northwind`,
    );
    expect(lines[1]).toMatch(
      /^ {2}\[warn\] <name>\/Corso in every stack \(3\): ChannelMessage\.Read\.All and Chat\.Read\.All read Teams messages/,
    );
    expect(lines[2]).toMatch(
      /^ {2}\[warn\] <name>\/Corso in 2 stacks \(contoso, fabrikam\): the application has one owner, the identity that deploys it/,
    );
    expect(lines[3]).toMatch(/^ {2}\[warn\] northwind\/Corso: deployerIsOwner is false/);
  });
});
