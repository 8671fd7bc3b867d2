import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..");

/** Runs `npm run synth`'s entry point into a fresh directory and returns the stack's JSON text. */
function runMain(): { stack: string; stderr: string } {
  const outdir = mkdtempSync(join(tmpdir(), "corso-synth-"));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
    for (const name of Object.keys(env).filter((n) => n.startsWith("ARM_") || n.startsWith("AZURE_"))) {
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
    ]);
  });
});
