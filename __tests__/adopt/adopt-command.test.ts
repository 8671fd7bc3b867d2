import { execFile, execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { addTenantStacks, checkCorsoConfig } from "../../lib/app";
import { hasUnsafeCharacter } from "../../lib/common";
import { type GraphDouble, startEndlessServer, startGraphDouble, tokenFor } from "../support/graph-double";
import { shortWriteDir } from "../support/short-write";
import { ADOPTION_PLAN, HAND_MADE, SAMPLE_CONSENTS, SAMPLE_GRAPH } from "../support/hand-made-app";

const root = join(__dirname, "../..");
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SIGNED_IN = "5e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
const CONFIG = `{
  "$schema": "./corso.config.schema.json",
  "tenants": [
    { "name": "fabrikam", "tenantId": "0b1f6471-1bf0-4dda-aec3-111122223333", "services": ["exchange"] },
    {
      "name": "contoso",
      "tenantId": "${TENANT}"
    }
  ]
}
`;

const MIB = 1024 * 1024;
// Loaded into the command with --require: reports its peak memory, and kills it past 512 MiB so that a
// command that buffers an endless answer fails the test instead of filling the machine's memory.
const MEMORY_WATCH = `const { writeFileSync } = require("node:fs");
const report = process.env.CORSO_TEST_MEMORY_REPORT;
setInterval(() => {
  if (process.memoryUsage.rss() > ${512 * MIB}) { writeFileSync(report, "over"); process.kill(process.pid, "SIGKILL"); }
}, 10).unref();
process.on("exit", () => writeFileSync(report, String(process.resourceUsage().maxRSS * 1024)));
`;

beforeAll(() => execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]));

/** How to run the command: more environment, and a wrapper of its argv (a file-size limit). */
interface RunOptions {
  readonly env?: Record<string, string>;
  readonly wrap?: (argv: readonly string[]) => [string, string[]];
}

/** Runs the compiled command as its `bin` entry runs it, signed in through a stand-in `az` on PATH. */
function adopt(
  args: string[],
  bin: string,
  options: RunOptions = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARM_")));
  Object.assign(env, options.env, { PATH: `${bin}:${env.PATH}` });
  const wrap = options.wrap ?? ((argv: readonly string[]) => [argv[0], argv.slice(1)]);
  const [program, argv] = wrap([process.execPath, join(root, "dist/bin/adopt.js"), ...args]);
  return new Promise((resolve) => {
    const child = execFile(program, argv, { env, timeout: 60_000 }, (_error, stdout, stderr) =>
      resolve({ status: child.exitCode, stdout, stderr }),
    );
  });
}

/** Writes a stand-in `az` into `dir` that hands out `token`, as `az account get-access-token` prints it. */
function standInAz(dir: string, token: string): void {
  // @azure/identity's AzureCliCredential runs `az account get-access-token`.
  const az = join(dir, "az");
  writeFileSync(
    az,
    `#!/bin/sh\necho "$@" > '${join(dir, "az-args")}'\n` +
      `echo '{"accessToken":"${token}","expiresOn":"2999-01-01 00:00:00.000000","expires_on":32472144000,"tokenType":"Bearer"}'\n`,
  );
  chmodSync(az, 0o755);
}

describe("corso-adopt, end to end", () => {
  let graph: GraphDouble;
  let dir: string;

  beforeAll(async () => {
    const token = tokenFor(SIGNED_IN);
    graph = await startGraphDouble({ applications: [HAND_MADE], graph: SAMPLE_GRAPH, token, pageSize: 2 });
    dir = mkdtempSync(join(tmpdir(), "corso-adopt-"));
    standInAz(dir, token);
    writeFileSync(join(dir, "corso.config.json"), CONFIG);
  });

  afterAll(() => graph.close());

  it("writes the adopt block of a hand-made app into the config, and the stack then imports it", async () => {
    const run = await adopt(
      [
        "--tenant-id",
        TENANT,
        "--client-id",
        HAND_MADE.appId,
        "--graph-endpoint",
        graph.url,
        "--write",
        "--config",
        join(dir, "corso.config.json"),
      ],
      dir,
    );
    expect(run.stderr).toContain(`corso-adopt: reading tenant ${TENANT} from ${graph.url} as the Azure CLI's login`);
    expect(run.stderr).toContain(`the signed-in identity (${SIGNED_IN}) is not an owner of the application`);
    expect(run.stderr).toContain(`wrote tenant 'contoso's adopt block into ${join(dir, "corso.config.json")}`);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
    expect(readFileSync(join(dir, "az-args"), "utf8").trim()).toBe(
      `account get-access-token --output json --resource ${graph.url} --tenant ${TENANT}`,
    );

    const text = readFileSync(join(dir, "corso.config.json"), "utf8");
    const config = checkCorsoConfig(text, "corso.config.json");
    expect(config.tenants[0]).toEqual(JSON.parse(CONFIG).tenants[0]);
    expect(config.tenants[1].adopt).toEqual({
      clientId: HAND_MADE.appId,
      applicationObjectId: HAND_MADE.id,
      servicePrincipalObjectId: HAND_MADE.servicePrincipal?.id,
      consents: SAMPLE_CONSENTS,
      owners: HAND_MADE.owners,
    });

    const outdir = mkdtempSync(join(tmpdir(), "corso-adopt-out-"));
    const app = new App({ outdir, context: { "@cdktf/disable_stack_trace_in_metadata": true } });
    addTenantStacks(app, config);
    app.synth();
    const stack = JSON.parse(readFileSync(join(outdir, "stacks/contoso/cdk.tf.json"), "utf8"));
    const graphData = `data.azuread_service_principal.${Object.keys(stack.data.azuread_service_principal)[0]}`;
    const imports = Object.fromEntries(
      (stack.import as { to: string; id: string }[]).map((block) => [block.to, block.id]),
    );
    // The import ids the sample plan imported, with Graph's object id read from the stack's data source.
    const sampleImports = Object.fromEntries(
      ADOPTION_PLAN.resource_changes
        .filter((c) => c.importing_id !== undefined)
        .map((c) => [c.address, (c.importing_id as string).replace(SAMPLE_GRAPH.id, `\${${graphData}.object_id}`)]),
    );
    expect(imports).toEqual(sampleImports);
    expect(Object.keys(stack.resource.azuread_app_role_assignment)).toHaveLength(14);
    expect(Object.keys(stack.resource.azuread_application_password)).toHaveLength(2);
    expect(Object.keys(imports).filter((to) => to.startsWith("azuread_application_password"))).toEqual([]);
  }, 30_000);

  it("fails fast, in one line and within bounded memory, when Graph's answer never ends", async () => {
    const server = await startEndlessServer();
    try {
      const watch = join(dir, "memory-watch.js");
      const report = join(dir, "memory-report");
      writeFileSync(watch, MEMORY_WATCH);
      const started = Date.now();
      const run = await adopt(
        ["--tenant-id", TENANT, "--client-id", HAND_MADE.appId, "--graph-endpoint", server.url],
        dir,
        {
          env: {
            NODE_OPTIONS: `--require ${watch}`,
            CORSO_TEST_MEMORY_REPORT: report,
            CORSO_CONFIG: join(dir, "corso.config.json"),
          },
        },
      );
      const elapsed = Date.now() - started;
      expect(run.stderr.split("\n").slice(1)).toEqual([
        `corso-adopt: Microsoft Graph's answer to find the application with client id ${HAND_MADE.appId} is larger than 16 MiB, the limit for one answer: stopped reading`,
        "",
      ]);
      expect(run.status).toBe(1);
      expect(server.overran()).toBe(false);
      expect(await server.clientClosed).toBeLessThan(64 * MIB);
      const peak = readFileSync(report, "utf8");
      expect(peak).not.toBe("over");
      expect(Number(peak)).toBeLessThan(200 * MIB);
      expect(elapsed).toBeLessThan(20_000);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("shows Graph's names with their escape sequences made visible, never raw", async () => {
    const hostile = {
      ...HAND_MADE,
      displayName: "Corso\u001b]0;pwned\u0007\u001b[1A\u001b[2K",
      servicePrincipal: {
        id: HAND_MADE.servicePrincipal?.id as string,
        assignments: [
          {
            id: "exo-assignment",
            appRoleId: "dc890d15-9560-4a4c-9b7f-a736ec74ec40",
            resourceId: "e0e0e0e0-0000-4000-8000-000000000000",
            resourceDisplayName: "Exchange\u202e\u009b2J",
          },
        ],
      },
    };
    const named = await startGraphDouble({ applications: [hostile], graph: SAMPLE_GRAPH, token: tokenFor(SIGNED_IN) });
    try {
      const run = await adopt(
        ["--tenant-id", TENANT, "--client-id", HAND_MADE.appId, "--graph-endpoint", named.url],
        dir,
        { env: { CORSO_CONFIG: join(dir, "corso.config.json") } },
      );
      expect(run.status).toBe(0);
      expect(run.stderr).toContain(
        "corso-adopt: warning: a consent to Exchange\\u{202E}\\u{009B}2J (role dc890d15-9560-4a4c-9b7f-a736ec74ec40) stays as it is",
      );
      expect(run.stderr).toContain(
        "corso-adopt: warning: the application is named 'Corso\\u{001B}]0;pwned\\u{0007}\\u{001B}[1A\\u{001B}[2K'",
      );
      expect(`${run.stderr}${run.stdout}`.split("\n").filter(hasUnsafeCharacter)).toEqual([]);
    } finally {
      await named.close();
    }
  }, 30_000);

  it("refuses an app whose appId is not --client-id, with status 1, naming both", async () => {
    const other = "c2c2c2c2-0000-4000-8000-000000000002";
    const lying = await startGraphDouble({
      applications: [HAND_MADE],
      graph: SAMPLE_GRAPH,
      token: tokenFor(SIGNED_IN),
      faults: [
        {
          path: "/v1.0/applications",
          times: 1,
          status: 200,
          body: { value: [{ id: HAND_MADE.id, appId: other, displayName: HAND_MADE.displayName }] },
        },
      ],
    });
    try {
      const run = await adopt(
        ["--tenant-id", TENANT, "--client-id", HAND_MADE.appId, "--graph-endpoint", lying.url],
        dir,
        { env: { CORSO_CONFIG: join(dir, "corso.config.json") } },
      );
      expect(run.stderr.split("\n").slice(1)).toEqual([
        `corso-adopt: Microsoft Graph answered the search for client id ${HAND_MADE.appId} with an application whose appId is ${other}: ` +
          "refusing to adopt an app other than --client-id",
        "",
      ]);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
    } finally {
      await lying.close();
    }
  }, 30_000);

  it("--write into a disk that takes fewer bytes than asked: status 1, one line naming the file, the file intact", async () => {
    // Forty more tenants make the config larger than the 4 KiB left, so that write(2) comes up short.
    const tenants = Array.from(
      { length: 40 },
      (_, i) =>
        `    { "name": "fabrikam${i}", "tenantId": "0b1f6471-1bf0-4dda-aec3-5555666677${String(i).padStart(2, "0")}" },\n`,
    ).join("");
    const original = CONFIG.replace('  "tenants": [\n', `  "tenants": [\n${tenants}`);
    const disk = shortWriteDir(4096, { "corso.config.json": original });
    try {
      const file = join(disk.dir, "corso.config.json");
      const args = ["--tenant-id", TENANT, "--client-id", HAND_MADE.appId, "--graph-endpoint", graph.url];
      const run = await adopt([...args, "--write", "--config", file], dir, { wrap: disk.wrap });
      const why =
        disk.kind === "a file-size limit" ? "the file would exceed the file-size limit" : "no space left on the device";
      expect(run.stderr.split("\n").at(-2)).toBe(`corso-adopt: cannot write ${file}: ${why}; ${file} is unchanged`);
      expect(run.stderr).not.toContain("wrote tenant");
      expect(run.status).toBe(1);
      expect(readFileSync(file, "utf8")).toBe(original);
      expect(readdirSync(disk.dir).filter((n) => n !== ".filler")).toEqual(["corso.config.json"]);
    } finally {
      disk.release();
    }
  }, 30_000);
});
