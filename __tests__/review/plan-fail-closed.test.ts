import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FailOn } from "../../lib/review";
import { review } from "../../lib/review/run";

// Plans a hostile pull request could produce, each made from the real `no-changes.json` sample
// (`terraform show -json` of the default stack) with one change written in: the review must name
// the change and escalate it (status 3), or refuse it (status 4) under `--fail-on`.

const SAMPLE = join(__dirname, "fixtures/plans/no-changes.json");
const APP = "azuread_application.Corso_Application_4C8105D7";
const APP_ID = "/applications/2e87469b-841a-4568-acf9-e6a69d54cc7d";
const SP = "azuread_service_principal.Corso_ServicePrincipal_A5B3EA5A";
const SP_OBJECT_ID = "0689e948-e58f-417a-b94d-8cf0a8e7fa35";
const CONSENT = "azuread_app_role_assignment.Corso_Consent-CalendarsReadWrite_6B739482";
const SECRET_A = "azuread_application_password.Corso_ClientSecretA_Password_982B7135";
const DIRECTORY_READ_WRITE_ALL = "19dbc75e-c2e2-444c-a770-ec69d8559fc7";
const STRANGER = "99999999-8888-4777-8666-555555555555";

/* eslint-disable @typescript-eslint/no-explicit-any -- plan JSON edited in place */
type Plan = any;
type ResourceChange = any;

function plan(edit: (json: Plan) => void): string {
  const json = JSON.parse(readFileSync(SAMPLE, "utf8"));
  edit(json);
  const file = join(mkdtempSync(join(tmpdir(), "corso-fail-closed-")), "plan.json");
  writeFileSync(file, JSON.stringify(json));
  return file;
}

const changeOf = (json: Plan, address: string): ResourceChange =>
  json.resource_changes.find((c: ResourceChange) => c.address === address);

/** Turns a no-op into an update whose after side `edit` changes. */
function update(json: Plan, address: string, edit: (after: Record<string, unknown>) => void): void {
  const change = changeOf(json, address).change;
  change.actions = ["update"];
  change.after = structuredClone(change.before);
  edit(change.after);
}

function add(json: Plan, change: { address: string; actions: string[]; before?: object; after?: object }): void {
  const [type, name] = change.address.replace(/^data\./, "").split(".");
  json.resource_changes.push({
    address: change.address,
    mode: change.address.startsWith("data.") ? "data" : "managed",
    type,
    name,
    change: {
      actions: change.actions,
      before: change.before ?? null,
      after: change.after ?? null,
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
    },
  });
}

function run(file: string, failOn: FailOn[] = []) {
  const result = review({ dir: "no-such-dir", dirNamed: false, plans: [file], failOn });
  // The list under "Escalations", up to the plan's own section.
  const start = result.markdown.indexOf("**Escalations");
  const escalations = start < 0 ? "" : result.markdown.slice(start, result.markdown.indexOf("\n### ", start));
  return { ...result, escalations };
}

describe("consents replaced", () => {
  it("a consent replaced with another role is named, role by role, and escalates", () => {
    const file = plan((json) => {
      const change = changeOf(json, CONSENT).change;
      change.actions = ["delete", "create"];
      change.after = { ...change.before, app_role_id: DIRECTORY_READ_WRITE_ALL };
    });
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      "admin consent for `Calendars.ReadWrite` **replaced** by a consent for `Directory.ReadWrite.All` to Corso's app",
    );
    expect(escalations).not.toContain("granted again");
    expect(run(file, ["replace"]).status).toBe(4);
  });

  it("a consent replaced with one to another principal names that principal and escalates", () => {
    const file = plan((json) => {
      const change = changeOf(json, CONSENT).change;
      change.actions = ["delete", "create"];
      change.after = { ...change.before, principal_object_id: STRANGER };
    });
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      `admin consent for \`Calendars.ReadWrite\` **replaced** by a consent for \`Calendars.ReadWrite\` to another principal \`${STRANGER}\``,
    );
  });

  it("a consent of the same role to Corso's app, replaced, is still granted again without escalating", () => {
    const file = plan((json) => {
      changeOf(json, CONSENT).change.actions = ["delete", "create"];
    });
    const { status, markdown } = run(file);
    expect(status).toBe(0);
    expect(markdown).toContain("admin consent granted again (replaced) for `Calendars.ReadWrite`");
  });

  it("a consent that is not Corso's names both principals: another principal on Graph", () => {
    const file = plan((json) =>
      add(json, {
        address: "azuread_app_role_assignment.extra",
        actions: ["create"],
        after: {
          app_role_id: DIRECTORY_READ_WRITE_ALL,
          principal_object_id: STRANGER,
          resource_object_id: "6f5949a1-aaa6-424e-97b8-991695dee3de",
        },
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      `\`azuread_app_role_assignment.extra\`: an app role assignment (admin consent) to another principal \`${STRANGER}\` on Graph, not Corso's registration, is created`,
    );
  });
});

describe("in-place updates that grant or widen access", () => {
  it("a federated identity credential's subject changed in place", () => {
    const file = plan((json) =>
      add(json, {
        address: "azuread_application_federated_identity_credential.deploy",
        actions: ["update"],
        before: {
          application_id: APP_ID,
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:o/r:ref:refs/heads/main",
          audiences: ["api://AzureADTokenExchange"],
          display_name: "deploy",
        },
        after: {
          application_id: APP_ID,
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:attacker/fork:pull_request",
          audiences: ["api://AzureADTokenExchange"],
          display_name: "deploy",
        },
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      "its federated identity credential `azuread_application_federated_identity_credential.deploy` is updated in place: subject `repo:o/r:ref:refs/heads/main` → `repo:attacker/fork:pull_request`",
    );
  });

  it("a delegated permission grant's scopes changed in place", () => {
    const grant = {
      service_principal_object_id: SP_OBJECT_ID,
      resource_service_principal_object_id: "6f5949a1-aaa6-424e-97b8-991695dee3de",
    };
    const file = plan((json) =>
      add(json, {
        address: "azuread_service_principal_delegated_permission_grant.g",
        actions: ["update"],
        before: { ...grant, claim_values: ["User.Read"] },
        after: { ...grant, claim_values: ["User.Read", "Mail.ReadWrite"] },
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      "its delegated permission grant `azuread_service_principal_delegated_permission_grant.g` is updated in place: delegated scopes `User.Read` → `User.Read`, `Mail.ReadWrite`",
    );
  });

  it("a redirect URI added to the application in place", () => {
    const file = plan((json) =>
      update(json, APP, (after: any) => {
        after.web[0].redirect_uris = ["https://evil.example/callback"];
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain("the application: web redirect URI **added**: `https://evil.example/callback`");
  });

  it("the sign-in audience widened in place", () => {
    const file = plan((json) =>
      update(json, APP, (after) => {
        after.sign_in_audience = "AzureADMultipleOrgs";
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain("the application: sign-in audience `AzureADMyOrg` → `AzureADMultipleOrgs`");
  });

  it("app_role_assignment_required changed in place", () => {
    const file = plan((json) =>
      update(json, SP, (after) => {
        after.app_role_assignment_required = true;
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain("its service principal: app role assignment required `false` → `true`");
  });

  it('implicit grant turned on, also as the string "true"', () => {
    const file = plan((json) =>
      update(json, APP, (after: any) => {
        after.web[0].implicit_grant[0].access_token_issuance_enabled = "true";
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain("the application: implicit grant of access tokens `false` → `true`");
  });

  it("an attribute the review does not model, changed in place, escalates by its path", () => {
    const file = plan((json) =>
      update(json, APP, (after: any) => {
        after.api[0].oauth2_permission_scope = [{ value: "exfiltrate", id: STRANGER, enabled: true }];
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain("the application: `api.oauth2_permission_scope.enabled`");
    expect(escalations).toContain("which the review does not model");
    expect(escalations).not.toContain("exfiltrate");
  });

  it("a resource type the review does not model, updated in place", () => {
    const file = plan((json) =>
      add(json, {
        address: "azurerm_role_assignment.owner",
        actions: ["update"],
        before: { principal_id: SP_OBJECT_ID, role_definition_name: "Reader" },
        after: { principal_id: SP_OBJECT_ID, role_definition_name: "Owner" },
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      "`azurerm_role_assignment.owner`: Terraform plans `update` (`role_definition_name`), and the review cannot place it",
    );
  });
});

describe("a resource belongs to the registration only by the ids it owns", () => {
  it("a password on another application is not shown as Corso's secret slot", () => {
    const file = plan((json) => {
      add(json, {
        address: "azuread_application_password.Corso_ClientSecretC_Password_0000",
        actions: ["create"],
        after: {
          application_id: "/applications/aaaaaaaa-0000-4000-8000-000000000000",
          display_name: "Corso Backup secret C",
        },
      });
      // Its configuration refers to Corso's application elsewhere, which used to tie it.
      json.configuration.root_module.resources.push({
        address: "azuread_application_password.Corso_ClientSecretC_Password_0000",
        mode: "managed",
        type: "azuread_application_password",
        name: "Corso_ClientSecretC_Password_0000",
        provider_config_key: "azuread",
        expressions: {
          display_name: { references: [`${APP}.display_name`, APP] },
          application_id: { constant_value: "/applications/aaaaaaaa-0000-4000-8000-000000000000" },
        },
      });
    });
    const { status, escalations, markdown } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      "`azuread_application_password.Corso_ClientSecretC_Password_0000`: a client secret of another application `/applications/aaaaaaaa-0000-4000-8000-000000000000`, not Corso's registration, is created",
    );
    expect(markdown).not.toContain("secret slot C");
  });

  it("Corso's secret moved to another application escalates", () => {
    const file = plan((json) =>
      update(json, SECRET_A, (after) => {
        after.application_id = "/applications/aaaaaaaa-0000-4000-8000-000000000000";
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      `the secret \`${SECRET_A}\` moves to another application \`/applications/aaaaaaaa-0000-4000-8000-000000000000\``,
    );
  });
});

describe("outputs and data sources read at apply are what the apply does", () => {
  it("an output-only plan is reported, not 'Nothing will change'", () => {
    const file = plan((json) => {
      json.output_changes.AZURE_CLIENT_ID.actions = ["update"];
    });
    const { status, markdown } = run(file);
    expect(status).toBe(0);
    expect(markdown).not.toContain("Nothing will change");
    expect(markdown).toContain("- outputs that change: `AZURE_CLIENT_ID` (update)");
  });

  it("a new output that reaches the client secret escalates, plainly, by index syntax or as a whole object", () => {
    for (const references of [[`${SECRET_A}.value`, SECRET_A], [`${SECRET_A}["value"]`, SECRET_A], [SECRET_A]]) {
      const file = plan((json) => {
        json.output_changes.copy = {
          actions: ["create"],
          before: null,
          after_unknown: true,
          before_sensitive: false,
          after_sensitive: false,
        };
        json.configuration.root_module.outputs.copy = { expression: { references } };
      });
      const { status, escalations, markdown } = run(file);
      expect(status).toBe(3);
      expect(escalations).toContain(`output \`copy\` (create) can reach a secret through \`${SECRET_A}\``);
      expect(markdown).not.toContain("Nothing will change");
    }
  });

  it("an output through a local value, which the plan does not show, escalates", () => {
    const file = plan((json) => {
      json.output_changes.copy = {
        actions: ["create"],
        before: null,
        after: "x",
        after_unknown: false,
        before_sensitive: false,
        after_sensitive: false,
      };
      json.configuration.root_module.outputs.copy = { expression: { references: ["local.secret"] } };
    });
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      "output `copy` (create) can reach a secret through `local.secret`, which the plan does not show",
    );
  });

  it("an output through a terraform_data that holds the secret escalates", () => {
    const file = plan((json) => {
      json.configuration.root_module.resources.push({
        address: "terraform_data.holder",
        mode: "managed",
        type: "terraform_data",
        name: "holder",
        expressions: { input: { references: [`${SECRET_A}.value`, SECRET_A] } },
      });
      json.output_changes.copy = {
        actions: ["create"],
        before: null,
        after_unknown: true,
        before_sensitive: false,
        after_sensitive: false,
      };
      json.configuration.root_module.outputs.copy = {
        expression: { references: ["terraform_data.holder.output", "terraform_data.holder"] },
      };
    });
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      "output `copy` (create) can reach a secret through `terraform_data.holder`, whose configuration reaches",
    );
  });

  it("a data source the review does not model, read at apply, escalates: it can run code", () => {
    const file = plan((json) => add(json, { address: "data.external.run", actions: ["read"], after: {} }));
    const { status, escalations, markdown } = run(file);
    expect(status).toBe(3);
    expect(markdown).not.toContain("Nothing will change");
    expect(escalations).toContain(
      "`data.external.run` is read when Terraform applies: a `external` data source, which the review does not model, can run code or send what it is given elsewhere",
    );
  });

  it("a modelled data source read at apply is reported, and escalates when its configuration reaches a secret", () => {
    const quiet = plan((json) =>
      add(json, { address: "data.azuread_client_config.again", actions: ["read"], after: {} }),
    );
    expect(run(quiet).status).toBe(0);
    expect(run(quiet).markdown).toContain("- `data.azuread_client_config.again` is read when Terraform applies");
    const leaking = plan((json) => {
      add(json, { address: "data.azuread_service_principal.lookup", actions: ["read"], after: {} });
      json.configuration.root_module.resources.push({
        address: "data.azuread_service_principal.lookup",
        mode: "data",
        type: "azuread_service_principal",
        name: "lookup",
        provider_config_key: "azuread",
        expressions: { display_name: { references: [`${SECRET_A}.value`, SECRET_A] } },
      });
    });
    const { status, escalations } = run(leaking);
    expect(status).toBe(3);
    expect(escalations).toContain(
      `\`data.azuread_service_principal.lookup\` is read when Terraform applies, and its configuration reaches a secret through \`${SECRET_A}\` (\`value\`)`,
    );
  });
});

describe("imports the review cannot place", () => {
  it("a no-op import of a type the review does not model escalates, and --fail-on import refuses it", () => {
    const file = plan((json) => {
      add(json, {
        address: "azuread_group.admins",
        actions: ["no-op"],
        before: { display_name: "Admins" },
        after: { display_name: "Admins" },
      });
      json.resource_changes.at(-1).change.importing = { id: "/groups/1" };
    });
    const { status, escalations, markdown } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      "`azuread_group.admins`: Terraform plans `no-op` with an import of `/groups/1`, and the review cannot place it",
    );
    expect(run(file, ["import"]).status).toBe(4);
    expect(run(file, ["import"]).markdown).toContain("**Refused by `--fail-on import` (1)");
    expect(markdown).not.toContain("Nothing will change");
  });
});

describe("what stays as it was", () => {
  it("values Terraform marks sensitive are never shown", () => {
    const file = plan((json) => {
      add(json, {
        address: "azurerm_key_vault_secret.client",
        actions: ["update"],
        before: { name: "corso-client-secret", value: "old-secret-value", key_vault_id: "/vaults/a" },
        after: { name: "corso-client-secret", value: "new-secret-value", key_vault_id: "/vaults/a" },
      });
      const change = json.resource_changes.at(-1).change;
      change.before_sensitive = { value: true };
      change.after_sensitive = { value: true };
    });
    const { markdown } = run(file);
    expect(markdown).not.toContain("secret-value");
    expect(markdown).toContain("Key Vault secret `corso-client-secret` is written (updated in place)");
  });

  it("a Key Vault secret written to another vault escalates", () => {
    const file = plan((json) =>
      add(json, {
        address: "azurerm_key_vault_secret.client",
        actions: ["update"],
        before: { name: "corso-client-secret", key_vault_id: "/vaults/a" },
        after: { name: "corso-client-secret", key_vault_id: "/vaults/elsewhere" },
      }),
    );
    const { status, escalations } = run(file);
    expect(status).toBe(3);
    expect(escalations).toContain(
      "Key Vault secret `corso-client-secret`: Key Vault `/vaults/a` → `/vaults/elsewhere`",
    );
  });
});
