import { UsageError, parseAdoptCommandLine } from "../../lib/adopt";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const APP = "1232fe04-0e5b-4b65-8554-0d524d9cba1e";

describe("corso-adopt's command line", () => {
  it("reads the tenant, the application and where to write, with ARM_TENANT_ID and CORSO_CONFIG as defaults", () => {
    expect(parseAdoptCommandLine(["--client-id", APP], { ARM_TENANT_ID: TENANT, CORSO_CONFIG: "prod.json" })).toEqual({
      help: false,
      tenantId: TENANT,
      application: { clientId: APP },
      write: false,
      configPath: "prod.json",
      tenantName: undefined,
      environment: undefined,
      graphEndpoint: undefined,
    });
    expect(
      parseAdoptCommandLine(
        [
          "--tenant-id",
          TENANT,
          "--display-name",
          "Corso Backup",
          "--write",
          "--tenant",
          "contoso",
          "--environment",
          "china",
        ],
        {},
      ),
    ).toMatchObject({
      application: { displayName: "Corso Backup" },
      write: true,
      configPath: "corso.config.json",
      tenantName: "contoso",
      environment: "china",
    });
  });

  it.each([
    [["--client-id", APP], "--tenant-id must be the tenant's id, a GUID; got nothing (nor ARM_TENANT_ID)"],
    [
      ["--tenant-id", "contoso.onmicrosoft.com", "--client-id", APP],
      "--tenant-id must be the tenant's id, a GUID; got 'contoso.onmicrosoft.com'",
    ],
    [["--tenant-id", TENANT], "give either --client-id or --display-name, not both or neither"],
    [
      ["--tenant-id", TENANT, "--client-id", APP, "--display-name", "x"],
      "give either --client-id or --display-name, not both or neither",
    ],
    [
      ["--tenant-id", TENANT, "--client-id", "Corso Backup"],
      "--client-id must be the application (client) id, a GUID; got 'Corso Backup'",
    ],
    [
      ["--tenant-id", TENANT, "--display-name", " "],
      "--display-name is empty: give the app's name in Entra ID > App registrations",
    ],
    [
      ["--tenant-id", TENANT, "--client-id", APP, "--tenant", "x"],
      "--tenant names the config file's tenant to write: give it with --write",
    ],
    [["--tenant-id", TENANT, "--client-id", APP, "--wirte"], "Unknown option '--wirte'"],
  ])("rejects %j", (args, message) => {
    expect(() => parseAdoptCommandLine(args, {})).toThrow(UsageError);
    expect(() => parseAdoptCommandLine(args, {})).toThrow(message);
  });
});
