import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  SignInError,
  chooseSignIn,
  createCredential,
  describeSignIn,
  readOidcToken,
  resolveCloud,
  tokenObjectId,
} from "../../lib/adopt";
import { tokenFor } from "../support/graph-double";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const APP = "11111111-2222-4333-8444-555555555555";

describe("choosing how to sign in, as the azuread provider does", () => {
  it("uses a client secret when ARM_CLIENT_ID and ARM_CLIENT_SECRET are set, and never says the secret", () => {
    const method = chooseSignIn(TENANT, { ARM_CLIENT_ID: APP, ARM_CLIENT_SECRET: "s3cr3t", ARM_USE_OIDC: "true" });
    expect(method).toEqual({ kind: "client-secret", tenantId: TENANT, clientId: APP });
    expect(describeSignIn(method)).toBe(`service principal ${APP} with a client secret (ARM_CLIENT_SECRET)`);
  });

  it("uses OIDC with ARM_USE_OIDC, taking the token from ARM_OIDC_TOKEN, a file or GitHub Actions", () => {
    expect(chooseSignIn(TENANT, { ARM_USE_OIDC: "TRUE", ARM_CLIENT_ID: APP, ARM_OIDC_TOKEN: "t" })).toEqual({
      kind: "oidc",
      tenantId: TENANT,
      clientId: APP,
      token: { kind: "token" },
    });
    expect(
      chooseSignIn(TENANT, { ARM_USE_OIDC: "1", ARM_CLIENT_ID: APP, ARM_OIDC_TOKEN_FILE_PATH: "/t" }),
    ).toMatchObject({
      token: { kind: "file", path: "/t" },
    });
    const github = {
      ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/x?a=1",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "r",
    };
    expect(chooseSignIn(TENANT, { ARM_USE_OIDC: "true", ARM_CLIENT_ID: APP, ...github })).toMatchObject({
      token: { kind: "request", url: github.ACTIONS_ID_TOKEN_REQUEST_URL },
    });
  });

  it("uses a managed identity with ARM_USE_MSI, else the Azure CLI's login", () => {
    expect(chooseSignIn(TENANT, { ARM_USE_MSI: "true", ARM_CLIENT_ID: APP })).toEqual({
      kind: "managed-identity",
      clientId: APP,
    });
    expect(chooseSignIn(TENANT, {})).toEqual({ kind: "azure-cli", tenantId: TENANT });
    expect(describeSignIn({ kind: "azure-cli", tenantId: TENANT })).toBe("the Azure CLI's login (az login)");
  });

  it("rejects OIDC without a client id or a token, a flag that is not a boolean, and no method at all", () => {
    expect(() => chooseSignIn(TENANT, { ARM_USE_OIDC: "true" })).toThrow(
      "ARM_USE_OIDC is true but ARM_CLIENT_ID is not set: give the client id of the federated identity",
    );
    expect(() => chooseSignIn(TENANT, { ARM_USE_OIDC: "true", ARM_CLIENT_ID: APP })).toThrow(
      "ARM_USE_OIDC is true but no token was found: set ARM_OIDC_TOKEN or ARM_OIDC_TOKEN_FILE_PATH, or run in GitHub Actions with `permissions: id-token: write`",
    );
    expect(() => chooseSignIn(TENANT, { ARM_USE_MSI: "yes" })).toThrow(
      "ARM_USE_MSI 'yes' is not a boolean: give true, false, 1 or 0",
    );
    expect(() => chooseSignIn(TENANT, { ARM_USE_CLI: "false" })).toThrow(SignInError);
  });

  it("makes @azure/identity's credential for the method and the cloud", () => {
    const gov = resolveCloud("usgovernment", undefined, {});
    const secret = createCredential({ kind: "client-secret", tenantId: TENANT, clientId: APP }, gov, {
      ARM_CLIENT_SECRET: "s",
    });
    expect(secret.constructor.name).toBe("ClientSecretCredential");
    expect(createCredential({ kind: "azure-cli", tenantId: TENANT }, gov).constructor.name).toBe("AzureCliCredential");
    const oidc = createCredential({ kind: "oidc", tenantId: TENANT, clientId: APP, token: { kind: "token" } }, gov, {});
    expect(oidc.constructor.name).toBe("ClientAssertionCredential");
  });
});

describe("reading the OIDC token", () => {
  it("reads it from ARM_OIDC_TOKEN or the file ARM_OIDC_TOKEN_FILE_PATH names", async () => {
    expect(await readOidcToken({ kind: "token" }, { ARM_OIDC_TOKEN: "abc" })).toBe("abc");
    const file = join(mkdtempSync(join(tmpdir(), "corso-oidc-")), "token");
    writeFileSync(file, "from-file\n");
    expect(await readOidcToken({ kind: "file", path: file })).toBe("from-file");
    await expect(readOidcToken({ kind: "file", path: `${file}.missing` })).rejects.toThrow(
      `cannot read ARM_OIDC_TOKEN_FILE_PATH ${file}.missing`,
    );
  });

  it("asks GitHub Actions' token service for Entra ID's audience, with the request token", async () => {
    const seen: { url?: string; auth?: string } = {};
    const server = createServer((request, response) => {
      seen.url = request.url;
      seen.auth = request.headers.authorization;
      response.end(JSON.stringify({ value: "github-id-token" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`;
    try {
      expect(await readOidcToken({ kind: "request", url }, { ACTIONS_ID_TOKEN_REQUEST_TOKEN: "req" })).toBe(
        "github-id-token",
      );
    } finally {
      server.close();
    }
    expect(seen).toEqual({
      url: "/token?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange",
      auth: "Bearer req",
    });
  });
});

describe("tokenObjectId", () => {
  it("reads the oid claim of an access token, and nothing from a token that is not a JWT", () => {
    expect(tokenObjectId(tokenFor("5e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"))).toBe(
      "5e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
    );
    expect(tokenObjectId("opaque")).toBeUndefined();
    expect(tokenObjectId("a.!!!.c")).toBeUndefined();
  });
});
