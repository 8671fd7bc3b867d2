import { spawnSync, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { CorsoAppRegistration, CorsoServiceName } from "../../lib";
import { CorsoStackProps } from "../../lib/app/corso-stack";
import { diffSyntheses, renderChanges } from "../../lib/review/diff";
import { readSynthesis } from "../../lib/review/synthesis";
import { defaultStackJson, synthesizeTo, writeSynthesis } from "../support/synthesis";

const root = join(__dirname, "../..");
const OWNERS = ["11111111-2222-4333-8444-555555555555", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"];
const VAULT =
  "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/backup/providers/Microsoft.KeyVault/vaults/corso-kv";

function diff(base: Record<string, CorsoStackProps>, head: Record<string, CorsoStackProps>) {
  return diffSyntheses(readSynthesis(synthesizeTo(base)), readSynthesis(synthesizeTo(head)));
}

const exchange: CorsoStackProps = { registration: { services: ["exchange"], owners: OWNERS } };

describe("diffSyntheses", () => {
  it("finds nothing between two syntheses of the same input", () => {
    expect(diff({ corso: exchange }, { corso: exchange })).toEqual([]);
  });

  it("marks a new permission as an escalation", () => {
    const changes = diff(
      { corso: exchange },
      { corso: { registration: { services: ["exchange", "chats"], owners: OWNERS } } },
    );
    expect(changes).toEqual([
      {
        stack: "corso",
        escalation: true,
        text: "`Corso Backup`: new permission `Chat.Read.All` (read), with admin consent",
      },
    ]);
  });

  it("marks access raised from read to read-write, and to full control, as escalations", () => {
    const reading = { registration: { permissions: ["User.Read.All", "Mail.Read", "Sites.Read.All"], owners: OWNERS } };
    const writing = {
      registration: { permissions: ["User.Read.All", "Mail.ReadWrite", "Sites.FullControl.All"], owners: OWNERS },
    };
    expect(diff({ corso: reading }, { corso: writing })).toEqual([
      {
        stack: "corso",
        escalation: true,
        text: "`Corso Backup`: access raised from `Mail.Read` (read) to `Mail.ReadWrite` (read-write), with admin consent",
      },
      {
        stack: "corso",
        escalation: true,
        text: "`Corso Backup`: access raised from `Sites.Read.All` (read) to `Sites.FullControl.All` (full-control), with admin consent",
      },
    ]);
  });

  it("reports removed permissions, removed owners, secret and delivery changes without escalating, and a new owner as one", () => {
    const head: CorsoStackProps = {
      registration: {
        permissions: ["Directory.Read.All", "Mail.ReadWrite", "User.Read.All"],
        owners: [OWNERS[0], "22222222-3333-4444-8555-666666666666"],
        secretLifetimeDays: 365,
        secretRotationDays: 180,
        protectFromDestroy: true,
      },
      keyVault: { keyVaultId: VAULT },
    };
    const changes = diff({ corso: exchange }, { corso: head });
    expect(changes.filter((c) => c.escalation).map((c) => c.text)).toEqual([
      "`Corso Backup`: new owner 22222222-3333-4444-8555-666666666666 (an owner can add credentials and act as the app)",
      "`Corso Backup`: new owner of its service principal 22222222-3333-4444-8555-666666666666 (an owner can add credentials to it)",
    ]);
    expect(changes.filter((c) => !c.escalation).map((c) => c.text)).toEqual([
      "`Corso Backup`: permission `Calendars.ReadWrite` removed",
      "`Corso Backup`: permission `Contacts.ReadWrite` removed",
      "`Corso Backup`: permission `MailboxSettings.Read` removed",
      "`Corso Backup`: owner aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee removed",
      "`Corso Backup`: owner of its service principal aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee removed",
      '`Corso Backup`: client secret changes from "2 overlapping secrets, each valid 180 days, replaced every 90 days" to "2 overlapping secrets, each valid 365 days, replaced every 180 days"',
      "`Corso Backup`: credentials now also delivered to Key Vault `corso-kv`, secret `corso-azure-client-id`",
      "`Corso Backup`: credentials now also delivered to Key Vault `corso-kv`, secret `corso-azure-client-secret`",
      "`Corso Backup`: now protected from destroy",
    ]);
  });

  it("reports stacks added (an escalation when it grants permissions) and removed", () => {
    const changes = diff({ contoso: exchange, fabrikam: exchange }, { contoso: exchange, northwind: exchange });
    expect(changes).toEqual([
      { stack: "fabrikam", escalation: false, text: "stack removed: its registration is no longer managed here" },
      { stack: "northwind", escalation: true, text: "stack added, granting 6 Microsoft Graph permissions" },
      {
        stack: "northwind",
        escalation: true,
        text:
          "new application `Corso Backup` (`azuread_application.Corso_Application_4C8105D7`): requests " +
          "`Calendars.ReadWrite` (application), `Contacts.ReadWrite` (application), `Directory.Read.All` (application), " +
          "`Mail.ReadWrite` (application), `MailboxSettings.Read` (application), " +
          "`User.Read.All` (application); 6 of them granted; credentials: 2 client secrets; owners " +
          "11111111-2222-4333-8444-555555555555, aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee, the deploying identity, " +
          "11111111-2222-4333-8444-555555555555 (service principal), aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee (service principal), " +
          "the deploying identity (service principal)",
      },
    ]);
  });

  it("reports resources Terraform would replace because a construct id changed", () => {
    const registrationWithId = (id: string, services: CorsoServiceName[] = ["exchange"]) => {
      const outdir = mkdtempSync(join(tmpdir(), "corso-review-"));
      const app = new App({ outdir });
      const stack = new TerraformStack(app, "corso");
      new AzureadProvider(stack, "azuread", {});
      new CorsoAppRegistration(stack, id, { services, owners: OWNERS, secretSlots: 1 });
      app.synth();
      return readSynthesis(outdir);
    };
    const texts = diffSyntheses(registrationWithId("Corso"), registrationWithId("Backup")).map((c) => c.text);
    expect(texts).toContain(
      "`azuread_application.Corso_Application_4C8105D7` is replaced by `azuread_application.Backup_Application_5012CFF2` (its address changed): Terraform destroys and recreates it",
    );
    expect(texts).toContain(
      "`azuread_application_password.Corso_ClientSecretA_Password_982B7135` is replaced by `azuread_application_password.Backup_ClientSecretA_Password_6054822C` (its address changed): Terraform destroys and recreates it",
    );
    expect(texts.filter((t) => t.includes("is replaced by"))).toHaveLength(4);
    expect(texts.filter((t) => !t.includes("is replaced by"))).toEqual([]);

    const widened = diffSyntheses(registrationWithId("Corso"), registrationWithId("Backup", ["exchange", "chats"]));
    expect(widened.filter((c) => c.escalation).map((c) => c.text)).toEqual([
      "`Corso Backup`: new permission `Chat.Read.All` (read), with admin consent",
    ]);
  });

  it("renders escalations first, and says so when nothing changed", () => {
    const changes = diff({ corso: exchange }, { corso: { registration: { services: ["onedrive"], owners: OWNERS } } });
    const markdown = renderChanges(changes);
    expect(markdown.indexOf("**Escalations (1)")).toBeLessThan(markdown.indexOf("**Other changes (4)"));
    expect(markdown).toContain(
      "- `corso`: `Corso Backup`: new permission `Files.ReadWrite.All` (read-write), with admin consent",
    );
    expect(renderChanges([])).toContain("No changes to the registrations");
  });
});

describe("corso-review", () => {
  beforeAll(() => execFileSync(process.execPath, [join(root, "scripts/build.js"), "--if-stale"]));
  const review = (args: string[]) =>
    spawnSync(process.execPath, [join(root, "dist/bin/review.js"), ...args], { encoding: "utf8" });

  it("exits 3 when something escalates, 0 when nothing does, and prints the same report every run", () => {
    const base = synthesizeTo({ corso: exchange });
    const head = synthesizeTo({ corso: { registration: { services: ["exchange", "groups"], owners: OWNERS } } });
    const escalated = review(["--base", base, head]);
    expect(escalated.status).toBe(3);
    expect(escalated.stdout).toContain("new permission `Group-Conversation.Read.All` (read), with admin consent");
    expect(review(["--base", base, head]).stdout).toBe(escalated.stdout);
    const calm = review(["--base", head, base]);
    expect(calm.status).toBe(0);
    expect(calm.stdout).toContain("permission `Group-Conversation.Read.All` removed");
  });

  it("exits 1 with one line naming the file and JSON path on unreadable or hostile input, never a stack trace", () => {
    const missing = review(["/nonexistent/cdktf.out"]);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toBe("corso-review: /nonexistent/cdktf.out/manifest.json: cannot read it: no such file\n");

    const json = defaultStackJson();
    json.resource.azuread_application.Corso_Application_4C8105D7.required_resource_access = [null];
    const hostile = review([writeSynthesis({ corso: json })]);
    expect(hostile.status).toBe(1);
    expect(hostile.stdout).toBe("");
    expect(hostile.stderr).toMatch(
      /^corso-review: \S+\/stacks\/corso\/cdk\.tf\.json: resource\.azuread_application\.Corso_Application_4C8105D7\.required_resource_access\[0\]: expected an object, got null\n$/,
    );
  });

  it("refuses a plan under --fail-on with status 4, and rejects an unknown kind with status 1", () => {
    const plan = join(__dirname, "fixtures/plans/replace-application.json");
    const refused = review(["--plan", plan, "--fail-on", "replace,destroy", "/nonexistent/cdktf.out"]);
    expect(refused.stderr).toBe("corso-review: /nonexistent/cdktf.out/manifest.json: cannot read it: no such file\n");
    const planOnly = spawnSync(
      process.execPath,
      [join(root, "dist/bin/review.js"), "--plan", plan, "--fail-on", "replace,destroy"],
      {
        encoding: "utf8",
        cwd: mkdtempSync(join(tmpdir(), "corso-plan-only-")),
      },
    );
    expect(planOnly.status).toBe(4);
    expect(planOnly.stdout).toContain("**Refused by `--fail-on replace,destroy` (2): do not apply this plan**");
    const wrong = review(["--plan", plan, "--fail-on", "replace,explode"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe('corso-review: --fail-on: unknown kind "explode"; allowed: replace, destroy, import\n');
  });
});
