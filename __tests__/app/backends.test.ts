import { TerraformStack, Testing } from "cdktf";
import { addBackend, findBackendProblems, stateLocation } from "../../lib/app/backends";
import { BackendConfig } from "../../lib/app/config-schema";

const problemsOf = (backend: BackendConfig) =>
  findBackendProblems(backend).map(({ setting, problem }) => `${setting} ${problem}`);

function terraformBlock(backend: BackendConfig | undefined, name = "contoso") {
  const stack = new TerraformStack(Testing.app(), name);
  addBackend(stack, backend, name);
  return JSON.parse(Testing.synth(stack)).terraform;
}

describe("addBackend", () => {
  it("keeps state in a local file at the project root by default, with a path that is the same everywhere", () => {
    expect(terraformBlock(undefined).backend).toEqual({ local: { path: "../../../terraform.contoso.tfstate" } });
  });

  it("reads a local path from the project root and puts the tenant's name for {name}", () => {
    expect(terraformBlock({ type: "local", path: "state/{name}.tfstate" }).backend).toEqual({
      local: { path: "../../../state/contoso.tfstate" },
    });
    expect(terraformBlock({ type: "local", path: "./state/../corso.tfstate" }).backend).toEqual({
      local: { path: "../../../corso.tfstate" },
    });
    expect(stateLocation({ type: "local", path: "state/{name}.tfstate" }, "fabrikam")).toBe(
      "local file state/fabrikam.tfstate",
    );
  });

  it.each([
    ["/var/lib/corso/terraform.tfstate", "is absolute: give a path relative to the project root"],
    ["C:/corso/terraform.tfstate", "is absolute"],
    ["../../../../../../tmp/x.tfstate", "leaves the project"],
    ["state/../../x.tfstate", "leaves the project"],
    ["state\\..\\..\\x.tfstate", "holds a backslash"],
    ["cdktf.out/stacks/contoso/terraform.tfstate", "is inside cdktf.out/"],
    ["state/{tenant}.tfstate", "holds braces other than the placeholder {name}"],
    ["state/contoso.json", "must name a file ending in .tfstate"],
    ['${file("/etc/passwd")}.tfstate', "holds '${' or '%{', which Terraform would read as an expression"],
    ["state/%{ if true }x%{ endif }.tfstate", "holds '${' or '%{'"],
    ["state/line\nbreak.tfstate", "holds a control character"],
  ])("rejects the local path %p", (path, message) => {
    expect(problemsOf({ type: "local", path })).toEqual([expect.stringContaining(message)]);
    expect(problemsOf({ type: "local", path })[0]).toMatch(/^path '/);
    expect(() => terraformBlock({ type: "local", path })).toThrow(/^backend: path '/);
  });

  it.each([
    ["../", "keyPrefix"],
    ["corso/../other/", "keyPrefix"],
    ["/corso/", "keyPrefix"],
    ["corso//x/", "keyPrefix"],
    ["corso prod/", "keyPrefix"],
    ["corso?x=", "keyPrefix"],
  ])("rejects the blob key prefix %p", (keyPrefix) => {
    expect(problemsOf({ type: "azurerm", storageAccountName: "st", containerName: "c", keyPrefix })).toEqual([
      expect.stringMatching(/^keyPrefix '.*' is not allowed: give a blob-name prefix of letters, digits/),
    ]);
  });

  it("accepts blob key prefixes that name a folder or a file prefix, or nothing", () => {
    for (const keyPrefix of ["", "corso/", "m365/prod/", "corso-", "a.b_c/"]) {
      expect(problemsOf({ type: "azurerm", storageAccountName: "st", containerName: "c", keyPrefix })).toEqual([]);
    }
  });

  it.each(["corso prod-", "corso/", "${terraform.workspace}-", "x".repeat(90)])(
    "rejects the workspace prefix %p",
    (workspacePrefix) => {
      expect(problemsOf({ type: "cloud", organization: "acme", workspacePrefix })).toEqual([
        expect.stringMatching(/^workspacePrefix '/),
      ]);
    },
  );

  it("rejects template sequences in any backend setting, since backends take no expressions", () => {
    expect(
      problemsOf({ type: "azurerm", storageAccountName: "${var.account}", containerName: "tf%{ if true }x%{ endif }" }),
    ).toEqual([
      "storageAccountName '${var.account}' holds '${' or '%{', which Terraform would read as an expression, and backend settings take plain text only: remove it",
      "containerName 'tf%{ if true }x%{ endif }' holds '${' or '%{', which Terraform would read as an expression, and backend settings take plain text only: remove it",
    ]);
    expect(problemsOf({ type: "cloud", organization: "acme", hostname: "${var.host}" })).toHaveLength(1);
  });

  it("gives each stack its own blob in Azure Storage, signing in with Entra ID unless told otherwise", () => {
    expect(terraformBlock({ type: "azurerm", storageAccountName: "st", containerName: "c" }).backend).toEqual({
      azurerm: {
        storage_account_name: "st",
        container_name: "c",
        key: "corso/contoso.tfstate",
        use_azuread_auth: true,
      },
    });
    const withKey = terraformBlock({
      type: "azurerm",
      storageAccountName: "st",
      containerName: "c",
      keyPrefix: "m365/",
      useAzureadAuth: false,
      useMsi: true,
      environment: "usgovernment",
    });
    expect(withKey.backend.azurerm).toMatchObject({
      key: "m365/contoso.tfstate",
      use_azuread_auth: false,
      use_msi: true,
      environment: "usgovernment",
    });
  });

  it("gives each stack its own HCP Terraform workspace", () => {
    expect(terraformBlock({ type: "cloud", organization: "acme" }).cloud).toEqual({
      organization: "acme",
      workspaces: { name: "corso-contoso" },
    });
    expect(terraformBlock({ type: "cloud", organization: "acme", hostname: "tfe.acme.example" }).cloud).toMatchObject({
      hostname: "tfe.acme.example",
    });
  });
});
