import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CorsoValidationError } from "../../lib";
import { corsoConfigJsonSchema, parseCorsoConfig } from "../../lib/app/config-schema";

const root = join(__dirname, "../..");
const TENANT = { name: "contoso", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" };
const GUID_OWNER = "11111111-2222-4333-8444-555555555555";

function problemsOf(config: unknown): readonly string[] {
  try {
    parseCorsoConfig(JSON.stringify(config), "corso.config.json");
  } catch (error) {
    if (error instanceof CorsoValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe("corso.config.json", () => {
  it.each(readdirSync(join(root, "examples")).filter((f) => f.endsWith(".json")))("accepts the example %s", (file) => {
    expect(problemsOf(JSON.parse(readFileSync(join(root, "examples", file), "utf8")))).toEqual([]);
  });

  it("reports five different mistakes at once, each with its path, value and what is allowed", () => {
    const problems = problemsOf({
      tenants: [
        {
          name: "Contoso Prod",
          tenantId: "contoso.onmicrosoft.com",
          services: ["exchnage"],
          secret: { lifetimeDays: 1000 },
        },
        { ...TENANT, name: "fabrikam", backend: { type: "s3", bucket: "x" } },
      ],
    });
    expect(problems).toEqual([
      'tenants[0].name: expected a stack name of lowercase letters, digits and dashes (at most 63, not starting or ending with a dash), got "Contoso Prod"',
      'tenants[0].tenantId: expected the Entra ID tenant id as a GUID, got "contoso.onmicrosoft.com"',
      "tenants[0]: unknown Corso service 'exchnage' in services: did you mean 'exchange'?",
      "tenants[0]: secret.lifetimeDays 1000 is out of range: give a whole number of days from 1 to 730",
      `tenants[1].backend.type: expected type to be one of 'local', 'azurerm', 'cloud', got "s3"`,
    ]);
  });

  it("throws before anything is synthesized, naming the file", () => {
    expect(() => parseCorsoConfig(JSON.stringify({ tenants: [] }), "configs/prod.json")).toThrow(
      "configs/prod.json: tenants: needs at least 1 entry, got []",
    );
  });

  it("rejects unknown fields, so that a misspelt one is not silently ignored", () => {
    expect(problemsOf({ tenants: [{ ...TENANT, owner: ["x"] }] })).toEqual([
      "tenants[0]: unknown field 'owner': check the spelling against corso.config.schema.json",
    ]);
  });

  it("requires a name and a tenant id", () => {
    expect(problemsOf({ tenants: [{}] })).toEqual([
      "tenants[0].name: required: expected string",
      "tenants[0].tenantId: required: expected string",
    ]);
  });

  it("rejects two tenants with the same stack name", () => {
    expect(problemsOf({ tenants: [TENANT, { ...TENANT, tenantId: "3c5e1f0a-8d2b-4e6f-9a1c-7b4d2e8f0a61" }] })).toEqual([
      'tenants[1].name: "contoso" is already the name of tenants[0]: each tenant needs its own stack name',
    ]);
  });

  it("applies the construct's own rules under the config's field names", () => {
    expect(
      problemsOf({
        tenants: [
          {
            ...TENANT,
            permissions: ["Mail.Read"],
            services: ["exchange"],
            secret: { lifetimeDays: 30, rotationDays: 60 },
          },
        ],
      }),
    ).toEqual([
      "tenants[0]: give either permissions or services, not both: services picks the permissions for you",
      "tenants[0]: secret.rotationDays (60) must be less than secret.lifetimeDays (30), so that a new secret exists before the old one expires",
    ]);
  });

  it("checks the Key Vault fields", () => {
    expect(problemsOf({ tenants: [{ ...TENANT, keyVault: { id: "corso-kv" } }] })).toEqual([
      "tenants[0]: keyVault.id 'corso-kv' is not a Key Vault resource id: expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>",
    ]);
  });

  it("gives each tenant its own local state through {name}, and lets one tenant name a fixed path", () => {
    const fabrikam = { name: "fabrikam", tenantId: "3c5e1f0a-8d2b-4e6f-9a1c-7b4d2e8f0a61" };
    expect(
      problemsOf({ backend: { type: "local", path: "state/{name}.tfstate" }, tenants: [TENANT, fabrikam] }),
    ).toEqual([]);
    expect(problemsOf({ backend: { type: "local", path: "state/corso.tfstate" }, tenants: [TENANT] })).toEqual([]);
  });

  it("rejects two tenants whose blobs or workspaces would be the same, however their prefixes are split", () => {
    const azurerm = { type: "azurerm", storageAccountName: "corsostate", containerName: "tfstate" };
    expect(
      problemsOf({
        tenants: [
          { ...TENANT, name: "a-b", backend: { ...azurerm, keyPrefix: "corso/" } },
          { ...TENANT, name: "b", displayName: "Corso B", backend: { ...azurerm, keyPrefix: "corso/a-" } },
        ],
      }),
    ).toEqual([
      "tenants[1]: its state would be the same as tenants[0]'s (azurerm blob corsostate/tfstate/corso/a-b.tfstate), " +
        "so applying one tenant would destroy the other's app: give each tenant its own state " +
        "({name} in a local path takes the tenant's name)",
    ]);
  });

  it("rejects a workspace prefix that makes a tenant's workspace name too long for HCP Terraform", () => {
    const workspacePrefix = "p".repeat(85);
    expect(
      problemsOf({ backend: { type: "cloud", organization: "acme", workspacePrefix }, tenants: [TENANT] }),
    ).toEqual([
      `backend.workspacePrefix: makes the workspace name '${"p".repeat(57)}...', 92 characters long: ` +
        "HCP Terraform allows at most 90",
    ]);
  });

  it("allows the same display name in different tenants, and different names in one tenant", () => {
    const fabrikam = { name: "fabrikam", tenantId: "3c5e1f0a-8d2b-4e6f-9a1c-7b4d2e8f0a61" };
    expect(problemsOf({ tenants: [TENANT, fabrikam] })).toEqual([]);
    expect(problemsOf({ tenants: [TENANT, { ...TENANT, name: "contoso-files", displayName: "Corso Files" }] })).toEqual(
      [],
    );
  });

  it("reads the deploying identity's ownership as a yes-or-no field", () => {
    expect(problemsOf({ tenants: [{ ...TENANT, owners: [GUID_OWNER], deployerIsOwner: false }] })).toEqual([]);
    expect(problemsOf({ tenants: [{ ...TENANT, deployerIsOwner: "false" }] })).toEqual([
      'tenants[0].deployerIsOwner: expected boolean, got "false"',
    ]);
  });

  it("accepts an adopt block as corso-adopt writes it, and reports each of its mistakes once", () => {
    const adopt = {
      clientId: "1232fe04-0e5b-4b65-8554-0d524d9cba1e",
      applicationObjectId: "b029eba0-8f64-4007-99a6-7dd8b72665ab",
      servicePrincipalObjectId: "4f43f319-4038-4024-acc7-a5614c98d6bb",
      consents: { "Mail.ReadWrite": "GfNDTzhAJECsx6VhTJjWu6KwT_HHVTiqX-6uZbrWaCI" },
      owners: ["0d3c6a5e-9b1f-4e2d-8c7a-1f2e3d4c5b6a"],
    };
    expect(problemsOf({ tenants: [{ ...TENANT, adopt }] })).toEqual([]);
    expect(
      problemsOf({
        tenants: [
          { ...TENANT, adopt: { ...adopt, clientId: "corso", consents: { "Mail.ReadWrit": "x" } } },
          {
            ...TENANT,
            name: "b",
            displayName: "Corso B",
            adopt: { ...adopt, servicePrincipalObjectId: undefined, owners: "me" },
          },
        ],
      }),
    ).toEqual([
      "tenants[0]: adopt.clientId 'corso' is not a GUID: give the application (client) id of the app to adopt",
      "tenants[0]: unknown Microsoft Graph permission 'Mail.ReadWrit' in adopt.consents: did you mean 'Mail.ReadWrite'?",
      "tenants[1].adopt.servicePrincipalObjectId: required: expected string",
      'tenants[1].adopt.owners: expected array, got "me"',
    ]);
  });

  it("says where the JSON is broken", () => {
    expect(() => parseCorsoConfig("{ tenants: [] }", "corso.config.json")).toThrow(
      /^corso.config.json: not valid JSON: /,
    );
  });

  it("ships a JSON Schema generated from the same source (run npm run config-schema after a change)", () => {
    const shipped = JSON.parse(readFileSync(join(root, "corso.config.schema.json"), "utf8"));
    expect(shipped).toEqual(corsoConfigJsonSchema());
    expect(shipped.properties.tenants.items.required).toEqual(["name", "tenantId"]);
    expect(shipped.properties.tenants.items.additionalProperties).toBe(false);
    expect(shipped.properties.tenants.items.properties.adopt.required).toEqual([
      "clientId",
      "applicationObjectId",
      "servicePrincipalObjectId",
    ]);
  });
});
