import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { synthesizeInto } from "../../lib/app/output-directory";
import { shortWriteDir } from "../support/short-write";

const root = join(__dirname, "../..");

/** Stacks with one output each, as a stand-in for tenants. */
function buildStacks(...names: string[]) {
  return (app: App) => {
    for (const name of names) new TerraformOutput(new TerraformStack(app, name), "x", { value: name });
  };
}

function newProject(): string {
  return mkdtempSync(join(tmpdir(), "corso-out-"));
}

describe("synthesizeInto", () => {
  it("writes each stack and the manifest, and leaves nothing else beside the output", () => {
    const project = newProject();
    const outdir = join(project, "cdktf.out");
    expect(synthesizeInto({ outdir }, buildStacks("contoso", "fabrikam"))).toEqual(["contoso", "fabrikam"]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["contoso", "fabrikam"]);
    expect(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks).toHaveProperty("fabrikam");
    expect(readdirSync(project)).toEqual(["cdktf.out"]);
  });

  it("removes the directory of a stack no longer in the app, and keeps Terraform's data in the others", () => {
    const outdir = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso", "fabrikam"));
    mkdirSync(join(outdir, "stacks/contoso/.terraform/providers"), { recursive: true });
    writeFileSync(join(outdir, "stacks/contoso/.terraform/terraform.tfstate"), "{}");
    mkdirSync(join(outdir, "stacks/fabrikam/.terraform"), { recursive: true });
    writeFileSync(join(outdir, "stacks/fabrikam/.terraform/terraform.tfstate"), "{}");
    synthesizeInto({ outdir }, buildStacks("contoso"));
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["contoso"]);
    expect(existsSync(join(outdir, "stacks/contoso/.terraform/providers"))).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks)).toEqual(["contoso"]);
  });

  it("leaves the deletion of stale directories to the cdktf CLI when it runs the app, still checking them for state", () => {
    const outdir = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso", "fabrikam"));
    synthesizeInto({ outdir, removeStale: false }, buildStacks("contoso"));
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["contoso", "fabrikam"]);
    writeFileSync(join(outdir, "stacks/fabrikam/terraform.tfstate"), "{}");
    expect(() => synthesizeInto({ outdir, removeStale: false }, buildStacks("contoso"))).toThrow(
      "stack 'fabrikam' is no longer in the app",
    );
  });

  it("fails, changing nothing, when a stack no longer in the app still holds Terraform state", () => {
    const outdir = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso", "fabrikam"));
    const state = join(outdir, "stacks/fabrikam/terraform.tfstate.d/prod/terraform.tfstate");
    mkdirSync(join(state, ".."), { recursive: true });
    writeFileSync(state, "{}");
    const manifest = readFileSync(join(outdir, "manifest.json"), "utf8");
    expect(() => synthesizeInto({ outdir }, buildStacks("contoso"))).toThrow(
      `${outdir}: stack 'fabrikam' is no longer in the app, but ${state} holds its Terraform state: ` +
        "destroy what it manages or move the state elsewhere, then delete that directory; nothing was synthesized",
    );
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["contoso", "fabrikam"]);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe(manifest);
  });

  it("fails, changing nothing, when a stack's own directory holds state, as a relative path once put it there", () => {
    const outdir = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso"));
    writeFileSync(join(outdir, "stacks/contoso/state.tfstate"), "{}");
    const before = readFileSync(join(outdir, "stacks/contoso/cdk.tf.json"), "utf8");
    expect(() => synthesizeInto({ outdir }, buildStacks("contoso"))).toThrow(
      `${join(outdir, "stacks/contoso/state.tfstate")} holds Terraform state, which is never kept in the synthesis output`,
    );
    expect(readFileSync(join(outdir, "stacks/contoso/cdk.tf.json"), "utf8")).toBe(before);
  });

  it("writes nothing at all when building the app fails", () => {
    const project = newProject();
    expect(() =>
      synthesizeInto({ outdir: join(project, "cdktf.out") }, () => {
        throw new Error("wrong input");
      }),
    ).toThrow("wrong input");
    expect(readdirSync(project)).toEqual([]);
  });
});

/** Every entry under `dir` (directories end in `/`) with each file's text, so that any change shows. */
function tree(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      const name = relative(dir, full);
      if (entry.isDirectory()) {
        entries[`${name}/`] = "";
        walk(full);
      } else {
        entries[name] = entry.isSymbolicLink() ? `-> ${readlinkSync(full)}` : readFileSync(full, "utf8");
      }
    }
  };
  walk(dir);
  return entries;
}

/** Expects `run` to throw `message`, leaving `dir` as it was. */
function expectRefusal(dir: string, run: () => unknown, message: string | RegExp): void {
  const before = tree(dir);
  expect(run).toThrow(message);
  expect(tree(dir)).toEqual(before);
}

describe("synthesizeInto refuses a directory that is not its own", () => {
  it("refuses a directory that no synthesis wrote, in one line, deleting nothing", () => {
    const project = newProject();
    mkdirSync(join(project, "stacks/notes"), { recursive: true });
    writeFileSync(join(project, "stacks/notes/todo.txt"), "mine");
    writeFileSync(join(project, "README.md"), "# my project");
    expectRefusal(
      project,
      () => synthesizeInto({ outdir: project }, buildStacks("contoso")),
      `${project}: it holds files that no synthesis of this project wrote: set CDKTF_OUTDIR to a new or empty ` +
        "directory, or empty this one; nothing was synthesized",
    );
    rmSync(join(project, "stacks"), { recursive: true });
    rmSync(join(project, "README.md"));
    synthesizeInto({ outdir: project }, buildStacks("contoso"));
    expect(readdirSync(join(project, "stacks"))).toEqual(["contoso"]);
  });

  it("refuses a cdktf synthesis without this project's marker, and one whose manifest changed since", () => {
    const outdir = join(newProject(), "cdktf.out");
    mkdirSync(join(outdir, "stacks/other"), { recursive: true });
    writeFileSync(join(outdir, "stacks/other/cdk.tf.json"), "{}");
    const manifest = { version: "0.21.0", stacks: { other: { name: "other", workingDirectory: "stacks/other" } } };
    writeFileSync(join(outdir, "manifest.json"), JSON.stringify(manifest));
    expectRefusal(
      outdir,
      () => synthesizeInto({ outdir }, buildStacks("contoso")),
      /cdktf\.out: its manifest\.json was not written by this project's synthesis .* nothing was synthesized$/,
    );

    const ours = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir: ours }, buildStacks("contoso", "fabrikam"));
    writeFileSync(join(ours, "manifest.json"), JSON.stringify(manifest));
    expectRefusal(
      ours,
      () => synthesizeInto({ outdir: ours }, buildStacks("contoso")),
      "its manifest.json is not the one this project's synthesis wrote there (.corso-synthesis.json does not match it)",
    );
  });

  it("refuses a symbolic link and a file", () => {
    const project = newProject();
    mkdirSync(join(project, "real"));
    symlinkSync(join(project, "real"), join(project, "link"));
    writeFileSync(join(project, "file"), "x");
    expect(() => synthesizeInto({ outdir: join(project, "link") }, buildStacks("contoso"))).toThrow(
      "link: it is a symbolic link: set CDKTF_OUTDIR to the directory itself; nothing was synthesized",
    );
    expect(() => synthesizeInto({ outdir: join(project, "file") }, buildStacks("contoso"))).toThrow(
      "file: it is not a directory",
    );
    expect(readdirSync(join(project, "real"))).toEqual([]);
  });
});

describe("synthesizeInto deletes only stack directories it listed before, and never state", () => {
  it("refuses a directory in stacks/ that no earlier synthesis listed, and drops an empty one", () => {
    const outdir = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso"));
    mkdirSync(join(outdir, "stacks/mine"));
    writeFileSync(join(outdir, "stacks/mine/notes.txt"), "keep me");
    expectRefusal(
      outdir,
      () => synthesizeInto({ outdir }, buildStacks("contoso")),
      `${join(outdir, "stacks/mine")} is not a stack of an earlier synthesis (no manifest of this project listed it)`,
    );
    rmSync(join(outdir, "stacks/mine/notes.txt"));
    synthesizeInto({ outdir }, buildStacks("contoso"));
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["contoso"]);
  });

  it.each(["terraform.tfstate.1733650000.backup", "terraform.tfstate.lock.info"])(
    "keeps a removed stack whose directory holds %s, and drops it once only Terraform's .terraform/ is left",
    (file) => {
      const outdir = join(newProject(), "cdktf.out");
      synthesizeInto({ outdir }, buildStacks("contoso", "fabrikam"));
      mkdirSync(join(outdir, "stacks/fabrikam/.terraform"));
      writeFileSync(join(outdir, "stacks/fabrikam/.terraform/terraform.tfstate"), "{}");
      writeFileSync(join(outdir, "stacks/fabrikam", file), "{}");
      expectRefusal(
        outdir,
        () => synthesizeInto({ outdir }, buildStacks("contoso")),
        `stack 'fabrikam' is no longer in the app, but ${join(outdir, "stacks/fabrikam", file)} holds its Terraform state`,
      );
      rmSync(join(outdir, "stacks/fabrikam", file));
      synthesizeInto({ outdir }, buildStacks("contoso"));
      expect(readdirSync(join(outdir, "stacks"))).toEqual(["contoso"]);
    },
  );
});

describe("synthesizeInto's clean-up of what a killed run left", () => {
  it("removes its own staging and set-aside directories beside the output, never a link or another name", () => {
    const project = newProject();
    const outdir = join(project, "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso"));
    const elsewhere = newProject();
    writeFileSync(join(elsewhere, "keep.txt"), "keep");
    mkdirSync(join(project, ".cdktf.out.synth-Ab12Cd/stacks"), { recursive: true });
    mkdirSync(join(project, ".cdktf.out.old-0123abcd"));
    writeFileSync(join(project, ".cdktf.out.lock.89abcdef"), "{}");
    symlinkSync(elsewhere, join(project, ".cdktf.out.synth-Linked"));
    mkdirSync(join(project, ".cdktf.out.synth-notes"));
    mkdirSync(join(project, ".other.out.synth-Xy12Zw"));
    synthesizeInto({ outdir }, buildStacks("contoso"));
    expect(readdirSync(project).sort()).toEqual([
      ".cdktf.out.synth-Linked",
      ".cdktf.out.synth-notes",
      ".other.out.synth-Xy12Zw",
      "cdktf.out",
    ]);
    expect(readdirSync(elsewhere)).toEqual(["keep.txt"]);
  });

  it("puts back the previous output that a run killed between its two renames left aside", () => {
    const project = newProject();
    const outdir = join(project, "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso", "fabrikam"));
    writeFileSync(join(outdir, "stacks/fabrikam/terraform.tfstate"), "{}");
    renameSync(outdir, join(project, ".cdktf.out.old-0123abcd"));
    mkdirSync(join(project, ".cdktf.out.synth-Ab12Cd"));
    expect(() => synthesizeInto({ outdir }, buildStacks("contoso"))).toThrow(
      "stack 'fabrikam' is no longer in the app",
    );
    expect(readdirSync(project)).toEqual(["cdktf.out"]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["contoso", "fabrikam"]);
  });
});

describe("synthesizeInto's lock", () => {
  const lockOf = (outdir: string) => join(outdir, "..", ".cdktf.out.lock");

  it("waits for a live synthesis into the same directory, then refuses in one line, changing nothing", () => {
    const outdir = join(newProject(), "cdktf.out");
    synthesizeInto({ outdir }, buildStacks("contoso"));
    writeFileSync(lockOf(outdir), JSON.stringify({ pid: process.pid, host: hostname() }));
    const started = Date.now();
    expectRefusal(
      outdir,
      () => synthesizeInto({ outdir, lockWaitSeconds: 0.5 }, buildStacks("fabrikam")),
      `${outdir}: another synthesis into it is running (process ${process.pid} on ${hostname()}, lock ` +
        `${lockOf(outdir)}), still after 0.5 s: run again once it has finished, or delete that lock file if no ` +
        "synthesis is running; nothing was synthesized",
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(existsSync(lockOf(outdir))).toBe(true);
  });

  it("waits for a lock of another host, which it cannot check", () => {
    const outdir = join(newProject(), "cdktf.out");
    writeFileSync(lockOf(outdir), JSON.stringify({ pid: 1, host: "build-agent-7" }));
    expect(() => synthesizeInto({ outdir, lockWaitSeconds: 0.2 }, buildStacks("contoso"))).toThrow(
      "(process 1 on build-agent-7, lock",
    );
    expect(existsSync(outdir)).toBe(false);
  });

  it("breaks the lock of a process that is gone, or of another process now under its id, and releases its own", () => {
    const outdir = join(newProject(), "cdktf.out");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(lockOf(outdir), JSON.stringify({ pid: Number(gone.stdout), host: hostname() }));
    synthesizeInto({ outdir, lockWaitSeconds: 0 }, buildStacks("contoso"));
    expect(existsSync(lockOf(outdir))).toBe(false);
    writeFileSync(lockOf(outdir), JSON.stringify({ pid: process.pid, host: hostname(), start: "0" }));
    synthesizeInto({ outdir, lockWaitSeconds: 0 }, buildStacks("contoso"));
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });
});

describe("synthesis as a process", () => {
  const TENANTS = {
    contoso: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    fabrikam: "0b1f6471-1bf0-4dda-aec3-111122223333",
    northwind: "11111111-2222-4333-8444-555555555555",
  };
  const config = (names: (keyof typeof TENANTS)[], extra: object = {}) =>
    JSON.stringify({ tenants: names.map((name) => ({ name, tenantId: TENANTS[name], ...extra })) });
  const ENV = { CORSO_CONFIG: "corso.config.json", CORSO_KEY_VAULT_ID: "", CDKTF_OUTDIR: "" };

  /**
   * A script that runs `npm run synth`'s entry point, and kills it with SIGKILL at its KILL_AT-th
   * rename, removal or link in the project (counting them into COUNT_FILE), or, given PAUSE_FILE,
   * creates that file and waits 3 s before its first rename into the output directory.
   */
  function hookScript(): string {
    const script = join(newProject(), "hook.js");
    writeFileSync(
      script,
      `const fs = require("node:fs");
const { join } = require("node:path");
let calls = 0;
for (const name of ["renameSync", "rmSync", "linkSync"]) {
  const real = fs[name];
  fs[name] = function (path, ...rest) {
    if (String(path).startsWith(process.cwd()) && ++calls === Number(process.env.KILL_AT)) process.kill(process.pid, "SIGKILL");
    const to = String(rest[0]);
    if (name === "renameSync" && process.env.PAUSE_FILE && !fs.existsSync(process.env.PAUSE_FILE) &&
        (to === join(process.cwd(), "cdktf.out") || to.startsWith(join(process.cwd(), "cdktf.out/")))) {
      fs.writeFileSync(process.env.PAUSE_FILE, "");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
    }
    return real.call(this, path, ...rest);
  };
}
process.on("exit", () => process.env.COUNT_FILE && fs.appendFileSync(process.env.COUNT_FILE, String(calls)));
process.argv = [process.argv[0], ${JSON.stringify(join(root, "scripts/run-built.js"))}, "main"];
require(process.argv[1]);
`,
    );
    return script;
  }

  /** Runs `npm run synth`'s entry point in `cwd` (optionally through `argv` first). */
  function synth(
    cwd: string,
    env: NodeJS.ProcessEnv = {},
    wrap: (argv: string[]) => [string, string[]] = (a) => [a[0], a.slice(1)],
  ) {
    const [command, args] = wrap([process.execPath, join(root, "scripts/run-built.js"), "main"]);
    return spawnSync(command, args, { cwd, env: { ...process.env, ...ENV, ...env }, encoding: "utf8" });
  }

  it("writes local state paths that lead to the project root wherever CDKTF_OUTDIR puts the output", () => {
    const project = newProject();
    writeFileSync(
      join(project, "corso.config.json"),
      config(["contoso"], { backend: { type: "local", path: "state/{name}.tfstate" } }),
    );
    const elsewhere = newProject();
    for (const outdir of ["cdktf.out", "build/out", join(elsewhere, "out")]) {
      expect(synth(project, { CDKTF_OUTDIR: outdir }).status).toBe(0);
      const stackDir = resolve(project, outdir, "stacks/contoso");
      const backend = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")).terraform.backend.local.path;
      expect(resolve(stackDir, backend)).toBe(join(project, "state/contoso.tfstate"));
    }
    expect(readdirSync(elsewhere)).toEqual(["out"]);
  });

  it("refuses a local state path inside the output directory CDKTF_OUTDIR names", () => {
    const project = newProject();
    writeFileSync(
      join(project, "corso.config.json"),
      config(["contoso"], { backend: { type: "local", path: "build/{name}.tfstate" } }),
    );
    const run = synth(project, { CDKTF_OUTDIR: "build" });
    expect(run.stderr).toBe(
      "backend: path 'build/contoso.tfstate' is inside the output directory 'build', which is replaced on every " +
        "synthesis: keep state elsewhere in the project\n",
    );
    expect(run.status).toBe(1);
    expect(readdirSync(project)).toEqual(["corso.config.json"]);
  });

  it("makes a second run at once into one directory wait for the first, each leaving a whole synthesis", async () => {
    const project = newProject();
    writeFileSync(join(project, "a.json"), config(["contoso", "fabrikam"]));
    writeFileSync(join(project, "b.json"), config(["northwind"]));
    const paused = join(project, "..", `${basename(project)}.paused`);
    const start = (file: string, env: NodeJS.ProcessEnv = {}) =>
      new Promise<number | null>((done) => {
        const child = spawn(process.execPath, [hookScript()], {
          cwd: project,
          env: { ...process.env, ...ENV, CORSO_CONFIG: file, ...env },
          stdio: "ignore",
        });
        child.on("exit", done);
      });
    // The first run stops for 3 s just before it moves its synthesis in; the second starts then.
    const first = start("a.json", { PAUSE_FILE: paused });
    while (!existsSync(paused)) await new Promise((wait) => setTimeout(wait, 50));
    expect(await Promise.all([first, start("b.json")])).toEqual([0, 0]);
    const manifest = JSON.parse(readFileSync(join(project, "cdktf.out/manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks)).toEqual(["northwind"]);
    expect(readdirSync(join(project, "cdktf.out/stacks"))).toEqual(["northwind"]);
    expect(readdirSync(project).sort()).toEqual(["a.json", "b.json", "cdktf.out"]);
  }, 60_000);

  it("leaves the previous synthesis whole when killed at any step, keeps Terraform's files, and the next run cleans up", () => {
    const reference = newProject();
    writeFileSync(join(reference, "corso.config.json"), config(["contoso", "fabrikam"], { displayName: "Corso Old" }));
    expect(synth(reference).status).toBe(0);
    const terraformData = (project: string) => {
      mkdirSync(join(project, "cdktf.out/stacks/contoso/.terraform"));
      writeFileSync(join(project, "cdktf.out/stacks/contoso/.terraform/plugin"), "provider");
      writeFileSync(join(project, "cdktf.out/stacks/contoso/.terraform.lock.hcl"), "lock");
      symlinkSync("/etc", join(project, "cdktf.out/stacks/contoso/.terraform/cache"));
    };
    terraformData(reference);
    const before = tree(join(reference, "cdktf.out"));
    writeFileSync(join(reference, "corso.config.json"), config(["contoso", "northwind"], { displayName: "Corso New" }));
    expect(synth(reference).status).toBe(0);
    const after = tree(join(reference, "cdktf.out"));
    // Kills the run with SIGKILL at its n-th rename, removal or link in the project (counting them into COUNT_FILE).
    const killer = hookScript();
    // Each run starts from a copy of the reference's first synthesis, with the second config.
    const first = newProject();
    writeFileSync(join(first, "corso.config.json"), config(["contoso", "fabrikam"], { displayName: "Corso Old" }));
    expect(synth(first).status).toBe(0);
    terraformData(first);
    writeFileSync(join(first, "corso.config.json"), config(["contoso", "northwind"], { displayName: "Corso New" }));
    const prepare = () => {
      const project = newProject();
      cpSync(first, project, { recursive: true });
      return project;
    };
    const run = (project: string, env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [killer], {
        cwd: project,
        env: { ...process.env, ...ENV, ...env },
        encoding: "utf8",
      });
    const counting = prepare();
    const countFile = join(counting, "..", `${basename(counting)}.count`);
    expect(run(counting, { COUNT_FILE: countFile }).status).toBe(0);
    const steps = Number(readFileSync(countFile, "utf8"));
    expect(steps).toBeGreaterThan(3);
    for (let step = 1; step <= steps; step++) {
      const project = prepare();
      const killed = run(project, { KILL_AT: String(step) });
      expect({ step, signal: killed.signal }).toEqual({ step, signal: "SIGKILL" });
      const outdir = join(project, "cdktf.out");
      if (existsSync(outdir)) {
        expect({
          step,
          whole: [before, after].some((t) => JSON.stringify(t) === JSON.stringify(tree(outdir))),
        }).toEqual({
          step,
          whole: true,
        });
      } else {
        // Between the two renames: the previous synthesis lies aside, whole.
        const aside = readdirSync(project).filter((name) => name.startsWith(".cdktf.out.old-"));
        expect(aside).toHaveLength(1);
        expect(tree(join(project, aside[0]))).toEqual(before);
      }
      expect(synth(project).status).toBe(0);
      expect(tree(outdir)).toEqual(after);
      expect(readdirSync(project).sort()).toEqual(["cdktf.out", "corso.config.json"]);
    }
  });

  /** A project whose synthesis lies on a tmpfs (as root) or under a file-size limit, with `freeBytes` left. */
  function nearlyFull(freeBytes: number) {
    const limit = shortWriteDir(freeBytes);
    const filler = join(limit.dir, ".filler");
    const project = join(limit.dir, "project");
    if (limit.kind === "a nearly full tmpfs") truncateSync(filler, 0);
    mkdirSync(project);
    writeFileSync(join(project, "corso.config.json"), config(["contoso"]));
    expect(synth(project).status).toBe(0);
    if (limit.kind === "a nearly full tmpfs") {
      const fd = openSync(filler, "a");
      try {
        for (;;) writeSync(fd, Buffer.alloc(4096, 0x2e));
      } catch {
        // full
      }
      closeSync(fd);
      truncateSync(filler, statSync(filler).size - freeBytes);
    }
    writeFileSync(join(project, "corso.config.json"), config(["contoso", "fabrikam", "northwind"]));
    return { ...limit, project };
  }

  it("fails in one line on a full disk, leaving the previous synthesis as it was", () => {
    const full = nearlyFull(8192);
    try {
      const before = tree(full.project);
      const run = synth(full.project, {}, full.wrap);
      expect(run.stderr).toMatch(
        /^cannot synthesize into cdktf\.out: writing (the synthesis in )?\S+ failed: (no space left on the device|the file would exceed the file-size limit); cdktf\.out is unchanged\n$/,
      );
      expect(run.status).toBe(1);
      expect(tree(full.project)).toEqual(before);
    } finally {
      full.release();
    }
  });

  it("fails in one line on a read-only file system or a directory it may not write, changing nothing", () => {
    const full = nearlyFull(64 * 1024);
    let readOnly = false;
    try {
      const before = tree(full.project);
      readOnly = full.kind === "a nearly full tmpfs" && spawnSync("mount", ["-o", "remount,ro", full.dir]).status === 0;
      if (!readOnly) chmodSync(full.project, 0o555);
      const run = synth(full.project);
      expect(run.stderr).toBe(
        "cannot synthesize into cdktf.out: writing .cdktf.out.lock failed: " +
          `${readOnly ? "the file system is read-only" : "permission denied"}; cdktf.out is unchanged\n`,
      );
      expect(run.status).toBe(1);
      expect(tree(full.project)).toEqual(before);
    } finally {
      if (!readOnly) chmodSync(full.project, 0o755);
      full.release();
    }
  });
});
