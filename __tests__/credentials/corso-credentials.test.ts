import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_OUTPUT_NAMES,
  credentialsOutputNames,
  pickCorsoCredentials,
} from "../../lib/credentials/corso-credentials";
import { OutputsError, readStackOutputs } from "../../lib/credentials/stack-outputs";
import { failure } from "../support/failure";

const CLIENT = "0b1f6471-1bf0-4dda-aec3-111122223333";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SECRET = "Q~hunter2.secret_value";
const ids = { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT };

const cdktf = (outputs: Record<string, unknown>, stack = "corso") =>
  readStackOutputs(JSON.stringify({ [stack]: outputs }));
const terraform = (outputs: Record<string, unknown>) =>
  readStackOutputs(
    JSON.stringify(
      Object.fromEntries(
        Object.entries(outputs).map(([name, value]) => [name, { sensitive: false, type: "string", value }]),
      ),
    ),
  );

describe("pickCorsoCredentials", () => {
  it("reads the outputs named as Corso's environment variables, the passphrase when there", () => {
    expect(pickCorsoCredentials(cdktf({ ...ids, AZURE_CLIENT_SECRET: SECRET, other: "x" }))).toEqual({
      ...ids,
      AZURE_CLIENT_SECRET: SECRET,
    });
    expect(pickCorsoCredentials(cdktf({ ...ids, AZURE_CLIENT_SECRET: SECRET, CORSO_PASSPHRASE: "p" }))).toEqual({
      ...ids,
      AZURE_CLIENT_SECRET: SECRET,
      CORSO_PASSPHRASE: "p",
    });
  });

  it("reads outputs with other names, each named or by a prefix", () => {
    const outputs = cdktf({
      contoso_AZURE_CLIENT_ID: CLIENT,
      contoso_AZURE_TENANT_ID: TENANT,
      contoso_AZURE_CLIENT_SECRET: SECRET,
      vault_passphrase: "p",
    });
    const names = credentialsOutputNames({ prefix: "contoso_", passphrase: "vault_passphrase" });
    expect(names).toEqual({
      AZURE_CLIENT_ID: "contoso_AZURE_CLIENT_ID",
      AZURE_TENANT_ID: "contoso_AZURE_TENANT_ID",
      AZURE_CLIENT_SECRET: "contoso_AZURE_CLIENT_SECRET",
      CORSO_PASSPHRASE: "vault_passphrase",
    });
    expect(pickCorsoCredentials(outputs, names)).toEqual({
      ...ids,
      AZURE_CLIENT_SECRET: SECRET,
      CORSO_PASSPHRASE: "p",
    });
    expect(credentialsOutputNames({ clientId: "corso_client_id" }).AZURE_CLIENT_ID).toBe("corso_client_id");
    expect(credentialsOutputNames()).toEqual(DEFAULT_OUTPUT_NAMES);
  });

  it("fails when a passphrase output named on purpose is missing", () => {
    const names = credentialsOutputNames({ passphrase: "vault_passphrase" });
    expect(() => pickCorsoCredentials(terraform({ ...ids, AZURE_CLIENT_SECRET: SECRET }), names, true)).toThrow(
      "`terraform output -json` has no output 'vault_passphrase'; its outputs are",
    );
  });

  describe("says what is actually wrong when outputs are missing", () => {
    it("blames cdktf's leaving out sensitive outputs only when that is what happened", () => {
      expect(failure(() => pickCorsoCredentials(cdktf(ids)))).toBe(
        "stack 'corso' has no output AZURE_CLIENT_SECRET: cdktf leaves sensitive outputs out of the file unless `cdktf output` is given --outputs-file-include-sensitive-outputs",
      );
      // terraform output -json always includes sensitive values: the output is simply not there.
      expect(failure(() => pickCorsoCredentials(terraform(ids)))).toMatch(
        /^`terraform output -json` has no output AZURE_CLIENT_SECRET; its outputs are 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID': name the ones to read with --client-secret-output/,
      );
    });

    it("lists the outputs there are and the options that name them, for outputs named otherwise", () => {
      const outputs = cdktf({ corso_client_id: CLIENT, corso_client_secret: SECRET }, "backup");
      expect(failure(() => pickCorsoCredentials(outputs))).toBe(
        "stack 'backup' has no outputs AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET; its outputs are " +
          "'corso_client_id', 'corso_client_secret': name the ones to read with --client-id-output, " +
          "--tenant-id-output, --client-secret-output (or --prefix)",
      );
    });

    it("asks whether the stack was deployed when it has no outputs at all", () => {
      expect(failure(() => pickCorsoCredentials(cdktf({})))).toBe(
        "stack 'corso' has no outputs AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET, and no other output either: has the stack been deployed?",
      );
    });
  });

  it.each([
    [
      "AZURE_CLIENT_ID",
      "Q~hunter2-not-a-guid",
      "output AZURE_CLIENT_ID of stack 'corso' is not a GUID (got a string of 20 characters)",
    ],
    [
      "AZURE_TENANT_ID",
      "contoso.onmicrosoft.com",
      "output AZURE_TENANT_ID of stack 'corso' is not a GUID (got a string of 23 characters)",
    ],
    [
      "AZURE_CLIENT_ID",
      `${CLIENT}\n`,
      "output AZURE_CLIENT_ID of stack 'corso' is not a GUID (got a string of 37 characters)",
    ],
    ["AZURE_CLIENT_SECRET", 42, "output AZURE_CLIENT_SECRET of stack 'corso' is a number: expected a non-empty string"],
    [
      "AZURE_CLIENT_SECRET",
      "",
      "output AZURE_CLIENT_SECRET of stack 'corso' is an empty string: expected a non-empty string",
    ],
    [
      "CORSO_PASSPHRASE",
      { value: "hunter2" },
      "output CORSO_PASSPHRASE of stack 'corso' is an object: expected a non-empty string",
    ],
    ["AZURE_TENANT_ID", null, "output AZURE_TENANT_ID of stack 'corso' is null: expected a non-empty string"],
  ])("rejects %s of %p without showing the value", (variable, value, message) => {
    const outputs = cdktf({ ...ids, AZURE_CLIENT_SECRET: SECRET, [variable]: value });
    const error = failure(() => pickCorsoCredentials(outputs));
    expect(error).toMatch(new RegExp(`^${message.replace(/[()]/g, "\\$&")}`));
    expect(error).not.toContain("hunter2");
    expect(() => pickCorsoCredentials(outputs)).toThrow(OutputsError);
  });

  it("names the output as well as the variable when they differ", () => {
    const names = credentialsOutputNames({ clientId: "corso_client_id" });
    expect(
      failure(() => pickCorsoCredentials(cdktf({ ...ids, corso_client_id: "x", AZURE_CLIENT_SECRET: SECRET }), names)),
    ).toBe(
      "AZURE_CLIENT_ID (output 'corso_client_id' of stack 'corso') is not a GUID (got a string of 1 character): expected 8-4-4-4-12 hexadecimal digits, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47",
    );
  });
});

describe("README's construct example", () => {
  it("names its outputs so that the command reads them without options", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "corso-example-"));
    process.env.CDKTF_OUTDIR = outdir;
    try {
      await jest.isolateModulesAsync(async () => {
        await import("../../examples/backup-stack");
      });
    } finally {
      delete process.env.CDKTF_OUTDIR;
    }
    const synthesized = JSON.parse(readFileSync(join(outdir, "stacks/backup/cdk.tf.json"), "utf8")).output as Record<
      string,
      { value: string; sensitive?: boolean }
    >;
    expect(synthesized.AZURE_CLIENT_ID.value).toMatch(/^\$\{azuread_application\.Corso_Application_\w+\.client_id\}$/);
    expect(synthesized.AZURE_TENANT_ID.value).toMatch(/^\$\{data\.azuread_client_config\.Corso_\w+\.tenant_id\}$/);
    expect(synthesized.AZURE_CLIENT_SECRET.value).toContain("azuread_application_password.Corso_ClientSecretB_");
    expect(synthesized.AZURE_CLIENT_SECRET.sensitive).toBe(true);
    // What `terraform output -json` prints for these outputs once applied (values made up).
    const applied: Record<string, string> = {
      AZURE_CLIENT_ID: CLIENT,
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_SECRET: SECRET,
    };
    const schedule = { rotation_days: 60, lifetime_days: 120, slots: [] };
    const outputs = readStackOutputs(
      JSON.stringify(
        Object.fromEntries(
          Object.entries(synthesized).map(([name, output]) =>
            name === "client_secret_schedule"
              ? [name, { sensitive: false, type: ["object", {}], value: schedule }]
              : [name, { sensitive: output.sensitive ?? false, type: "string", value: applied[name] }],
          ),
        ),
      ),
    );
    expect(pickCorsoCredentials(outputs)).toEqual(applied);
  });
});
