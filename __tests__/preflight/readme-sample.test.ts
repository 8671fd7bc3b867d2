import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { permissionsForServices } from "../../lib/permissions";
import { runPreflight } from "../../lib/preflight";
import { CLIENT_ID, TENANT_ID, startTenantDouble } from "../support/tenant-double";

const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");

describe("README's corso-preflight sample", () => {
  it("is what the command prints for a tenant with an Exchange access policy and no protected-API approval", async () => {
    const sample = /<!-- preflight-sample-start -->\s*```text\n([\s\S]*?)```\s*<!-- preflight-sample-end -->/.exec(
      readme,
    )?.[1];
    expect(sample).toBeDefined();
    const secret = "sample~secret.value";
    const protectedApi =
      "Invoked API requires Protected API access in application-only context when not using Resource Specific Consent. Visit https://docs.microsoft.com/en-us/graph/teams-protected-apis for more details.";
    const double = await startTenantDouble({
      secret,
      roles: [permissionsForServices(["exchange", "onedrive", "groups"])],
      graphFaults: [
        { match: /\/channels\/[^/]+\/messages\?/, status: 403, code: "Forbidden", message: protectedApi },
        {
          match: /^\/v1\.0\/users\/[^/]+\/(mailFolders|mailboxSettings|contactFolders|calendars)/,
          status: 403,
          code: "ErrorAccessDenied",
          message: "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.",
        },
      ],
    });
    try {
      let stdout = "";
      const outputs = {
        corso: { AZURE_CLIENT_ID: CLIENT_ID, AZURE_TENANT_ID: TENANT_ID, AZURE_CLIENT_SECRET: secret },
      };
      const status = await runPreflight(
        { services: ["exchange", "onedrive", "groups"] },
        {
          stdin: Readable.from([JSON.stringify(outputs)]),
          stdout: { write: (text: string) => (stdout += text) },
          stderr: { write: () => true },
          env: { CORSO_PREFLIGHT_LOGIN_URL: double.url, CORSO_PREFLIGHT_GRAPH_URL: double.url },
        },
      );
      expect(status).toBe(3);
      expect(stdout).toBe(sample);
    } finally {
      await double.close();
    }
  });
});
