import { execFile, execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { addTenantStacks, checkCorsoConfig } from "../../lib/app";
import { type GraphDouble, startGraphDouble, tokenFor } from "../support/graph-double";
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

beforeAll(() => execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]));

/** Runs the compiled command as its `bin` entry runs it, signed in through a stand-in `az` on PATH. */
function adopt(args: string[], bin: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARM_")));
  env.PATH = `${bin}:${env.PATH}`;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(root, "dist/bin/adopt.js"), ...args],
      { env },
      (_error, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
    );
  });
}

describe("corso-adopt, end to end", () => {
  let graph: GraphDouble;
  let dir: string;

  beforeAll(async () => {
    const token = tokenFor(SIGNED_IN);
    graph = await startGraphDouble({ applications: [HAND_MADE], graph: SAMPLE_GRAPH, token, pageSize: 2 });
    dir = mkdtempSync(join(tmpdir(), "corso-adopt-"));
    // Stands in for the Azure CLI: @azure/identity's AzureCliCredential runs `az account get-access-token`.
    const az = join(dir, "az");
    writeFileSync(
      az,
      `#!/bin/sh\necho "$@" > '${join(dir, "az-args")}'\n` +
        `echo '{"accessToken":"${token}","expiresOn":"2999-01-01 00:00:00.000000","expires_on":32472144000,"tokenType":"Bearer"}'\n`,
    );
    chmodSync(az, 0o755);
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
});
