import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderReport } from "../../lib/review/report";
import { readSynthesis } from "../../lib/review/synthesis";
import { synthesizeTo } from "../support/synthesis";

const root = join(__dirname, "../..");
const VAULT =
  "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/backup/providers/Microsoft.KeyVault/vaults/corso-kv";

describe("renderReport", () => {
  const report = renderReport(readSynthesis(synthesizeTo({ corso: {} })));

  it("describes the app: name, audience, owners, secret, delivery and state", () => {
    expect(report).toContain("## Stack `corso`\n\nState: local file `../../../terraform.corso.tfstate`.");
    expect(report).toContain("### Corso Backup");
    expect(report).toContain("| Sign-in audience | accounts in this directory only (`AzureADMyOrg`) |");
    expect(report).toContain("| Owners | the deploying identity |");
    expect(report).toContain("| Client secret | 2 overlapping secrets, each valid 180 days, replaced every 90 days |");
    expect(report).toContain(
      "| Credentials delivered to | output `AZURE_CLIENT_ID`, output `AZURE_CLIENT_SECRET` (sensitive) |",
    );
  });

  it("lists every permission with its Corso service, access level, why Corso has it and description", () => {
    expect(report).toContain("Microsoft Graph permissions (14):");
    expect(report).toContain("| Permission | Corso service | Access | Why Corso has it | What it allows |");
    expect(report).toContain(
      "| `Sites.FullControl.All` | sharepoint, groups | full-control | called by Corso's code for SharePoint and group " +
        "site and list backups (GET /sites) and restores that create lists and libraries | Do anything in every " +
        "SharePoint site, including changing its permissions. |",
    );
    expect(report).toContain(
      "| `Directory.Read.All` | discovery | read | called by Corso's code for finding groups and teams (GET /groups, GET /groups/{id}) |",
    );
    expect(report).toContain(
      "| `TeamMember.Read.All` | groups | read | listed in Corso's documentation, not called by its code: " +
        "Corso never reads a team's members | Read who belongs to every team. |",
    );
    expect(report.match(/^\| `[A-Za-z.-]+` \|/gm)).toHaveLength(14);
  });

  it("shows Key Vault delivery, remote state and governance when configured", () => {
    const configured = renderReport(
      readSynthesis(
        synthesizeTo({
          contoso: {
            backend: { type: "azurerm", storageAccountName: "corsostate", containerName: "tfstate" },
            keyVault: { keyVaultId: VAULT },
            registration: {
              services: ["onedrive"],
              owners: ["11111111-2222-4333-8444-555555555555", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"],
              secretSlots: 1,
              protectFromDestroy: true,
              serviceManagementReference: "CHG0031337",
              tags: ["backup"],
            },
          },
        }),
      ),
    );
    expect(configured).toContain("State: Azure Storage `corsostate/tfstate/corso/contoso.tfstate` (Entra ID auth).");
    expect(configured).toContain("Key Vault `corso-kv`, secret `corso-azure-client-secret`");
    expect(configured).toContain(
      "| Owners | 11111111-2222-4333-8444-555555555555, aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee, the deploying identity |",
    );
    expect(configured).toContain("| Client secret | 1 secret, each valid 180 days, replaced every 90 days |");
    expect(configured).toContain("| Protected from destroy | yes (`prevent_destroy`) |");
    expect(configured).toContain("| Service management reference | CHG0031337 |");
  });

  it("is the report README shows for the default stack", () => {
    execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]);
    const dir = synthesizeTo({ corso: {} });
    const printed = execFileSync(process.execPath, [join(root, "dist/bin/review.js"), dir], { encoding: "utf8" });
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toContain(
      printed.replace(`# Corso registrations in \`${dir}\``, "# Corso registrations in `cdktf.out`"),
    );
  });
});
