import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { CORSO_PERMISSIONS, CorsoAppRegistration, MICROSOFT_GRAPH_APP_ID } from "../../lib";
import { addressOf, newStack, onlyResource, resources, synth } from "../support/synth";

const GRAPH = MICROSOFT_GRAPH_APP_ID;

function warningsOf(stack: TerraformStack, about = ""): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === "@cdktf/warn")
    .map((m) => m.data as string)
    .filter((warning) => warning.includes(about));
}

function synthDefault() {
  const stack = newStack();
  new CorsoAppRegistration(stack, "Corso");
  return synth(stack);
}

describe("CorsoAppRegistration", () => {
  const json = synthDefault();
  const graph = addressOf(json, "azuread_service_principal", "data");
  const sp = addressOf(json, "azuread_service_principal");
  const app = onlyResource(json, "azuread_application");

  it("registers a single-tenant application with no redirect URIs and a unique name", () => {
    expect(app.display_name).toBe("Corso Backup");
    expect(app.sign_in_audience).toBe("AzureADMyOrg");
    expect(app.prevent_duplicate_names).toBe(true);
    expect(app).not.toHaveProperty("web");
    expect(app).not.toHaveProperty("public_client");
    expect(app).not.toHaveProperty("single_page_application");
  });

  it("requests Corso's 14 Microsoft Graph application permissions by name, sorted", () => {
    const access = app.required_resource_access as { resource_app_id: string; resource_access: object[] }[];
    expect(access).toHaveLength(1);
    expect(access[0].resource_app_id).toBe(GRAPH);
    expect(access[0].resource_access).toEqual(
      [...CORSO_PERMISSIONS].sort().map((name) => ({ id: `\${${graph}.app_role_ids["${name}"]}`, type: "Role" })),
    );
  });

  it("reads Microsoft Graph's service principal with a data source, never a managed resource", () => {
    expect(json.data.azuread_service_principal).toBeDefined();
    expect(Object.values(json.data.azuread_service_principal)[0].client_id).toBe(GRAPH);
    for (const principal of Object.values(resources(json, "azuread_service_principal"))) {
      expect(principal).not.toHaveProperty("use_existing");
      expect(principal.client_id).not.toBe(GRAPH);
    }
  });

  it("creates the application's service principal", () => {
    const principal = onlyResource(json, "azuread_service_principal");
    expect(principal.client_id).toBe(`\${${addressOf(json, "azuread_application")}.client_id}`);
  });

  it("grants admin consent for every requested permission, from the app's principal to Graph's", () => {
    const consents = Object.values(resources(json, "azuread_app_role_assignment"));
    expect(consents).toHaveLength(14);
    expect(consents.map((c) => c.app_role_id).sort()).toEqual(
      [...CORSO_PERMISSIONS].sort().map((name) => `\${${graph}.app_role_ids["${name}"]}`),
    );
    for (const consent of consents) {
      expect(consent.principal_object_id).toBe(`\${${sp}.object_id}`);
      expect(consent.resource_object_id).toBe(`\${${graph}.object_id}`);
    }
  });

  it("names each consent after its permission, so adding one never renames another", () => {
    const names = Object.keys(resources(json, "azuread_app_role_assignment"));
    expect(names).toContain("Corso_Consent-MailReadWrite_6BA01212");
    const fewer = newStack();
    new CorsoAppRegistration(fewer, "Corso", { permissions: ["Mail.ReadWrite", "User.Read.All"] });
    const fewerNames = Object.keys(resources(synth(fewer), "azuread_app_role_assignment"));
    expect(names).toEqual(expect.arrayContaining(fewerNames));
  });

  it("keeps the deploying identity among the owners, next to the owners given", () => {
    const caller = `\${${addressOf(json, "azuread_client_config", "data")}.object_id}`;
    expect(app.owners).toEqual([caller]);
    expect(onlyResource(json, "azuread_service_principal").owners).toEqual([caller]);

    const owners = ["11111111-2222-4333-8444-555555555555", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"];
    const stack = newStack();
    new CorsoAppRegistration(stack, "Corso", { owners });
    const withOwners = synth(stack);
    expect(onlyResource(withOwners, "azuread_application").owners).toEqual([caller, ...owners]);
    expect(onlyResource(withOwners, "azuread_service_principal").owners).toEqual([caller, ...owners]);
  });

  it("leaves the deploying identity out only when told, and warns what it then needs", () => {
    const owners = ["11111111-2222-4333-8444-555555555555", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"];
    const stack = newStack();
    new CorsoAppRegistration(stack, "Corso", { owners, deployerIsOwner: false });
    const json = synth(stack);
    expect(onlyResource(json, "azuread_application").owners).toEqual(owners);
    expect(onlyResource(json, "azuread_service_principal").owners).toEqual(owners);
    expect(warningsOf(stack, "deployerIsOwner")).toEqual([
      "deployerIsOwner is false: the azuread provider removes the deploying identity from the owners of the " +
        "application and its service principal once it has created them, so that identity needs " +
        "Application.ReadWrite.All (Application.ReadWrite.OwnedBy is not enough) and AppRoleAssignment.ReadWrite.All, " +
        "or the Cloud Application Administrator role, to finish this deployment and to manage the application later",
    ]);
    expect(warningsOf(newStack(), "deployerIsOwner")).toEqual([]);
  });

  it("creates a client secret with an explicit end date from a rotating clock", () => {
    const stack = newStack();
    new CorsoAppRegistration(stack, "Corso", { secretSlots: 1 });
    const json = synth(stack);
    const password = onlyResource(json, "azuread_application_password");
    const clock = addressOf(json, "time_rotating");
    expect(password.application_id).toBe(`\${${addressOf(json, "azuread_application")}.id}`);
    expect(password.end_date).toBe(`\${timeadd(${clock}.id, "4320h")}`);
    expect(password.rotate_when_changed).toEqual({ rotation: `\${${clock}.id}` });
    expect(password).not.toHaveProperty("end_date_relative");
    expect(onlyResource(json, "time_rotating").rotation_days).toBe(90);
  });

  it("exposes the ids and secret users wire to as references", () => {
    const stack = newStack();
    const corso = new CorsoAppRegistration(stack, "Corso");
    new TerraformOutput(stack, "client_id", { value: corso.clientId });
    new TerraformOutput(stack, "tenant_id", { value: corso.tenantId });
    new TerraformOutput(stack, "secret", { value: corso.clientSecret, sensitive: true });
    const outputs = synth(stack).output ?? {};
    expect(outputs.client_id.value).toMatch(/^\$\{azuread_application\.Corso_Application_\w+\.client_id\}$/);
    expect(outputs.tenant_id.value).toMatch(/^\$\{data\.azuread_client_config\.Corso_ClientConfig_\w+\.tenant_id\}$/);
    expect(outputs.secret.value).toMatch(
      /^\$\{\(time_rotating\.\w+\.unix >= time_rotating\.\w+\.unix\) \? azuread_application_password\.Corso_ClientSecretB_Password_\w+\.value : azuread_application_password\.Corso_ClientSecretA_Password_\w+\.value\}$/,
    );
    expect(corso.permissions).toEqual([...CORSO_PERMISSIONS].sort());
  });

  it("adds one time provider to a stack that has none, and reuses the stack's own", () => {
    expect(json.provider.time).toHaveLength(1);
    const stack = newStack();
    new TimeProvider(stack, "clock", {});
    new CorsoAppRegistration(stack, "Corso");
    expect(synth(stack).provider.time).toHaveLength(1);
  });

  it("synthesizes two instances side by side in one stack", () => {
    const stack = newStack();
    new CorsoAppRegistration(stack, "Exchange", { displayName: "Corso Exchange", services: ["exchange"] });
    new CorsoAppRegistration(stack, "Files", { displayName: "Corso Files", services: ["onedrive", "sharepoint"] });
    const both = synth(stack);
    expect(Object.values(resources(both, "azuread_application")).map((a) => a.display_name)).toEqual([
      "Corso Exchange",
      "Corso Files",
    ]);
    expect(Object.keys(resources(both, "azuread_app_role_assignment"))).toHaveLength(6 + 4);
    expect(both.provider.time).toHaveLength(1);
  });

  it("warns that Teams channel messages and chats are protected APIs", () => {
    const stack = newStack();
    new CorsoAppRegistration(stack, "Corso");
    expect(warningsOf(stack, "protected API")).toEqual([
      expect.stringMatching(
        /^ChannelMessage\.Read\.All and Chat\.Read\.All read Teams messages, a Microsoft protected API/,
      ),
    ]);

    const chats = newStack();
    new CorsoAppRegistration(chats, "Corso", { services: ["chats"] });
    expect(warningsOf(chats, "protected API")).toEqual([expect.stringMatching(/^Chat\.Read\.All read Teams messages/)]);

    const quiet = newStack();
    new CorsoAppRegistration(quiet, "Corso", { services: ["exchange", "onedrive", "sharepoint"] });
    expect(warningsOf(quiet, "protected API")).toEqual([]);
  });

  it("warns that Corso's chats backup is pre-release and backup only when chats is chosen", () => {
    const notice =
      "Corso's chats backup (`corso backup create chats`) is a pre-release command, hidden from its help, " +
      "that Corso warns may not work; it backs chats up only: Corso cannot restore or export them";
    const byService = newStack();
    new CorsoAppRegistration(byService, "Corso", { services: ["exchange", "chats"] });
    expect(warningsOf(byService, "pre-release")).toEqual([notice]);

    const byPermission = newStack();
    new CorsoAppRegistration(byPermission, "Corso", { permissions: ["User.Read.All", "Chat.Read.All"] });
    expect(warningsOf(byPermission, "pre-release")).toEqual([notice]);
  });

  it("does not warn about chats for Corso's 14 or for services without chats", () => {
    const byDefault = newStack();
    new CorsoAppRegistration(byDefault, "Corso");
    expect(warningsOf(byDefault, "pre-release")).toEqual([]);
    const groups = newStack();
    new CorsoAppRegistration(groups, "Corso", { services: ["teams", "sharepoint"] });
    expect(warningsOf(groups, "pre-release")).toEqual([]);
  });

  it("warns when the application would have fewer than two owners, the deploying identity counted", () => {
    const owner = "11111111-2222-4333-8444-555555555555";
    const byDefault = newStack();
    new CorsoAppRegistration(byDefault, "Corso");
    expect(warningsOf(byDefault, "owner")).toEqual([
      "the application has one owner, the identity that deploys it: add a second in owners so that it is never left without one",
    ]);
    const one = newStack();
    new CorsoAppRegistration(one, "Corso", { owners: [owner], deployerIsOwner: false });
    expect(warningsOf(one, "one owner")).toEqual([expect.stringContaining(`one owner, '${owner}'`)]);
    const withDeployer = newStack();
    new CorsoAppRegistration(withDeployer, "Corso", { owners: [owner] });
    expect(warningsOf(withDeployer, "owner")).toEqual([]);
  });

  it("records notes, a service management reference and tags for auditors", () => {
    const stack = newStack();
    new CorsoAppRegistration(stack, "Corso", {
      notes: "Runs nightly Corso backups; runbook in PLAT-12",
      serviceManagementReference: "CHG0031337",
      tags: ["backup", "corso"],
    });
    const json = synth(stack);
    expect(onlyResource(json, "azuread_application")).toMatchObject({
      notes: "Runs nightly Corso backups; runbook in PLAT-12",
      service_management_reference: "CHG0031337",
      tags: ["backup", "corso"],
    });
    expect(onlyResource(json, "azuread_service_principal")).toMatchObject({
      notes: "Runs nightly Corso backups; runbook in PLAT-12",
      tags: ["backup", "corso"],
    });
    expect(app).not.toHaveProperty("notes");
  });

  it("protects the application and its service principal from destroy when asked", () => {
    const stack = newStack();
    new CorsoAppRegistration(stack, "Corso", { protectFromDestroy: true });
    const json = synth(stack);
    expect(onlyResource(json, "azuread_application").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(json, "azuread_service_principal").lifecycle).toEqual({ prevent_destroy: true });
    for (const password of Object.values(resources(json, "azuread_application_password"))) {
      expect(password).not.toHaveProperty("lifecycle");
    }
    expect(app).not.toHaveProperty("lifecycle");
  });

  it("rejects a stack without an azuread provider when validations run, naming the provider prop", () => {
    const stack = new TerraformStack(Testing.app(), "bare");
    new CorsoAppRegistration(stack, "Corso");
    expect(() => Testing.synth(stack, true)).toThrow(
      "CorsoAppRegistration 'bare/Corso' needs an azuread provider: pass one in provider, or add " +
        '`new AzureadProvider(stack, "azuread", {})` from @cdktf/provider-azuread/lib/provider/index.js to its stack',
    );
  });
});

describe("CorsoAppRegistration's providers", () => {
  const CONTOSO = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  const FABRIKAM = "3c5e1f0a-8d2b-4e6f-9a1c-7b4d2e8f0a61";

  /** The `provider` of every resource and data source whose Terraform name starts with `prefix`. */
  function providersUsed(json: ReturnType<typeof synth>, prefix: string): Set<unknown> {
    const blocks = [...Object.values(json.resource), ...Object.values(json.data)];
    const used = blocks.flatMap((byName) =>
      Object.entries(byName)
        .filter(([name]) => name.startsWith(prefix))
        .map(([, body]) => body.provider),
    );
    expect(used.length).toBeGreaterThan(10);
    return new Set(used);
  }

  it("puts two tenants' registrations in one stack, each on its own aliased azuread provider", () => {
    const stack = new TerraformStack(Testing.app(), "tenants");
    const contoso = new AzureadProvider(stack, "contoso", { alias: "contoso", tenantId: CONTOSO });
    const fabrikam = new AzureadProvider(stack, "fabrikam", { alias: "fabrikam", tenantId: FABRIKAM });
    new CorsoAppRegistration(stack, "Contoso", { provider: contoso, displayName: "Corso Contoso" });
    new CorsoAppRegistration(stack, "Fabrikam", { provider: fabrikam, displayName: "Corso Fabrikam" });
    const json = synth(stack);

    expect(json.provider.azuread).toEqual([
      { alias: "contoso", tenant_id: CONTOSO },
      { alias: "fabrikam", tenant_id: FABRIKAM },
    ]);
    const azureadOnly = (used: Set<unknown>) => [...used].filter((p) => p !== undefined);
    expect(azureadOnly(providersUsed(json, "Contoso_"))).toEqual(["azuread.contoso"]);
    expect(azureadOnly(providersUsed(json, "Fabrikam_"))).toEqual(["azuread.fabrikam"]);
    for (const [name, body] of Object.entries({ ...json.resource.azuread_application_password })) {
      expect(body.provider).toBe(name.startsWith("Contoso_") ? "azuread.contoso" : "azuread.fabrikam");
    }
    expect(json.data.azuread_client_config).toEqual({
      Contoso_ClientConfig_B4DBD175: { provider: "azuread.contoso" },
      Fabrikam_ClientConfig_52418928: { provider: "azuread.fabrikam" },
    });
    expect(json.provider.time).toEqual([{}]);
  });

  it("rejects a stack whose azuread providers all have an alias when no provider is given", () => {
    const stack = new TerraformStack(Testing.app(), "tenants");
    new AzureadProvider(stack, "contoso", { alias: "contoso" });
    new AzureadProvider(stack, "fabrikam", { alias: "fabrikam" });
    new CorsoAppRegistration(stack, "Corso");
    expect(() => Testing.synth(stack, true)).toThrow(
      "CorsoAppRegistration 'tenants/Corso' has no azuread provider to use: the stack's azuread providers " +
        "all have an alias ('contoso', 'fabrikam'); pass the one for this tenant in provider",
    );
  });

  it("uses an azuread provider the stack declares after the construct", () => {
    const stack = new TerraformStack(Testing.app(), "late");
    new CorsoAppRegistration(stack, "Corso");
    new AzureadProvider(stack, "azuread", {});
    expect(synth(stack).provider.azuread).toEqual([{}]);
  });

  it("rejects a provider of another stack, or of another type, before synthesis", () => {
    const app = Testing.app();
    const other = new AzureadProvider(new TerraformStack(app, "other"), "azuread", {});
    const stack = newStack();
    const time = new TimeProvider(stack, "clock", { alias: "clock" });
    expect(
      () =>
        new CorsoAppRegistration(stack, "Corso", {
          provider: other,
          timeProvider: new AzureadProvider(stack, "x", { alias: "x" }) as unknown as TimeProvider,
        }),
    ).toThrow(
      "CorsoAppRegistration: 2 problems:\n" +
        "  - provider 'other/azuread' is declared in stack 'other', not in stack 'test' where the construct is: " +
        "pass an azuread provider declared in the same stack\n" +
        "  - timeProvider is an azuread provider ('test/x'), not a time provider: " +
        "pass a TimeProvider from @cdktf/provider-time/lib/provider/index.js",
    );
    expect(() => new CorsoAppRegistration(stack, "Ok", { timeProvider: time })).not.toThrow();
  });

  describe.each([
    ["before the construct, with id 'time'", "time", true],
    ["after the construct, with id 'time'", "time", false],
    ["after the construct, with another id", "clock", false],
  ])("a time provider the stack declares %s", (_, id, first) => {
    it("is the stack's only unaliased time provider, and the clocks use it", () => {
      const stack = newStack();
      if (first) new TimeProvider(stack, id);
      new CorsoAppRegistration(stack, "Corso");
      if (!first) new TimeProvider(stack, id);
      const json = synth(stack);
      expect(json.provider.time).toEqual([{}]);
      for (const clock of Object.values(resources(json, "time_rotating"))) {
        expect(clock).not.toHaveProperty("provider");
      }
    });
  });

  it("runs its clocks on the time provider given, and still leaves the stack one unaliased time provider", () => {
    const stack = newStack();
    const clock = new TimeProvider(stack, "time", { alias: "corso" });
    new CorsoAppRegistration(stack, "Corso", { timeProvider: clock });
    new TimeProvider(stack, "late", { alias: "late" });
    const json = synth(stack);
    expect(json.provider.time).toEqual([{ alias: "corso" }, { alias: "late" }, {}]);
    const clocks = Object.values(resources(json, "time_rotating"));
    expect(clocks).toHaveLength(2);
    for (const clock of clocks) {
      expect(clock.provider).toBe("time.corso");
    }
  });
});
