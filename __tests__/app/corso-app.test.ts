import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeCorsoApp } from "../../lib/app/corso-app";

const TENANTS = {
  tenants: [
    { name: "contoso", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" },
    { name: "fabrikam", tenantId: "3c5e1f0a-8d2b-4e6f-9a1c-7b4d2e8f0a61" },
  ],
};

function project(): { config: string; outdir: string } {
  const dir = mkdtempSync(join(tmpdir(), "corso-app-"));
  return { config: join(dir, "corso.config.json"), outdir: join(dir, "cdktf.out") };
}

describe("synthesizeCorsoApp", () => {
  it("makes one stack per tenant, and drops the directory of a tenant removed from the config", () => {
    const { config, outdir } = project();
    writeFileSync(config, JSON.stringify(TENANTS));
    expect(synthesizeCorsoApp({ CORSO_CONFIG: config, CDKTF_OUTDIR: outdir })).toEqual(["contoso", "fabrikam"]);
    writeFileSync(config, JSON.stringify({ tenants: [TENANTS.tenants[0]] }));
    expect(synthesizeCorsoApp({ CORSO_CONFIG: config, CDKTF_OUTDIR: outdir })).toEqual(["contoso"]);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["contoso"]);
  });

  it("leaves that directory to the cdktf CLI when the CLI runs it, which deletes it afterwards itself", () => {
    const { config, outdir } = project();
    writeFileSync(config, JSON.stringify(TENANTS));
    synthesizeCorsoApp({ CORSO_CONFIG: config, CDKTF_OUTDIR: outdir });
    writeFileSync(config, JSON.stringify({ tenants: [TENANTS.tenants[0]] }));
    synthesizeCorsoApp({ CORSO_CONFIG: config, CDKTF_OUTDIR: outdir, SYNTH_HCL_OUTPUT: "false" });
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["contoso", "fabrikam"]);
  });
});
