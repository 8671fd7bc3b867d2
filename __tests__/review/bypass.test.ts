import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { review } from "../../lib/review/run";
import { type StackJson, defaultStackJson, writeSynthesis } from "../support/synthesis";

// A hostile pull request edits the synthesized JSON of the default stack; each edit must exit 3
// with a line that names what it grants. The base is always the untouched default stack.

const APP = "Corso_Application_4C8105D7";
const SP = "${azuread_service_principal.Corso_ServicePrincipal_A5B3EA5A.object_id}";
const GRAPH_SP = "${data.azuread_service_principal.Corso_MicrosoftGraph_3D5B8AD1.object_id}";
const GRAPH = "00000003-0000-0000-c000-000000000000";
const EXCHANGE = "00000002-0000-0ff1-ce00-000000000000";

/** Reviews `edit` applied to the default stack against the default stack. */
function reviewEdit(edit: (json: StackJson) => void, base: StackJson = defaultStackJson()) {
  const head = defaultStackJson();
  edit(head);
  const result = review({ dir: writeSynthesis({ corso: head }), base: writeSynthesis({ corso: base }) });
  const section = (title: string) => {
    const start = result.markdown.indexOf(title);
    if (start < 0) return [];
    const end = result.markdown.indexOf("\n\n", result.markdown.indexOf("\n\n", start) + 2);
    return result.markdown
      .slice(start, end)
      .split("\n")
      .filter((l) => l.startsWith("- "));
  };
  return { ...result, escalations: section("**Escalations"), others: section("**Other changes") };
}

const app = (json: StackJson) => json.resource.azuread_application[APP];

describe("the review as a security gate", () => {
  it("escalates a second required_resource_access block for Exchange Online's full_access_as_app", () => {
    const result = reviewEdit((json) => {
      app(json).required_resource_access.push({
        resource_app_id: EXCHANGE,
        resource_access: [{ id: "dc890d15-9560-4a4c-9b7f-a736ec74ec40", type: "Role" }],
      });
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: new request: application permission `full_access_as_app` on Office 365 Exchange Online (`00000002-0000-0ff1-ce00-000000000000`)",
      "- `corso`: `Corso Backup`: access to a new API: Office 365 Exchange Online (`00000002-0000-0ff1-ce00-000000000000`)",
    ]);
    expect(result.markdown).toContain(
      "| Office 365 Exchange Online (`00000002-0000-0ff1-ce00-000000000000`) | `full_access_as_app` | application |",
    );
  });

  it("escalates a new role behind Microsoft Graph's app id written in upper case, and reports nothing removed", () => {
    const result = reviewEdit((json) => {
      const graph = app(json).required_resource_access[0];
      graph.resource_app_id = GRAPH.toUpperCase();
      graph.resource_access.push({
        id: '${data.azuread_service_principal.Corso_MicrosoftGraph_3D5B8AD1.app_role_ids["Directory.ReadWrite.All"]}',
        type: "Role",
      });
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: new permission `Directory.ReadWrite.All` (not in the catalog)",
    ]);
    expect(result.others).toEqual([]);
  });

  it("escalates a consent granted only as an azuread_app_role_assignment, with a literal role id", () => {
    const result = reviewEdit((json) => {
      json.resource.azuread_app_role_assignment.sneaky = {
        app_role_id: "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
        principal_object_id: SP,
        resource_object_id: GRAPH_SP,
      };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: new grant: application permission `Directory.ReadWrite.All` on Microsoft Graph (`00000003-0000-0000-c000-000000000000`), which the application does not request",
    ]);
    expect(result.markdown).toContain(
      "- application permission `Directory.ReadWrite.All` on Microsoft Graph (`00000003-0000-0000-c000-000000000000`), not requested by the application (`azuread_app_role_assignment.sneaky`)",
    );
  });

  it("escalates a delegated (Scope) permission turned into an application (Role) permission", () => {
    const withScope = (type: string) => (json: StackJson) => {
      app(json).required_resource_access[0].resource_access.push({
        id: '${data.azuread_service_principal.Corso_MicrosoftGraph_3D5B8AD1.oauth2_permission_scope_ids["Mail.Send"]}',
        type,
      });
    };
    const base = defaultStackJson();
    withScope("Scope")(base);
    const result = reviewEdit(withScope("Role"), base);
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: application permission `Mail.Send` was delegated (`Scope`), now `Role`",
    ]);
  });

  it("escalates a sign-in audience widened to any directory", () => {
    const result = reviewEdit((json) => {
      app(json).sign_in_audience = "AzureADMultipleOrgs";
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: sign-in audience changes from accounts in this directory only (`AzureADMyOrg`) to accounts in any directory (`AzureADMultipleOrgs`)",
    ]);
  });

  it("escalates access expressed with azuread_application_registration and azuread_application_api_access", () => {
    const result = reviewEdit((json) => {
      json.resource.azuread_application_registration = { helper: { display_name: "Helper" } };
      json.resource.azuread_application_api_access = {
        helper_graph: {
          application_id: "${azuread_application_registration.helper.id}",
          api_client_id: GRAPH,
          role_ids: ["9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8"],
          scope_ids: ["e1fe6dd8-ba31-4d61-89e7-88639da4683d"],
        },
      };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: new application `Helper` (`azuread_application_registration.helper`): requests `RoleManagement.ReadWrite.Directory` (application), `User.Read` (delegated)",
    ]);
    expect(result.markdown).toContain(
      "| `RoleManagement.ReadWrite.Directory` | ? | ? | ? | not in the project's catalog |",
    );
  });

  it("reads Microsoft Graph's app id from a published app ids lookup, in a stack with other apps", () => {
    const result = reviewEdit((json) => {
      json.data.azuread_application_published_app_ids = { well_known: {} };
      json.data.azuread_service_principal.graph = {
        client_id: '${data.azuread_application_published_app_ids.well_known.result["MicrosoftGraph"]}',
      };
      json.resource.azuread_application.reporting = {
        display_name: "Reporting",
        required_resource_access: {
          resource_app_id: "${data.azuread_application_published_app_ids.well_known.result.MicrosoftGraph}",
          resource_access: [
            { id: '${data.azuread_service_principal.graph.app_role_ids["Directory.Read.All"]}', type: "Role" },
            { id: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", type: "Role" },
          ],
        },
      };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: new application `Reporting` (`azuread_application.reporting`): requests `Application.Read.All` (application), `Directory.Read.All` (application)",
    ]);
    expect(result.markdown).toContain("### Reporting");
    expect(result.markdown).toContain("Microsoft Graph permissions (2):");
  });

  it("reads Microsoft Graph's app id from a service principal data source's client id", () => {
    const result = reviewEdit((json) => {
      app(json).required_resource_access[0].resource_app_id =
        "${data.azuread_service_principal.Corso_MicrosoftGraph_3D5B8AD1.client_id}";
    });
    expect(result.status).toBe(0);
    expect(result.markdown).toContain("No changes to the registrations, their access, secrets or state.");
  });

  it("escalates role lookups moved to another API's service principal", () => {
    const result = reviewEdit((json) => {
      json.data.azuread_service_principal.Corso_MicrosoftGraph_3D5B8AD1.client_id = EXCHANGE;
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toContain(
      "- `corso`: `Corso Backup`: access to a new API: Office 365 Exchange Online (`00000002-0000-0ff1-ce00-000000000000`)",
    );
  });

  it("escalates an added owner, inline or as azuread_application_owner", () => {
    const owner = "22222222-3333-4444-8555-666666666666";
    const inline = reviewEdit((json) => app(json).owners.push(owner));
    expect(inline.status).toBe(3);
    expect(inline.escalations).toEqual([
      `- \`corso\`: \`Corso Backup\`: new owner ${owner} (an owner can add credentials and act as the app)`,
    ]);
    const separate = reviewEdit((json) => {
      json.resource.azuread_application_owner = {
        extra: { application_id: `\${azuread_application.${APP}.id}`, owner_object_id: owner },
      };
    });
    expect(separate.escalations).toEqual(inline.escalations);
  });

  it("escalates a directory role given to the app's service principal", () => {
    const result = reviewEdit((json) => {
      json.resource.azuread_directory_role_assignment = {
        admin: { role_id: "62e90394-69f5-4237-9190-012177145e10", principal_object_id: SP },
      };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: new grant: directory role Global Administrator over the whole directory",
    ]);
  });

  it("escalates a delegated permission grant for every user", () => {
    const result = reviewEdit((json) => {
      json.resource.azuread_service_principal_delegated_permission_grant = {
        everyone: {
          service_principal_object_id: SP,
          resource_service_principal_object_id: GRAPH_SP,
          claim_values: ["Mail.Read"],
        },
      };
    });
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: new grant: delegated permission `Mail.Read` on Microsoft Graph (`00000003-0000-0000-c000-000000000000`), for every user (admin consent), which the application does not request",
    ]);
  });

  it("escalates new kinds of credential, federated credentials, redirect URIs and public client flows", () => {
    const result = reviewEdit((json) => {
      const id = `\${azuread_application.${APP}.id}`;
      json.resource.azuread_application_certificate = { cert: { application_id: id, value: "MIIB" } };
      json.resource.azuread_application_federated_identity_credential = {
        github: {
          application_id: id,
          display_name: "gh",
          audiences: ["api://AzureADTokenExchange"],
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:evil/repo:ref:refs/heads/main",
        },
      };
      app(json).public_client = { redirect_uris: ["http://localhost:8400"] };
      app(json).fallback_public_client_enabled = true;
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: new kind of credential: certificate",
      "- `corso`: `Corso Backup`: new federated identity credential: issuer https://token.actions.githubusercontent.com, subject repo:evil/repo:ref:refs/heads/main",
      "- `corso`: `Corso Backup`: new redirect URI `http://localhost:8400` (public client): a person can sign in to it",
      "- `corso`: `Corso Backup`: public client flows enabled: a person can sign in to it without a redirect",
    ]);
  });

  it("escalates a secret added to a service principal outside the stack's applications", () => {
    const result = reviewEdit((json) => {
      json.resource.azuread_service_principal.graph = { client_id: GRAPH, use_existing: true };
      json.resource.azuread_service_principal_password = {
        graph: { service_principal_id: "${azuread_service_principal.graph.id}" },
      };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: service principal azuread\\_service\\_principal.graph of Microsoft Graph: new service principal secret",
      // Taking over an existing service principal is nothing this project does.
      "- `corso`: not reviewed, new: `azuread_service_principal.graph` at `use_existing`: not an argument this project writes for azuread\\_service\\_principal",
    ]);
  });

  it("escalates an import that takes over an existing application", () => {
    const result = reviewEdit((json) => {
      json.import = [{ to: `azuread_application.${APP}`, id: "/applications/6a1e4a3e-0000-4000-8000-000000000001" }];
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: takes over the existing application `/applications/6a1e4a3e-0000-4000-8000-000000000001` as `azuread_application.Corso_Application_4C8105D7` (an import)",
    ]);
    expect(result.markdown).toContain(
      "- `azuread_application.Corso_Application_4C8105D7` adopts the existing application `/applications/6a1e4a3e-0000-4000-8000-000000000001`",
    );
  });

  it("escalates a role id it cannot resolve, shown as written", () => {
    const result = reviewEdit((json) => {
      json.locals = { role: "19dbc75e-c2e2-444c-a770-ec69d8559fc7" };
      app(json).required_resource_access[0].resource_access.push({ id: "${local.role}", type: "Role" });
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: new request: application permission `${local.role}` (not resolved)",
      "- `corso`: not reviewed, new: `local.role`: a local value, which this project never writes",
    ]);
    expect(result.markdown).toContain(
      "| `${local.role}` | ? | ? | ? | not resolved: the review cannot tell which permission this is |",
    );
  });

  it("escalates an azuread type it does not model when new, under Not reviewed, and not when unchanged", () => {
    const group = (json: StackJson) => {
      json.resource.azuread_group = { admins: { display_name: "Admins", security_enabled: true } };
    };
    const result = reviewEdit(group);
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: not reviewed, new: `azuread_group.admins`: the review does not model this azuread resource type",
    ]);
    expect(result.markdown).toContain("**Not reviewed (1): read these yourself, the review does not model them**");

    const base = defaultStackJson();
    group(base);
    expect(reviewEdit(group, base).status).toBe(0);
    const changed = reviewEdit((json) => {
      group(json);
      json.resource.azuread_group.admins.members = [SP];
    }, base);
    expect(changed.escalations).toEqual([
      "- `corso`: not reviewed, changed: `azuread_group.admins`: the review does not model this azuread resource type",
    ]);
  });

  it("escalates a Terraform file placed beside the stack's own", () => {
    const dir = writeSynthesis({ corso: defaultStackJson() });
    mkdirSync(join(dir, "stacks/corso"), { recursive: true });
    writeFileSync(join(dir, "stacks/corso/override.tf"), 'resource "azuread_app_role_assignment" "x" {}');
    const result = review({ dir, base: writeSynthesis({ corso: defaultStackJson() }) });
    expect(result.status).toBe(3);
    expect(result.markdown).toContain(
      "- `corso`: not reviewed, new: `stacks/corso/override.tf`: a Terraform file beside the stack: Terraform reads it, the review does not",
    );
  });

  it("escalates a Terraform expression written into the application's notes, which would copy its secret there", () => {
    const leak = "${nonsensitive(azuread_application_password.Corso_ClientSecretA_Password_982B7135.value)}";
    const result = reviewEdit((json) => {
      app(json).notes = leak;
    });
    expect(result.status).toBe(3);
    // The Markdown escapes `$` and `_`, so that GitHub shows the expression exactly as written.
    expect(result.escalations).toEqual([
      `- \`corso\`: not reviewed, new: \`azuread_application.${APP}\`: its notes is a Terraform expression, not text: ` +
        "Terraform evaluates \\${nonsensitive(azuread\\_application\\_password.Corso\\_ClientSecretA\\_Password\\_982B7135.value)} " +
        "when it runs, and it can read files or other resources' values (a client secret among them)",
    ]);
  });

  it("tells an escaped display name, which is text, from an expression, which reads a file", () => {
    const escaped = reviewEdit((json) => {
      app(json).display_name = 'Corso $${file("/etc/passwd")}';
    });
    expect(escaped.status).toBe(0);
    expect(escaped.others).toEqual(['- `corso`: `Corso Backup` renamed to `Corso ${file("/etc/passwd")}`']);
    const expression = reviewEdit((json) => {
      app(json).display_name = 'Corso ${file("/etc/passwd")}';
    });
    expect(expression.status).toBe(3);
    expect(expression.escalations).toEqual([
      `- \`corso\`: not reviewed, new: \`azuread_application.${APP}\`: its display\\_name is a Terraform expression, not text: ` +
        'Terraform evaluates Corso \\${file("/etc/passwd")} when it runs, and it can read files or other resources\' values (a client secret among them)',
    ]);
  });

  it("finds nothing to escalate between two copies of the default stack", () => {
    const result = reviewEdit(() => undefined);
    expect(result.status).toBe(0);
    expect(result.markdown).toContain("No changes to the registrations, their access, secrets or state.");
  });
});
