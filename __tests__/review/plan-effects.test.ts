import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPlan } from "../../lib/review/plan";
import { type PlanApply, planEffects } from "../../lib/review/plan-effects";
import MarkdownIt from "markdown-it";
import { refused, renderApply } from "../../lib/review/plan-report";
import { review } from "../../lib/review/run";

const samples = join(__dirname, "fixtures/plans");
const APP = "azuread_application.Corso_Application_4C8105D7";
const SP = "azuread_service_principal.Corso_ServicePrincipal_A5B3EA5A";
const SECRET_A = "azuread_application_password.Corso_ClientSecretA_Password_982B7135";
const CLOCK_A = "time_rotating.Corso_ClientSecretA_Rotation_6930F529";

/** The one line the report gives a registration, and the plan's other lines. */
function linesOf(apply: PlanApply): string[] {
  return [
    ...apply.registrations.map((r) => `${r.name}: ${r.effects.map((e) => e.markdown).join("; ")}`),
    ...apply.general.map((e) => e.markdown),
  ];
}

const sample = (name: string) => planEffects(readPlan(join(samples, `${name}.json`)), `${name}.json`);
const escalations = (apply: PlanApply) =>
  [...apply.registrations.flatMap((r) => r.effects), ...apply.general]
    .filter((e) => e.escalation)
    .map((e) => e.markdown);

describe("what the apply of each sample plan does", () => {
  it("creates the registration, grants the 14 consents and says when each new secret expires", () => {
    const [line] = linesOf(sample("create"));
    expect(line).toMatch(
      /^Corso Backup: the application is created; its service principal is created; admin consent \*\*granted\*\* for `Calendars.ReadWrite`, .*`User.Read.All`; /,
    );
    expect(line).toContain(
      "secret slot A is created; the new secret expires 2027-05-28T15:26:51Z (180 days after its rotation time 2026-11-29T15:26:51Z)",
    );
    expect(escalations(sample("create"))).toHaveLength(1);
  });

  it("revokes the consents no longer requested, by permission name, without escalating", () => {
    const apply = sample("update-permissions");
    expect(linesOf(apply)).toEqual([
      "Corso Backup: admin consent revoked for `ChannelMessage.Read.All`, `ChannelSettings.Read.All`, `Chat.Read.All`, `Files.ReadWrite.All`, `Sites.FullControl.All`, `TeamMember.Read.All`, `TeamSettings.Read.All`; no longer requests `ChannelMessage.Read.All`, `ChannelSettings.Read.All`, `Chat.Read.All`, `Files.ReadWrite.All`, `Sites.FullControl.All`, `TeamMember.Read.All`, `TeamSettings.Read.All`",
    ]);
    expect(escalations(apply)).toEqual([]);
  });

  it("updates attributes in place and escalates the owner added", () => {
    const apply = sample("update-attributes");
    expect(linesOf(apply)).toEqual([
      "Corso Backup: the application is updated in place: notes (none) → `Corso backup registration`, service management reference (none) → `CHG-0042`, tags added: `backup`, `corso`; its service principal is updated in place: notes (none) → `Corso backup registration`, tags added: `backup`, `corso`; owner **added**: `11111111-2222-4333-8444-555555555555`; owner of its service principal **added**: `11111111-2222-4333-8444-555555555555`",
    ]);
    expect(escalations(apply)).toHaveLength(2);
  });

  it("names the rotated slot and when its new secret expires, and refuses nothing under --fail-on", () => {
    const apply = sample("rotate-slot-a");
    expect(linesOf(apply)).toEqual([
      "Corso Backup: secret slot A is **replaced**; the new secret expires 2027-08-26T15:26:51Z (180 days after its rotation time 2027-02-27T15:26:51Z); runners must pick up the new secret",
      "outputs that change: `AZURE_CLIENT_SECRET` (update), `client_secret_end_date` (update)",
    ]);
    expect(escalations(apply)).toEqual([]);
    expect(refused([apply], ["replace", "destroy", "import"])).toEqual([]);
  });

  it("reads an application moved to a new address as replaced, an escalation refused by --fail-on replace", () => {
    const apply = sample("replace-application");
    const [line] = linesOf(apply);
    expect(line).toMatch(
      /^Corso Backup \(Contoso\): the application is \*\*replaced\*\*: `azuread_application.Corso_Application_4C8105D7` is destroyed and `azuread_application.Corso_Registration_FC78E4C1` created \(its address changed\), so it gets a new client id, and every Corso runner stops until given the new one; renamed from `Corso Backup`; its service principal is \*\*replaced\*\*/,
    );
    expect(escalations(apply)).toHaveLength(2);
    expect(refused([apply], ["replace"]).map((r) => r.effect.failOn)).toEqual(["replace", "replace"]);
    expect(refused([apply], ["destroy"])).toEqual([]);
  });

  it("escalates the destroy of the application and its service principal, refused by --fail-on destroy", () => {
    const apply = sample("destroy");
    expect(linesOf(apply)[0]).toMatch(
      /^Corso Backup: the application is \*\*destroyed\*\*: Corso stops at once .*; its service principal is \*\*destroyed\*\*; admin consent revoked for /,
    );
    expect(refused([apply], ["destroy"]).map((r) => r.effect.markdown)).toEqual([
      "the application is **destroyed**: Corso stops at once (Entra ID keeps a deleted application 30 days)",
      "its service principal is **destroyed**",
    ]);
  });

  it("shows the objects an import adopts, and the consents it still grants", () => {
    const [line] = linesOf(sample("import"));
    expect(line).toContain(
      "the application is imported: it adopts the existing application `/applications/b029eba0-8f64-4007-99a6-7dd8b72665ab`; the application is updated in place: prevent duplicate names `false` → `true`",
    );
    expect(line).toContain(
      "existing admin consent adopted for `Directory.Read.All`, `Files.ReadWrite.All`, `Mail.ReadWrite`, `Sites.FullControl.All`, `User.Read.All`",
    );
    expect(refused([sample("import")], ["import"]).length).toBeGreaterThan(0);
  });

  it("says nothing will change for the plan that changes nothing", () => {
    const apply = sample("no-changes");
    expect(apply.nothingChanges).toBe(true);
    expect(escalations(apply)).toEqual([]);
  });
});

// Plans of our own, shaped like the samples, one for each action Terraform reports.
type Change = {
  address: string;
  actions: string[];
  before?: object | null;
  after?: object | null;
  importing?: object;
  unknown?: object;
};
function planFile(changes: Change[], references: Record<string, string[]> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "corso-plan-"));
  const json = {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: changes.map((c) => ({
      address: c.address,
      mode: c.address.startsWith("data.") ? "data" : "managed",
      type: c.address.replace(/^data\./, "").split(".")[0],
      name: c.address.split(".").at(-1),
      change: {
        actions: c.actions,
        before: c.before ?? null,
        after: c.after ?? null,
        after_unknown: c.unknown ?? {},
        ...(c.importing === undefined ? {} : { importing: c.importing }),
      },
    })),
    configuration: {
      root_module: {
        resources: Object.entries(references).map(([address, refs]) => ({
          address,
          expressions: { application_id: { references: refs } },
        })),
      },
    },
    timestamp: "2026-11-29T15:27:02Z",
    applyable: true,
    complete: true,
    errored: false,
  };
  const file = join(dir, "plan.json");
  writeFileSync(file, JSON.stringify(json));
  return file;
}
const app = (name = "Corso Backup") => ({ display_name: name, id: "/applications/1", client_id: "c1", owners: ["o1"] });
const effectsOf = (file: string) => linesOf(planEffects(readPlan(file), "plan.json"));

describe("every action Terraform reports", () => {
  it("create, update, no-op and read", () => {
    expect(effectsOf(planFile([{ address: APP, actions: ["create"], after: app() }]))).toEqual([
      "Corso Backup: the application is created",
    ]);
    expect(
      effectsOf(planFile([{ address: APP, actions: ["update"], before: app(), after: { ...app(), notes: "n" } }])),
    ).toEqual(["Corso Backup: the application is updated in place: notes (none) → `n`"]);
    const quiet = readPlan(planFile([{ address: APP, actions: ["no-op"], before: app(), after: app() }]));
    expect(planEffects(quiet, "plan.json").nothingChanges).toBe(true);
    // A data source Terraform reads only when it applies is something the apply does.
    const read = planEffects(
      readPlan(
        planFile([
          { address: APP, actions: ["no-op"], before: app(), after: app() },
          { address: "data.azuread_client_config.c", actions: ["read"], after: {} },
        ]),
      ),
      "plan.json",
    );
    expect(read.nothingChanges).toBe(false);
    expect(linesOf(read)).toEqual([
      "Corso Backup: nothing changes",
      "`data.azuread_client_config.c` is read when Terraform applies",
    ]);
    expect(escalations(read)).toEqual([]);
  });

  it("delete then create, and create then delete, are both a replacement", () => {
    for (const actions of [
      ["delete", "create"],
      ["create", "delete"],
    ]) {
      const lines = effectsOf(planFile([{ address: APP, actions, before: app(), after: app() }]));
      expect(lines).toEqual([
        "Corso Backup: the application is **replaced**: it gets a new client id, and every Corso runner stops until given the new one",
      ]);
    }
  });

  it("delete", () => {
    expect(effectsOf(planFile([{ address: APP, actions: ["delete"], before: app() }]))).toEqual([
      "Corso Backup: the application is **destroyed**: Corso stops at once (Entra ID keeps a deleted application 30 days)",
    ]);
  });

  it("an import with no other change", () => {
    const lines = effectsOf(
      planFile(
        [
          {
            address: SP,
            actions: ["no-op"],
            before: { client_id: "c1" },
            after: { client_id: "c1" },
            importing: { id: "/servicePrincipals/9" },
          },
          { address: APP, actions: ["no-op"], before: app(), after: app() },
        ],
        { [SP]: [APP] },
      ),
    );
    expect(lines).toEqual([
      "Corso Backup: its service principal is imported: it adopts the existing service principal `/servicePrincipals/9`",
    ]);
  });

  it("forget: left in Entra ID, no longer managed", () => {
    expect(effectsOf(planFile([{ address: APP, actions: ["forget"], before: app() }]))).toEqual([
      "Corso Backup: the application is left in Entra ID but no longer managed here",
    ]);
  });

  it("fails closed on an action list Terraform does not document, and on a change it cannot place", () => {
    const apply = planEffects(
      readPlan(
        planFile([
          { address: APP, actions: ["delete", "update"], before: app(), after: app() },
          { address: "azuread_group.admins", actions: ["create"], after: { display_name: "Admins" } },
        ]),
      ),
      "plan.json",
    );
    expect(escalations(apply)).toEqual([
      "the application: Terraform plans `delete, update`, which the review cannot place",
      "`azuread_group.admins`: Terraform plans `create`, and the review cannot place it",
    ]);
  });

  it("a rotation whose clock is created anew says how many days after the apply the new secret expires", () => {
    const file = planFile(
      [
        { address: APP, actions: ["no-op"], before: app(), after: app() },
        {
          address: SECRET_A,
          actions: ["delete", "create"],
          before: { display_name: "Corso Backup secret A", application_id: "/applications/1" },
          after: { display_name: "Corso Backup secret A", application_id: "/applications/1" },
          unknown: { end_date: true },
        },
        { address: CLOCK_A, actions: ["create"], after: { rotation_days: 90 }, unknown: { id: true } },
      ],
      { [SECRET_A]: [APP, CLOCK_A] },
    );
    const json = JSON.parse(readFileSync(file, "utf8"));
    json.configuration.root_module.resources[0].expressions.end_date = {
      constant_value: `\${timeadd(${CLOCK_A}.id, "2880h")}`,
      references: [`${CLOCK_A}.id`, CLOCK_A],
    };
    writeFileSync(file, JSON.stringify(json));
    expect(effectsOf(file)).toEqual([
      "Corso Backup: secret slot A is **replaced**; the new secret expires 120 days after the apply; runners must pick up the new secret",
    ]);
  });

  it("the repository passphrase destroyed is an escalation refused by --fail-on destroy", () => {
    const apply = planEffects(
      readPlan(
        planFile([{ address: "random_password.KeyVault_PassphraseValue_4A5BC6DF", actions: ["delete"], before: {} }]),
      ),
      "plan.json",
    );
    expect(escalations(apply)).toEqual([
      "the generated repository passphrase `random_password.KeyVault_PassphraseValue_4A5BC6DF` is **destroyed**: backups made with it can no longer be read",
    ]);
    expect(refused([apply], ["destroy"])).toHaveLength(1);
  });
});

describe("corso-review --plan", () => {
  it("rejects a file that is not a plan, naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-plan-"));
    writeFileSync(join(dir, "state.json"), JSON.stringify({ version: 4, resources: [] }));
    expect(() => review({ dir: "cdktf.out", dirNamed: false, plans: [join(dir, "state.json")] })).toThrow(
      `${join(dir, "state.json")}: format_version: expected the JSON of a Terraform plan (terraform show -json PLANFILE), format 1.x`,
    );
    writeFileSync(
      join(dir, "bad.json"),
      JSON.stringify({ format_version: "1.2", resource_changes: [{ address: null }] }),
    );
    expect(() => review({ dir: "cdktf.out", dirNamed: false, plans: [join(dir, "bad.json")] })).toThrow(
      `${join(dir, "bad.json")}: resource_changes[0].address: expected a string, got null`,
    );
  });

  it("exits 3 on the replacement and destroy samples, 4 under --fail-on replace,destroy, 0 on the rotation", () => {
    const run = (name: string, failOn: ("replace" | "destroy")[] = []) =>
      review({ dir: "no-such-dir", dirNamed: false, plans: [join(samples, `${name}.json`)], failOn }).status;
    expect(run("replace-application")).toBe(3);
    expect(run("destroy")).toBe(3);
    expect(run("replace-application", ["replace", "destroy"])).toBe(4);
    expect(run("destroy", ["replace", "destroy"])).toBe(4);
    expect(run("rotate-slot-a", ["replace", "destroy"])).toBe(0);
    expect(run("no-changes", ["replace", "destroy"])).toBe(0);
  });

  it("reports several plans, each under its own heading, and says so when nothing will change", () => {
    const { markdown } = review({
      dir: "no-such-dir",
      dirNamed: false,
      plans: [join(samples, "no-changes.json"), join(samples, "rotate-slot-a.json")],
    });
    expect(markdown).toContain("### Plan `no-changes.json`\n\nNothing will change.");
    expect(markdown).toContain("### Plan `rotate-slot-a.json`\n\n- `Corso Backup`: secret slot A is **replaced**");
  });

  it("escapes what the plan says, so a hostile display name or owner cannot hide the rest of the report", () => {
    const hostile = "Evil ` <!-- | <script>";
    const file = planFile([
      { address: APP, actions: ["update"], before: app(hostile), after: { ...app(hostile), owners: ["o1", hostile] } },
    ]);
    const html = new MarkdownIt({ html: true }).render(renderApply([planEffects(readPlan(file), "plan.json")], []));
    expect(html).not.toContain("<!--");
    expect(html).not.toContain("<script>");
    expect(html).toContain("<summary>Terraform's changes (1)</summary>");
    expect(html).toContain("<code>Evil ` &lt;!-- | &lt;script&gt;</code>: owner <strong>added</strong>");
  });
});
