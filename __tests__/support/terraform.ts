import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** The Terraform binary: /usr/local/bin/terraform, or the first on PATH; undefined when there is none. */
export function findTerraform(): string | undefined {
  const candidates = [
    "/usr/local/bin/terraform",
    ...(process.env.PATH ?? "").split(delimiter).map((d) => join(d, "terraform")),
  ];
  return candidates.find((path) => path !== "terraform" && existsSync(path));
}

/**
 * Lets real Terraform evaluate a configuration without providers (variables and outputs only),
 * offline: init, apply, and the outputs' values by name.
 */
export function terraformOutputs(terraform: string, config: object): Record<string, unknown> {
  const outputs = JSON.parse(terraformOutputJson(terraform, config)) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]));
}

/** The same, returning what `terraform output -json` prints: each output with its type and sensitivity. */
export function terraformOutputJson(terraform: string, config: object): string {
  const dir = mkdtempSync(join(tmpdir(), "corso-terraform-"));
  try {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config));
    writeFileSync(join(dir, "terraformrc"), "");
    const run = (...args: string[]) =>
      execFileSync(terraform, args, {
        cwd: dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          TF_CLI_CONFIG_FILE: join(dir, "terraformrc"),
          TF_IN_AUTOMATION: "1",
          CHECKPOINT_DISABLE: "1",
        },
      });
    run("init", "-input=false");
    run("apply", "-input=false", "-auto-approve", "-lock=false");
    return run("output", "-json");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
