import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CORSO_PERMISSIONS, permissionsForServices } from "../lib";

/**
 * The package as users get it: packed as npm would publish it, then installed into the projects
 * under __tests__/package/hosts, each laid out as `cdktf init --template=typescript` lays one out
 * (its package.json scripts, cdktf.json and tsconfig.json; no jest, since nothing is tested there)
 * with the versions its committed lockfile pins, none of them the library's own devDependencies:
 * - cdktf-0.21: two tenants' registrations on two aliased azuread providers, the Key Vault entry,
 *   and azurerm and time providers declared after the constructs;
 * - cdktf-0.20: the oldest versions in the peer ranges (cdktf 0.20.0, azuread 13.0.0, time 10.0.0,
 *   azurerm 12.0.0, random 11.0.0, TypeScript 5.0), an aliased time provider for the clocks and the
 *   azuread provider declared after the construct.
 * Each project is installed with `npm ci` (the registry or npm's cache), then the tarball is added
 * with `npm install` as the README says, type-checked with `skipLibCheck: false` and synthesized
 * through ts-node, as its `cdktf.json` runs it, with its tsconfig as it is.
 */
const root = join(__dirname, "..");
const hostsDir = join(__dirname, "package/hosts");
const ourPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const HOSTS = readdirSync(hostsDir).sort();
const SINGLE_COPY = [
  "cdktf",
  "constructs",
  "@cdktf/provider-azuread",
  "@cdktf/provider-azurerm",
  "@cdktf/provider-random",
  "@cdktf/provider-time",
];
// cdktf's template leaves moduleResolution unset, which is node10 under "module": "CommonJS"; others choose these.
const RESOLUTIONS = [
  ["CommonJS", "Node10"],
  ["Node16", "Node16"],
  ["NodeNext", "NodeNext"],
  ["ESNext", "Bundler"],
] as const;

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command to its end, never throwing: the code and everything it printed. */
function run(file: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
    execFile(file, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** Runs jobs two at a time: this machine has two cores, and each job is one compiler. */
async function pool<T>(jobs: (() => Promise<T>)[], width = 2): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** Every installed copy of each package in `names`, as `name -> versions`, nested copies included. */
function installedCopies(nodeModules: string, names: readonly string[], found = new Map<string, string[]>()) {
  for (const entry of readdirSync(nodeModules)) {
    const packages = entry.startsWith("@")
      ? readdirSync(join(nodeModules, entry)).map((p) => `${entry}/${p}`)
      : [entry];
    for (const name of packages) {
      const dir = join(nodeModules, name);
      if (names.includes(name)) {
        const version = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version as string;
        found.set(name, [...(found.get(name) ?? []), version]);
      }
      if (existsSync(join(dir, "node_modules"))) installedCopies(join(dir, "node_modules"), names, found);
    }
  }
  return found;
}

interface Host {
  readonly dir: string;
  readonly install: Run;
  readonly typecheck: Run;
  readonly synth: Run;
  /** Only in cdktf-0.21: a type-check under the strictest resolution too. */
  readonly nodenext?: Run;
}

const hosts = new Map<string, Host>();
let work: string;

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"], { stdio: "inherit" });
  work = mkdtempSync(join(tmpdir(), "corso-package-"));
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", work], { cwd: root, stdio: "ignore" });
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz")) as string);
  const npm = ["--prefer-offline", "--no-audit", "--no-fund"];

  const installs = await Promise.all(
    HOSTS.map(async (name) => {
      const dir = join(work, name);
      cpSync(join(hostsDir, name), dir, { recursive: true });
      // README's examples compile in every host too: the template's tsconfig includes every .ts file.
      mkdirSync(join(dir, "readme"));
      for (const example of ["backup-stack.ts", "key-vault-stack.ts"]) {
        cpSync(join(root, "examples", example), join(dir, "readme", example));
      }
      const ci = await run("npm", ["ci", ...npm], dir);
      const install = ci.code === 0 ? await run("npm", ["install", ...npm, tarball], dir) : ci;
      return { name, dir, install };
    }),
  );
  if (installs.some((i) => i.install.code !== 0)) {
    for (const { name, dir, install } of installs)
      hosts.set(name, { dir, install, typecheck: install, synth: install });
    return;
  }

  const tsc =
    (dir: string, ...args: string[]) =>
    () =>
      run(process.execPath, [join(dir, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", ".", ...args], dir);
  const jobs = installs.flatMap(({ name, dir }) => [
    tsc(dir, "--skipLibCheck", "false"),
    () => run(process.execPath, [join(dir, "node_modules/ts-node/dist/bin.js"), "main.ts"], dir),
    ...(name === "cdktf-0.21" ? [tsc(dir, "--module", "nodenext", "--moduleResolution", "nodenext")] : []),
  ]);
  const results = await pool(jobs);
  for (const { name, dir, install } of installs) {
    const [typecheck, synth] = results.splice(0, 2);
    const nodenext = name === "cdktf-0.21" ? results.shift() : undefined;
    hosts.set(name, { dir, install, typecheck, synth, nodenext });
  }
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

type Block = Record<string, unknown> & { provider?: string };
interface Synthesized {
  provider: Record<string, Block[]>;
  resource: Record<string, Record<string, Block>>;
  data: Record<string, Record<string, Block>>;
  terraform: { required_providers: Record<string, { version: string }> };
}

function synthesized(host: string, stack: string): Synthesized {
  return JSON.parse(readFileSync(join(hosts.get(host)!.dir, "cdktf.out/stacks", stack, "cdk.tf.json"), "utf8"));
}

/** The `provider` of every resource and data source of `type`, by Terraform name. */
function providersOf(json: Synthesized, type: string, kind: "resource" | "data" = "resource") {
  return Object.fromEntries(Object.entries(json[kind][type] ?? {}).map(([name, body]) => [name, body.provider]));
}

describe.each(HOSTS)("host project %s", (name) => {
  const host = () => hosts.get(name)!;
  const committed = JSON.parse(readFileSync(join(hostsDir, name, "package.json"), "utf8"));
  const locked = JSON.parse(readFileSync(join(hostsDir, name, "package-lock.json"), "utf8"));

  it("installs the packed library without peer warnings or changes to the project's own pins", () => {
    expect(host().install).toMatchObject({ code: 0 });
    // npm reports an unmet peer range, optional ones included, as ERESOLVE or "peer dependency".
    expect(host().install.output).not.toMatch(/ERESOLVE|peer dep/i);
    const after = JSON.parse(readFileSync(join(host().dir, "package.json"), "utf8"));
    expect(after.dependencies).toEqual({
      ...committed.dependencies,
      "corso-m365-cdktf": expect.stringMatching(/^file:.*corso-m365-cdktf-[\d.]+\.tgz$/),
    });
  });

  it("has one copy of cdktf, constructs and each provider package: the project's, not the library's", () => {
    const copies = installedCopies(join(host().dir, "node_modules"), SINGLE_COPY);
    for (const pkg of SINGLE_COPY) {
      expect([pkg, copies.get(pkg)]).toEqual([pkg, [locked.packages[`node_modules/${pkg}`].version]]);
      if (pkg.startsWith("@cdktf/")) {
        expect(copies.get(pkg)).not.toContain(ourPackage.devDependencies[pkg]);
      }
    }
    const library = join(host().dir, "node_modules/corso-m365-cdktf");
    const resolveFrom = (dir: string, request: string) => require.resolve(request, { paths: [dir] });
    for (const request of ["cdktf", "@cdktf/provider-azuread/lib/provider", "@cdktf/provider-time/lib/provider"]) {
      expect(resolveFrom(library, request)).toBe(resolveFrom(host().dir, request));
    }
  });

  it("has cdktf's TypeScript template's tsconfig.json, whose moduleResolution is node10", () => {
    const template = join(root, "node_modules/cdktf-cli/bundle/templates/typescript/tsconfig.json");
    const tsconfig = JSON.parse(readFileSync(join(hostsDir, name, "tsconfig.json"), "utf8"));
    expect(tsconfig).toEqual(JSON.parse(readFileSync(template, "utf8")));
    expect(tsconfig.compilerOptions).toMatchObject({ module: "CommonJS", skipLibCheck: true });
    expect(tsconfig.compilerOptions).not.toHaveProperty("moduleResolution");
  });

  it.each(RESOLUTIONS)(
    "resolves both entry points to their declarations with module %s and moduleResolution %s",
    (module, resolution) => {
      // The project's own TypeScript, as its compiler resolves a require (CommonJS) and an import (ESM).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ts = require(join(host().dir, "node_modules/typescript")) as typeof import("typescript");
      const options = { module: ts.ModuleKind[module], moduleResolution: ts.ModuleResolutionKind[resolution] };
      const resolve = (request: string, mode: number) =>
        ts.resolveModuleName(request, join(host().dir, "main.ts"), options, ts.sys, undefined, undefined, mode)
          .resolvedModule?.resolvedFileName;
      const dist = join(host().dir, "node_modules/corso-m365-cdktf/dist/lib");
      for (const mode of [ts.ModuleKind.CommonJS, ts.ModuleKind.ESNext]) {
        expect(resolve("corso-m365-cdktf", mode)).toBe(join(dist, "index.d.ts"));
        expect(resolve("corso-m365-cdktf/key-vault-secrets", mode)).toBe(join(dist, "key-vault-secrets.d.ts"));
      }
    },
  );

  it("type-checks its stack and README's examples with skipLibCheck false", () => {
    expect(host().typecheck).toEqual({ code: 0, output: "" });
  });

  it("synthesizes through ts-node, as its cdktf.json runs it, with its tsconfig as it is", () => {
    expect(JSON.parse(readFileSync(join(hostsDir, name, "cdktf.json"), "utf8")).app).toBe("npx ts-node main.ts");
    expect(host().synth).toMatchObject({ code: 0 });
  });
});

describe("on cdktf 0.21, with cdktf's template", () => {
  const host = () => hosts.get("cdktf-0.21")!;

  it("type-checks under moduleResolution nodenext too", () => {
    expect(host().nodenext).toEqual({ code: 0, output: "" });
  });

  it("puts each tenant's registration on its own aliased azuread provider", () => {
    const json = synthesized("cdktf-0.21", "customers");
    expect(json.provider.azuread).toEqual([
      { alias: "contoso", tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47" },
      { alias: "fabrikam", tenant_id: "3c5e1f0a-8d2b-4e6f-9a1c-7b4d2e8f0a61" },
    ]);
    const azuread = [
      ...["azuread_application", "azuread_service_principal", "azuread_app_role_assignment"].map((t) =>
        providersOf(json, t),
      ),
      providersOf(json, "azuread_application_password"),
      providersOf(json, "azuread_client_config", "data"),
      providersOf(json, "azuread_service_principal", "data"),
    ].flatMap((byName) => Object.entries(byName));
    // Each registration: application, service principal, two passwords, two data sources; then its consents.
    expect(azuread.length).toBe(2 * 6 + CORSO_PERMISSIONS.length + permissionsForServices(["exchange"]).length);
    for (const [address, provider] of azuread) {
      expect([address, provider]).toEqual([
        address,
        address.startsWith("Contoso_") ? "azuread.contoso" : "azuread.fabrikam",
      ]);
    }
  });

  it("has one unaliased time provider, its own, declared after the constructs, and no second", () => {
    const json = synthesized("cdktf-0.21", "customers");
    expect(json.provider.time).toEqual([{}]);
    expect(Object.values(providersOf(json, "time_rotating"))).toEqual([undefined, undefined, undefined, undefined]);
    expect(json.provider.azurerm).toEqual([
      { features: [{}], subscription_id: "0b1f6471-1bf0-4dda-aec3-111122223333" },
    ]);
    expect(json.provider.random).toEqual([{}]);
    expect(Object.keys(json.resource.azurerm_key_vault_secret)).toHaveLength(4);
  });

  it("ships compiled JavaScript with type declarations and nothing else", () => {
    const installed = join(host().dir, "node_modules/corso-m365-cdktf");
    expect(readdirSync(installed).sort()).toEqual(["README.md", "dist", "package.json"]);
    expect(readdirSync(join(installed, "dist")).sort()).toEqual(["bin", "lib"]);
    const files = readdirSync(join(installed, "dist/lib"));
    expect(files).toEqual(expect.arrayContaining(["index.js", "index.d.ts", "key-vault-secrets.d.ts"]));
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("installs the commands", () => {
    const bin = (command: string) => join(host().dir, "node_modules/.bin", command);
    expect(execFileSync(bin("corso-review"), ["--help"], { encoding: "utf8" })).toMatch(
      /^Usage: corso-review \[--base BASE_DIR\] \[--plan PLAN\.json\]\.\.\. \[--fail-on KINDS\] \[DIR\]/,
    );
    expect(execFileSync(bin("corso-adopt"), ["--help"], { encoding: "utf8" })).toMatch(
      /^Usage: corso-adopt --tenant-id TENANT \(--client-id CLIENT_ID \| --display-name NAME\) \[--write\]/,
    );
    expect(execFileSync(bin("corso-credentials"), ["--help"], { encoding: "utf8" })).toMatch(
      /^Usage: corso-credentials --format <bash\|powershell\|dotenv\|toml>/,
    );
    expect(execFileSync(bin("corso-preflight"), ["--help"], { encoding: "utf8" })).toMatch(
      /^Usage: corso-preflight \[--from FILE \| --env\]/,
    );
  });
});

describe("on cdktf 0.20, with the oldest versions in the peer ranges", () => {
  it("runs the clocks on the project's aliased time provider and adds the one unaliased time provider", () => {
    const json = synthesized("cdktf-0.20", "backup");
    expect(json.provider.time).toEqual([{ alias: "corso" }, {}]);
    expect(Object.values(providersOf(json, "time_rotating"))).toEqual(["time.corso", "time.corso"]);
  });

  it("uses the azuread provider declared after the construct, and the project's provider versions", () => {
    const json = synthesized("cdktf-0.20", "backup");
    expect(json.provider.azuread).toEqual([{}]);
    expect(json.provider.azurerm).toHaveLength(1);
    expect(json.provider.random).toEqual([{}]);
    // The Terraform provider versions the project's bindings were generated for.
    expect(json.terraform.required_providers).toMatchObject({
      azuread: { version: "3.0.2" },
      azurerm: { version: "3.86.0" },
      time: { version: "0.10.0" },
      random: { version: "3.6.0" },
    });
  });
});
