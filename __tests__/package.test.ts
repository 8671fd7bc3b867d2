import { execFile, execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CORSO_PERMISSIONS, permissionsForServices } from "../lib";

/**
 * The package as users get it: packed as npm would publish it, then installed into the projects
 * under __tests__/package/hosts with the line README gives for that package manager and cdktf line,
 * each project with the versions its committed lockfile pins, none of them the library's own
 * devDependencies:
 * - cdktf-0.21 (npm): cdktf's TypeScript template; two tenants' registrations on two aliased azuread
 *   providers, the Key Vault entry, and azurerm and time providers declared after the constructs;
 * - cdktf-0.20 (npm): the oldest versions in the peer ranges (cdktf 0.20.0, azuread 13.0.0, time
 *   10.0.0, azurerm 12.0.0, random 11.0.0, TypeScript 5.0), an aliased time provider for the clocks
 *   and the azuread provider declared after the construct;
 * - esm-0.21 (npm): an ES module project ("type": "module", moduleResolution nodenext) without the
 *   time bindings, which npm adds as a peer;
 * - pnpm-workspace-0.20 (pnpm): a workspace whose package `infra` holds the cdktf 0.20 app, with a
 *   stack unrelated to Corso and neither the time nor the random bindings (README's pnpm line names
 *   the 0.20 time bindings);
 * - yarn-0.21 (yarn 1): cdktf's template without the time bindings, which yarn never adds for a peer
 *   (README's yarn line names them).
 * Each project is type-checked with `skipLibCheck: false` and synthesized as its `cdktf.json` runs
 * it (ts-node, or tsc then node for the ES module project); README's examples are compiled and run
 * as CommonJS and as ES modules under every moduleResolution.
 */
const root = join(__dirname, "..");
const hostsDir = join(__dirname, "package/hosts");
const ourPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const readme = readFileSync(join(root, "README.md"), "utf8");
const pnpmBin = join(root, "node_modules/pnpm/bin/pnpm.cjs");
const yarnBin = join(root, "node_modules/yarn/bin/yarn.js");
// yarn 1 reads registry.yarnpkg.com unless told; the host's yarn.lock and this test use npm's registry.
const YARN_FLAGS = ["--non-interactive", "--prefer-offline", "--registry", "https://registry.npmjs.org"];
// The tarball README's install lines name; the test puts the packed one in its place.
const README_TARBALL = `../corso-m365-cdktf/corso-m365-cdktf-${ourPackage.version}.tgz`;

interface HostSpec {
  readonly manager: "npm" | "pnpm" | "yarn";
  /** The cdktf app's folder in the project: a workspace package for pnpm. */
  readonly app: string;
  /** README's install line for this project. */
  readonly install: string;
  /** An ES module project, which compiles with tsc and runs the JavaScript. */
  readonly esm: boolean;
  readonly line: "0.20" | "0.21";
}
// Each binding's major for a cdktf line (`npm view @cdktf/provider-time@10 peerDependencies`: cdktf ^0.20.0).
const BINDINGS_0_20: Record<string, number> = { "@cdktf/provider-time": 10, "@cdktf/provider-random": 11 };
const BINDINGS_0_21: Record<string, number> = { "@cdktf/provider-time": 11, "@cdktf/provider-random": 12 };
const SPECS: Record<string, HostSpec> = {
  "cdktf-0.20": { manager: "npm", app: ".", install: `npm install ${README_TARBALL}`, esm: false, line: "0.20" },
  "cdktf-0.21": { manager: "npm", app: ".", install: `npm install ${README_TARBALL}`, esm: false, line: "0.21" },
  "esm-0.21": { manager: "npm", app: ".", install: `npm install ${README_TARBALL}`, esm: true, line: "0.21" },
  "pnpm-workspace-0.20": {
    manager: "pnpm",
    app: "infra",
    install: `pnpm add ${README_TARBALL} @cdktf/provider-time@^10`,
    esm: false,
    line: "0.20",
  },
  "yarn-0.21": {
    manager: "yarn",
    app: ".",
    install: `yarn add ${README_TARBALL} @cdktf/provider-time@^11`,
    esm: false,
    line: "0.21",
  },
};
const HOSTS = readdirSync(hostsDir).sort();
const TEMPLATE_HOSTS = HOSTS.filter((name) => !SPECS[name].esm);
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
// README's examples as each kind of project compiles them: CommonJS in the template's project, ES
// modules in the ES module project (where a bundler's settings emit JavaScript node runs as well).
const README_BUILDS = [
  ["cdktf-0.21", "CommonJS", "Node10"],
  ["cdktf-0.21", "Node16", "Node16"],
  ["cdktf-0.21", "NodeNext", "NodeNext"],
  ["esm-0.21", "ES2022", "Node10"],
  ["esm-0.21", "Node16", "Node16"],
  ["esm-0.21", "NodeNext", "NodeNext"],
  ["esm-0.21", "ESNext", "Bundler"],
] as const;
const EXAMPLES = ["backup-stack", "key-vault-stack"];
// What installing the library may add to a project that has its peers: packages and bytes.
const FOOTPRINT_BUDGET = { packages: 5, bytes: 5 * 1024 * 1024 };

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command to its end, never throwing: the code and everything it printed. */
function run(file: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", ...extraEnv };
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

/** The packages of a node_modules folder, nested copies included, as `[name, version, dir]`. */
function packagesIn(nodeModules: string): [string, string, string][] {
  if (!existsSync(nodeModules)) return [];
  const found: [string, string, string][] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    const names = entry.startsWith("@") ? readdirSync(join(nodeModules, entry)).map((p) => `${entry}/${p}`) : [entry];
    for (const name of names) {
      const dir = join(nodeModules, name);
      if (!existsSync(join(dir, "package.json"))) continue;
      found.push([name, JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version as string, dir]);
      found.push(...packagesIn(join(dir, "node_modules")));
    }
  }
  return found;
}

/**
 * Every installed copy of each package in `names`, as `name -> versions`: npm's tree, or pnpm's
 * store of the workspace (`node_modules/.pnpm/<name>@<version>...`), where every copy lives.
 */
function installedCopies(hostDir: string, names: readonly string[]) {
  const found = new Map<string, string[]>();
  const store = join(hostDir, "node_modules/.pnpm");
  const packages = existsSync(store)
    ? readdirSync(store).flatMap((entry) => packagesIn(join(store, entry, "node_modules")))
    : packagesIn(join(hostDir, "node_modules"));
  const seen = new Set<string>();
  for (const [name, version, dir] of packages) {
    const real = realpathSync(dir);
    if (!names.includes(name) || seen.has(real)) continue;
    seen.add(real);
    found.set(name, [...(found.get(name) ?? []), version]);
  }
  return found;
}

/** Packages and bytes (regular files, links not followed) under a node_modules folder. */
function footprint(nodeModules: string): { packages: number; bytes: number } {
  let bytes = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) bytes += lstatSync(path).size;
    }
  };
  walk(nodeModules);
  return { packages: packagesIn(nodeModules).length, bytes };
}

interface Host {
  readonly dir: string;
  /** The cdktf app's folder: `dir`, or its workspace package. */
  readonly app: string;
  readonly install: Run;
  readonly typecheck: Run;
  readonly synth: Run;
  /** Only in cdktf-0.21: a type-check under the strictest resolution too. */
  readonly nodenext?: Run;
  readonly before?: { packages: number; bytes: number };
  readonly after?: { packages: number; bytes: number };
}

const hosts = new Map<string, Host>();
/** README's examples compiled per host, module and resolution, then each run. */
const readmeBuilds = new Map<string, { compile: Run; runs: Map<string, Run> }>();
let work: string;
let tarball: string;
let withoutRandom: Run;

/** Installs the project's locked dependencies, then the library with README's line. */
async function install(name: string, dir: string, app: string) {
  const spec = SPECS[name];
  const line = spec.install.split(" ").map((word) => (word === README_TARBALL ? tarball : word));
  if (spec.manager === "npm") {
    const npm = ["--prefer-offline", "--no-audit", "--no-fund"];
    const ci = await run("npm", ["ci", ...npm], dir);
    if (ci.code !== 0) return { install: ci };
    const before = footprint(join(dir, "node_modules"));
    const added = await run("npm", [...line.slice(1), ...npm], app);
    return { install: added, before, after: footprint(join(dir, "node_modules")) };
  }
  if (spec.manager === "yarn") {
    const yarn = (args: string[]) => run(process.execPath, [yarnBin, ...args, ...YARN_FLAGS], dir);
    const frozen = await yarn(["install", "--frozen-lockfile"]);
    return { install: frozen.code === 0 ? await yarn(line.slice(1)) : frozen };
  }
  const pnpm = (args: string[], cwd: string) => run(process.execPath, [pnpmBin, ...args], cwd);
  const frozen = await pnpm(["install", "--frozen-lockfile", "--prefer-offline"], dir);
  if (frozen.code !== 0) return { install: frozen };
  return { install: await pnpm([...line.slice(1), "--prefer-offline"], app) };
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"], { stdio: "inherit" });
  work = mkdtempSync(join(tmpdir(), "corso-package-"));
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", work], { cwd: root, stdio: "ignore" });
  tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz")) as string);

  const installs = await Promise.all(
    HOSTS.map(async (name) => {
      const dir = join(work, name);
      const app = join(dir, SPECS[name].app);
      cpSync(join(hostsDir, name), dir, { recursive: true });
      // README's examples compile in every host too (each tsconfig includes every .ts file); the
      // Key Vault one where the project has the azurerm bindings it needs.
      mkdirSync(join(app, "readme"));
      const { dependencies } = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
      const keyVault = "@cdktf/provider-azurerm" in dependencies;
      for (const example of EXAMPLES.filter((e) => keyVault || e !== "key-vault-stack")) {
        cpSync(join(root, "examples", `${example}.ts`), join(app, "readme", `${example}.ts`));
      }
      return { name, dir, app, ...(await install(name, dir, app)) };
    }),
  );
  if (installs.some((i) => i.install.code !== 0)) {
    for (const { name, dir, app, install } of installs)
      hosts.set(name, { dir, app, install, typecheck: install, synth: install });
    return;
  }

  const tsc = (app: string, ...args: string[]) =>
    run(process.execPath, [join(app, "node_modules/typescript/bin/tsc"), "-p", ...args], app);
  // Each project's type-check, then its synthesis (the ES module project runs what tsc wrote).
  const jobs = installs.map(({ name, app }) => async () => {
    const esm = SPECS[name].esm;
    const typecheck = await tsc(app, ".", ...(esm ? [] : ["--noEmit"]), "--skipLibCheck", "false");
    const synth = esm
      ? await run(process.execPath, [join(app, "dist/main.js")], app)
      : await run(process.execPath, [join(app, "node_modules/ts-node/dist/bin.js"), "main.ts"], app);
    return { typecheck, synth };
  });
  const strictest = () =>
    tsc(join(work, "cdktf-0.21"), ".", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext");
  // README's Key Vault example asks for a passphrase, in a project without the random bindings.
  const pnpmApp = join(work, "pnpm-workspace-0.20", SPECS["pnpm-workspace-0.20"].app);
  const passphrase = () =>
    run(process.execPath, [join(pnpmApp, "node_modules/ts-node/dist/bin.js"), "readme/key-vault-stack.ts"], pnpmApp, {
      CDKTF_OUTDIR: join(work, "without-random"),
    });
  const results = await pool<{ typecheck: Run; synth: Run }>([
    ...jobs,
    async () => {
      const nodenext = await strictest();
      return { typecheck: nodenext, synth: nodenext };
    },
    async () => {
      const run = await passphrase();
      return { typecheck: run, synth: run };
    },
  ]);
  const nodenext = results[jobs.length].typecheck;
  withoutRandom = results[jobs.length + 1].synth;
  installs.forEach(({ name, dir, app, install, before, after }, index) => {
    const { typecheck, synth } = results[index];
    hosts.set(name, { dir, app, install, typecheck, synth, before, after, ...(name === "cdktf-0.21" && { nodenext }) });
  });

  const builds = README_BUILDS.map(([name, module, resolution]) => {
    const app = hosts.get(name)!.app;
    const id = `${module}-${resolution}`.toLowerCase();
    const compilerOptions = { target: "ES2022", module, moduleResolution: resolution, strict: true };
    // Declarations are checked once per project above (skipLibCheck false); here the examples alone.
    const tsconfig = {
      compilerOptions: {
        ...compilerOptions,
        skipLibCheck: true,
        types: ["node"],
        outDir: `readme-out/${id}`,
        rootDir: "readme",
      },
      include: ["readme/*.ts"],
    };
    writeFileSync(join(app, `tsconfig.${id}.json`), JSON.stringify(tsconfig));
    return { key: `${name} ${module} ${resolution}`, name, app, id };
  });
  const compiled = await pool(
    builds.map(
      ({ app, id }) =>
        () =>
          tsc(app, `tsconfig.${id}.json`),
    ),
  );
  const runs = await pool(
    builds.flatMap(({ name, app, id }) =>
      EXAMPLES.map((example) => () => {
        const outdir = join(work, `readme-${name}-${id}-${example}`);
        return run(process.execPath, [join(app, "readme-out", id, `${example}.js`)], app, { CDKTF_OUTDIR: outdir });
      }),
    ),
  );
  builds.forEach(({ key }, index) => {
    const byExample = new Map(EXAMPLES.map((example, i) => [example, runs[index * EXAMPLES.length + i]]));
    readmeBuilds.set(key, { compile: compiled[index], runs: byExample });
  });
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

type Block = Record<string, unknown> & { provider?: string };
interface Synthesized {
  provider: Record<string, Block[]>;
  resource: Record<string, Record<string, Block>>;
  data: Record<string, Record<string, Block>>;
  terraform: { required_providers: Record<string, { version: string }> };
}

function synthesized(host: string, stack: string): Synthesized {
  return JSON.parse(readFileSync(join(hosts.get(host)!.app, "cdktf.out/stacks", stack, "cdk.tf.json"), "utf8"));
}

/** The `provider` of every resource and data source of `type`, by Terraform name. */
function providersOf(json: Synthesized, type: string, kind: "resource" | "data" = "resource") {
  return Object.fromEntries(Object.entries(json[kind][type] ?? {}).map(([name, body]) => [name, body.provider]));
}

/** The version of each dependency the project's committed lockfile pins (npm's or pnpm's). */
function lockedVersions(name: string): Record<string, string> {
  const spec = SPECS[name];
  if (spec.manager === "npm") {
    const lock = JSON.parse(readFileSync(join(hostsDir, name, "package-lock.json"), "utf8"));
    return Object.fromEntries(
      Object.entries(lock.packages as Record<string, { version: string }>)
        .filter(([path]) => path.startsWith("node_modules/"))
        .map(([path, { version }]) => [path.slice("node_modules/".length), version]),
    );
  }
  if (spec.manager === "yarn") {
    // yarn.lock: '"cdktf@0.21.0":\n  version "0.21.0"'.
    const lock = readFileSync(join(hostsDir, name, "yarn.lock"), "utf8");
    const entries = lock.matchAll(/^"?(@?[^@\s"]+)@[^\n]*:\n {2}version "([^"]+)"/gm);
    return Object.fromEntries([...entries].map(([, pkg, version]) => [pkg, version]));
  }
  // pnpm-lock.yaml: "      cdktf:\n        specifier: 0.20.12\n        version: 0.20.12(constructs@10.3.0)".
  const lock = readFileSync(join(hostsDir, name, "pnpm-lock.yaml"), "utf8");
  const pins = lock.matchAll(/^ {6}'?([@\w./-]+)'?:\n {8}specifier: \S+\n {8}version: ([\w.-]+)/gm);
  return Object.fromEntries([...pins].map(([, pkg, version]) => [pkg, version]));
}

describe("README's install lines", () => {
  it.each(HOSTS)("give the line the test installs %s with", (name) => {
    expect(readme).toContain(`\n${SPECS[name].install}`);
  });
});

describe.each(HOSTS)("host project %s", (name) => {
  const host = () => hosts.get(name)!;
  const spec = SPECS[name];
  const committed = JSON.parse(readFileSync(join(hostsDir, name, spec.app, "package.json"), "utf8"));
  const locked = lockedVersions(name);
  // The packages README's line names besides the tarball, which the project then lists too.
  const named = Object.fromEntries(
    spec.install
      .split(" ")
      .slice(3)
      .map((word) => [word.slice(0, word.lastIndexOf("@")), word.slice(word.lastIndexOf("@") + 1)]),
  );

  it("installs the packed library with README's line, without peer warnings or changes to the project's own pins", () => {
    expect(host().install).toMatchObject({ code: 0 });
    // npm reports an unmet peer range, optional ones included, as ERESOLVE or "peer dependency";
    // pnpm as "Issues with peer dependencies found" or "unmet peer", yarn as "unmet peer dependency".
    expect(host().install.output).not.toMatch(/ERESOLVE|peer dep|unmet peer/i);
    const after = JSON.parse(readFileSync(join(host().app, "package.json"), "utf8"));
    // The package manager saves a named range as the version it picked within it (^10 -> ^10.3.1).
    const saved = Object.fromEntries(
      Object.entries(named).map(([pkg, range]) => [pkg, expect.stringMatching(new RegExp(`^\\${range}(\\.|$)`))]),
    );
    expect(after.dependencies).toEqual({
      ...committed.dependencies,
      ...saved,
      // npm and pnpm save a file: specifier, yarn 1 the path.
      "corso-m365-cdktf": expect.stringMatching(/^(file:)?.*corso-m365-cdktf-[\d.]+\.tgz$/),
    });
  });

  it("has one copy of cdktf, constructs and each provider package: the project's, not the library's", () => {
    const copies = installedCopies(host().dir, SINGLE_COPY);
    for (const pkg of SINGLE_COPY) {
      const versions = copies.get(pkg) ?? [];
      if (locked[pkg] !== undefined) {
        expect([pkg, versions]).toEqual([pkg, [locked[pkg]]]);
        if (pkg.startsWith("@cdktf/")) expect(versions).not.toContain(ourPackage.devDependencies[pkg]);
      } else {
        // Added by the install: bindings of the project's cdktf line, named by README or a peer npm adds.
        const major = (SPECS[name].line === "0.20" ? BINDINGS_0_20 : BINDINGS_0_21)[pkg];
        const expected = pkg in named || pkg === "@cdktf/provider-time" ? [expect.stringMatching(`^${major}\\.`)] : [];
        expect([pkg, versions]).toEqual([pkg, expected]);
      }
    }
    const library = join(host().app, "node_modules/corso-m365-cdktf");
    const resolveFrom = (dir: string, request: string) => realpathSync(require.resolve(request, { paths: [dir] }));
    for (const request of ["cdktf", "@cdktf/provider-azuread/lib/provider", "@cdktf/provider-time/lib/provider"]) {
      expect(resolveFrom(realpathSync(library), request)).toBe(resolveFrom(host().app, request));
    }
  });

  it.each(RESOLUTIONS)(
    "resolves both entry points to their declarations with module %s and moduleResolution %s",
    (module, resolution) => {
      // The project's own TypeScript, as its compiler resolves a require (CommonJS) and an import (ESM).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ts = require(join(host().app, "node_modules/typescript")) as typeof import("typescript");
      const options = { module: ts.ModuleKind[module], moduleResolution: ts.ModuleResolutionKind[resolution] };
      const resolve = (request: string, mode: number) =>
        ts.resolveModuleName(request, join(host().app, "main.ts"), options, ts.sys, undefined, undefined, mode)
          .resolvedModule?.resolvedFileName;
      const dist = realpathSync(join(host().app, "node_modules/corso-m365-cdktf/dist/lib"));
      for (const mode of [ts.ModuleKind.CommonJS, ts.ModuleKind.ESNext]) {
        expect(resolve("corso-m365-cdktf", mode)).toBe(join(dist, "index.d.ts"));
        expect(resolve("corso-m365-cdktf/key-vault-secrets", mode)).toBe(join(dist, "key-vault-secrets.d.ts"));
      }
    },
  );

  it("type-checks its stack and README's examples with skipLibCheck false", () => {
    expect(host().typecheck).toEqual({ code: 0, output: "" });
  });

  it("synthesizes as its cdktf.json runs it, with its tsconfig as it is", () => {
    const app = JSON.parse(readFileSync(join(hostsDir, name, spec.app, "cdktf.json"), "utf8")).app;
    expect(app).toBe(spec.esm ? "npx tsc && node dist/main.js" : "npx ts-node main.ts");
    expect(host().synth).toMatchObject({ code: 0 });
  });
});

describe.each(TEMPLATE_HOSTS)("host project %s, from cdktf's template", (name) => {
  it("has cdktf's TypeScript template's tsconfig.json, whose moduleResolution is node10", () => {
    const template = join(root, "node_modules/cdktf-cli/bundle/templates/typescript/tsconfig.json");
    const tsconfig = JSON.parse(readFileSync(join(hostsDir, name, SPECS[name].app, "tsconfig.json"), "utf8"));
    expect(tsconfig).toEqual(JSON.parse(readFileSync(template, "utf8")));
    expect(tsconfig.compilerOptions).toMatchObject({ module: "CommonJS", skipLibCheck: true });
    expect(tsconfig.compilerOptions).not.toHaveProperty("moduleResolution");
  });
});

describe.each(README_BUILDS)(
  "README's examples in %s, with module %s and moduleResolution %s",
  (name, module, resolution) => {
    const build = () => readmeBuilds.get(`${name} ${module} ${resolution}`)!;

    it("compile without an error", () => {
      expect(build().compile).toEqual({ code: 0, output: "" });
    });

    it.each(EXAMPLES)("%s runs and synthesizes the registration", (example) => {
      expect(build().runs.get(example)).toEqual({ code: 0, output: expect.any(String) });
      const id = `${module}-${resolution}`.toLowerCase();
      const outdir = join(work, `readme-${name}-${id}-${example}`);
      const json = JSON.parse(readFileSync(join(outdir, "stacks/backup/cdk.tf.json"), "utf8"));
      expect(Object.keys(json.resource.azuread_application)).toHaveLength(1);
      expect(Object.keys(json.resource.azurerm_key_vault_secret ?? {})).toHaveLength(
        example === "key-vault-stack" ? 4 : 0,
      );
    });

    it("runs as the module kind the project asks for", () => {
      const emitted = readFileSync(
        join(hosts.get(name)!.app, "readme-out", `${module}-${resolution}`.toLowerCase(), "backup-stack.js"),
        "utf8",
      );
      expect(emitted).toMatch(SPECS[name].esm ? /^import \{ App/m : /require\("cdktf"\)/);
    });
  },
);

describe("the footprint of installing the library into a project that has its peers (cdktf-0.21)", () => {
  it(`adds at most ${FOOTPRINT_BUDGET.packages} packages and ${FOOTPRINT_BUDGET.bytes / 1024 / 1024} MB to node_modules`, () => {
    const { before, after } = hosts.get("cdktf-0.21")!;
    const added = { packages: after!.packages - before!.packages, bytes: after!.bytes - before!.bytes };
    expect(added.packages).toBeGreaterThan(0);
    expect(added.packages).toBeLessThanOrEqual(FOOTPRINT_BUDGET.packages);
    expect(added.bytes).toBeLessThanOrEqual(FOOTPRINT_BUDGET.bytes);
  });

  it("leaves @azure/identity out: only corso-adopt signs in, and it says what to add", () => {
    const host = hosts.get("cdktf-0.21")!;
    expect(existsSync(join(host.dir, "node_modules/@azure/identity"))).toBe(false);
    const adopt = join(host.dir, "node_modules/.bin/corso-adopt");
    const args = [
      "--tenant-id",
      "72f988bf-86f1-41af-91ab-2d7cd011db47",
      "--client-id",
      "00000000-0000-4000-8000-000000000001",
    ];
    let output = "";
    try {
      execFileSync(adopt, args, { encoding: "utf8", stdio: "pipe", env: { ...process.env, ARM_USE_CLI: "true" } });
    } catch (error) {
      output = String((error as { stderr?: string }).stderr);
    }
    expect(output.split("\n").slice(1).join("\n")).toBe(
      "corso-adopt: corso-adopt's sign-in needs @azure/identity, an optional peer dependency this project does not have: add @azure/identity@^4.0.0 (npm install, pnpm add or yarn add)\n",
    );
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

describe("in a pnpm workspace on cdktf 0.20, without the random bindings", () => {
  it("synthesizes the Key Vault entry without a passphrase, and never loads random", () => {
    const json = synthesized("pnpm-workspace-0.20", "backup");
    expect(Object.keys(json.resource.azurerm_key_vault_secret)).toHaveLength(3);
    expect(json.resource).not.toHaveProperty("random_password");
    expect(json.provider).not.toHaveProperty("random");
    expect(json.terraform.required_providers).toMatchObject({ time: { version: expect.stringMatching(/^0\.1\d\./) } });
  });

  it("fails on README's Key Vault example, which asks for a passphrase, with one line naming the package to add", () => {
    expect(withoutRandom.code).not.toBe(0);
    expect(withoutRandom.output).toContain(
      "MissingPeerError: CorsoKeyVaultSecrets 'backup/Vault' with passphrase: true needs @cdktf/provider-random, " +
        "an optional peer dependency this project does not have: add @cdktf/provider-random@^11.0.0 (npm install, pnpm add or yarn add)\n",
    );
    expect(withoutRandom.output).not.toContain("Cannot find module");
  });
});

describe("the commands in a project with a Corso stack and a stack of its own (pnpm-workspace-0.20)", () => {
  const app = () => hosts.get("pnpm-workspace-0.20")!.app;
  const command = (name: string, args: string[], input?: string) => {
    const result = spawnSync(join(app(), "node_modules/.bin", name), args, { cwd: app(), encoding: "utf8", input });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  // What `cdktf output '*' --outputs-file outputs.json` writes after a deploy: every stack's outputs.
  const outputs = {
    network: {},
    backup: {
      AZURE_CLIENT_ID: "00000000-0000-4000-8000-000000000001",
      AZURE_TENANT_ID: "00000000-0000-4000-8000-000000000002",
      AZURE_CLIENT_SECRET: "stand-in-for-the-secret",
      client_secret_schedule: {
        rotation_days: 90,
        lifetime_days: 180,
        slots: [
          { slot: "A", end_date: "2099-06-01T00:00:00Z", next_rotation: "2099-03-03T00:00:00Z" },
          { slot: "B", end_date: "2099-07-16T00:00:00Z", next_rotation: "2099-04-17T00:00:00Z" },
        ],
      },
    },
  };

  it("corso-status --list-stacks lists the Corso stack and skips the other with a note", () => {
    expect(command("corso-status", ["--list-stacks", "cdktf.out"])).toEqual({
      status: 0,
      stdout: '["backup"]\n',
      stderr: "corso-status: skipping stack 'network': it has no Corso registration\n",
    });
  });

  it("corso-status --list-stacks tells a project without a Corso stack to synthesize one, not to edit a config file", () => {
    const dir = join(app(), "cdktf.out");
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    const before = join(app(), "before-corso");
    mkdirSync(before);
    const { network } = manifest.stacks;
    writeFileSync(join(before, "manifest.json"), JSON.stringify({ ...manifest, stacks: { network } }));
    cpSync(join(dir, "stacks/network"), join(before, "stacks/network"), { recursive: true });
    expect(command("corso-status", ["--list-stacks", "before-corso"])).toEqual({
      status: 1,
      stdout: "",
      stderr:
        "corso-status: no stack in before-corso has a Corso registration (its stacks: 'network'): " +
        "add a CorsoAppRegistration to a stack and synthesize your app first\n",
    });
  });

  it("corso-status --from judges the Corso stack's secret and skips the other stack with a note", () => {
    const run = command("corso-status", ["--json"], JSON.stringify(outputs));
    expect(run).toMatchObject({
      status: 0,
      stderr: "corso-status: skipping stack 'network': it has no Corso secret outputs\n",
    });
    expect(JSON.parse(run.stdout).stacks.map((s: { stack: string }) => s.stack)).toEqual(["backup"]);
  });

  it("corso-credentials picks the Corso stack's credentials and skips the other stack with a note", () => {
    expect(command("corso-credentials", ["--format", "dotenv"], JSON.stringify(outputs))).toEqual({
      status: 0,
      stdout:
        "AZURE_CLIENT_ID='00000000-0000-4000-8000-000000000001'\n" +
        "AZURE_TENANT_ID='00000000-0000-4000-8000-000000000002'\n" +
        "AZURE_CLIENT_SECRET='stand-in-for-the-secret'\n",
      stderr: "corso-credentials: skipping stack 'network': it has no output 'AZURE_CLIENT_ID'\n",
    });
  });
});

describe("corso-status --list-stacks in a cdktf project keeping local state (cdktf-0.21)", () => {
  it("points at the app's backend, not at a corso.config.json the project does not have", () => {
    const host = hosts.get("cdktf-0.21")!;
    const run = spawnSync(join(host.dir, "node_modules/.bin/corso-status"), ["--list-stacks", "cdktf.out"], {
      cwd: host.dir,
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "corso-status: stack 'customers' keeps Terraform state in a local file, which a CI runner loses after each run, " +
        "so the next run would create the registration again: give it a remote backend in your cdktf app " +
        "(an AzurermBackend or a cloud block on the stack), then move the state there with terraform init -migrate-state\n",
    );
  });
});
