import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeCorsoApp } from "../../lib/app/corso-app";

const CONTOSO = { name: "contoso", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" };
const FABRIKAM = { name: "fabrikam", tenantId: "0b1f6471-1bf0-4dda-aec3-111122223333" };

/** A project with a config of one tenant, where an earlier synthesis also made tenant fabrikam's stack. */
function project(): { config: string; outdir: string } {
  const dir = mkdtempSync(join(tmpdir(), "corso-app-"));
  const outdir = join(dir, "cdktf.out");
  const config = join(dir, "corso.config.json");
  writeFileSync(config, JSON.stringify({ tenants: [CONTOSO, FABRIKAM] }));
  synthesizeCorsoApp({ CORSO_CONFIG: config, CDKTF_OUTDIR: outdir });
  writeFileSync(config, JSON.stringify({ tenants: [CONTOSO] }));
  return { config, outdir };
}

describe("synthesizeCorsoApp", () => {
  it("makes one stack per tenant, and drops the directory of a tenant removed from the config", () => {
    const { config, outdir } = project();
    expect(synthesizeCorsoApp({ CORSO_CONFIG: config, CDKTF_OUTDIR: outdir })).toEqual(["contoso"]);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["contoso"]);
  });

  it("leaves that directory to the cdktf CLI when the CLI runs it, which deletes it afterwards itself", () => {
    const { config, outdir } = project();
    synthesizeCorsoApp({ CORSO_CONFIG: config, CDKTF_OUTDIR: outdir, SYNTH_HCL_OUTPUT: "false" });
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["contoso", "fabrikam"]);
  });
});
