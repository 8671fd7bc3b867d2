import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..");
const ourPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/**
 * Packs the library as npm would publish it, installs the tarball into a new project (from the
 * local npm cache: no network), compiles README's example stack there and synthesizes it.
 */
describe("the published package", () => {
  let dir: string;
  let project: string;

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"], { stdio: "inherit" });
    dir = mkdtempSync(join(tmpdir(), "corso-package-"));
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: root, stdio: "ignore" });
    const tarball = join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz")) as string);
    project = join(dir, "user-project");
    mkdirSync(project);
    const version = (name: string) => ourPackage.devDependencies[name] ?? ourPackage.dependencies[name];
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "user-project",
        private: true,
        dependencies: {
          "corso-m365-cdktf": `file:${tarball}`,
          cdktf: version("cdktf"),
          constructs: version("constructs"),
          "@cdktf/provider-azuread": version("@cdktf/provider-azuread"),
        },
      }),
    );
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
      cwd: project,
      stdio: "ignore",
    });
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const resolveInProject = (expression: string): string =>
    execFileSync(process.execPath, ["-p", expression], { cwd: project, encoding: "utf8" }).trim();

  it("ships compiled JavaScript with type declarations and nothing else", () => {
    const installed = join(project, "node_modules/corso-m365-cdktf");
    const files = readdirSync(join(installed, "dist/lib"));
    expect(files).toContain("index.js");
    expect(files).toContain("index.d.ts");
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(readdirSync(installed).sort()).toEqual(["README.md", "dist", "package.json"].sort());
    expect(readdirSync(join(installed, "dist")).sort()).toEqual(["bin", "lib"]);
  });

  it("installs the commands and the Key Vault entry point", () => {
    const review = execFileSync(join(project, "node_modules/.bin/corso-review"), ["--help"], { encoding: "utf8" });
    expect(review).toMatch(/^Usage: corso-review \[--base BASE_DIR\] \[DIR\]/);
    const help = execFileSync(join(project, "node_modules/.bin/corso-credentials"), ["--help"], { encoding: "utf8" });
    expect(help).toMatch(/^Usage: corso-credentials --format <bash\|powershell\|dotenv\|toml>/);
    expect(resolveInProject(`require.resolve("corso-m365-cdktf/key-vault-secrets")`)).toBe(
      join(project, "node_modules/corso-m365-cdktf/dist/lib/key-vault-secrets.js"),
    );
  });

  it("shares one cdktf with the user's stack", () => {
    const library = JSON.stringify(join(project, "node_modules/corso-m365-cdktf"));
    expect(resolveInProject(`require.resolve("cdktf", { paths: [${library}] }) === require.resolve("cdktf")`)).toBe(
      "true",
    );
  });

  it("compiles README's example stack against the declarations and synthesizes it", () => {
    copyFileSync(join(root, "examples/backup-stack.ts"), join(project, "main.ts"));
    const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
    execFileSync(
      process.execPath,
      [tsc, "--strict", "--skipLibCheck", "--target", "es2022", "--module", "commonjs", "--outDir", "out", "main.ts"],
      { cwd: project, stdio: "pipe" },
    );
    const outdir = join(project, "cdktf.out");
    execFileSync(process.execPath, ["out/main.js"], { cwd: project, env: { ...process.env, CDKTF_OUTDIR: outdir } });
    const stack = JSON.parse(readFileSync(join(outdir, "stacks/backup/cdk.tf.json"), "utf8"));
    const application = Object.values<{ display_name: string }>(stack.resource.azuread_application);
    expect(application.map((a) => a.display_name)).toEqual(["Corso Backup (mail and files)"]);
    expect(Object.keys(stack.resource.azuread_app_role_assignment)).toHaveLength(2 + 4 + 1);
    expect(stack.output.AZURE_CLIENT_SECRET.sensitive).toBe(true);
  }, 30_000);
});
