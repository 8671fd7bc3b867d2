import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { displayNameChoice, readTenantSettings, writeAdoption } from "../../lib/adopt";
import { CorsoValidationError, type CorsoAdoption, permissionsForServices } from "../../lib";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const BLOCK: CorsoAdoption = {
  clientId: "1232fe04-0e5b-4b65-8554-0d524d9cba1e",
  applicationObjectId: "b029eba0-8f64-4007-99a6-7dd8b72665ab",
  servicePrincipalObjectId: "4f43f319-4038-4024-acc7-a5614c98d6bb",
  consents: { "Mail.ReadWrite": "GfNDTzhAJECsx6VhTJjWu6KwT_HHVTiqX-6uZbrWaCI" },
  owners: ["0d3c6a5e-9b1f-4e2d-8c7a-1f2e3d4c5b6a"],
};

function fileWith(text: string, mode = 0o644): string {
  const path = join(mkdtempSync(join(tmpdir(), "corso-config-")), "corso.config.json");
  writeFileSync(path, text, { mode });
  return path;
}

function write(path: string, name?: string, displayName?: string) {
  return writeAdoption(readTenantSettings(path, { tenantId: TENANT, name }), TENANT, BLOCK, displayName);
}

describe("writing the adopt block into corso.config.json", () => {
  it("adds it to the tenant with that id, leaving every other byte of the file as it was", () => {
    const path = fileWith(
      `{\n    "$schema": "./corso.config.schema.json",\n    "tenants": [\n        { "name": "fabrikam", "tenantId": "0b1f6471-1bf0-4dda-aec3-111122223333" },\n        {\n            "name": "contoso",\n            "tenantId": "${TENANT}",\n            "services": ["exchange"]\n        }\n    ]\n}\n`,
    );
    expect(write(path)).toEqual({
      path,
      tenantName: "contoso",
      created: undefined,
      displayName: undefined,
      byteOrderMark: false,
    });
    expect(readFileSync(path, "utf8")).toBe(
      `{\n    "$schema": "./corso.config.schema.json",\n    "tenants": [\n        { "name": "fabrikam", "tenantId": "0b1f6471-1bf0-4dda-aec3-111122223333" },\n        {\n            "name": "contoso",\n            "tenantId": "${TENANT}",\n            "services": ["exchange"],\n` +
        `            "adopt": {\n                "clientId": "${BLOCK.clientId}",\n                "applicationObjectId": "${BLOCK.applicationObjectId}",\n                "servicePrincipalObjectId": "${BLOCK.servicePrincipalObjectId}",\n` +
        `                "consents": {\n                    "Mail.ReadWrite": "GfNDTzhAJECsx6VhTJjWu6KwT_HHVTiqX-6uZbrWaCI"\n                },\n                "owners": [\n                    "0d3c6a5e-9b1f-4e2d-8c7a-1f2e3d4c5b6a"\n                ]\n            }\n        }\n    ]\n}\n`,
    );
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it("replaces an earlier adopt block and keeps Windows line ends", () => {
    const path = fileWith(
      `{\r\n  "tenants": [\r\n    { "name": "corso", "tenantId": "${TENANT}", "adopt": { "clientId": "x" } }\r\n  ]\r\n}\r\n`,
    );
    write(path, undefined, "Corso (hand-made)");
    const text = readFileSync(path, "utf8");
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(JSON.parse(text).tenants[0]).toEqual({
      name: "corso",
      tenantId: TENANT,
      adopt: BLOCK,
      displayName: "Corso (hand-made)",
    });
  });

  it("creates the file with one tenant, 'corso' unless named, when there is none", () => {
    const path = join(mkdtempSync(join(tmpdir(), "corso-config-")), "corso.config.json");
    expect(write(path, undefined, "Corso").created).toBe("file");
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({
      $schema: "./corso.config.schema.json",
      tenants: [{ name: "corso", tenantId: TENANT, displayName: "Corso", adopt: BLOCK }],
    });
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it("adds a tenant named with --tenant when none has that tenant id", () => {
    const path = fileWith(
      `{ "tenants": [{ "name": "fabrikam", "tenantId": "0b1f6471-1bf0-4dda-aec3-111122223333" }] }\n`,
    );
    expect(write(path, "contoso").created).toBe("tenant");
    expect(JSON.parse(readFileSync(path, "utf8")).tenants[1]).toEqual({
      name: "contoso",
      tenantId: TENANT,
      adopt: BLOCK,
    });
  });

  it("rejects a file where no tenant, or several, have that tenant id, until --tenant says which", () => {
    const none = fileWith(
      `{ "tenants": [{ "name": "fabrikam", "tenantId": "0b1f6471-1bf0-4dda-aec3-111122223333" }] }`,
    );
    expect(() => write(none)).toThrow(
      `no tenant in ${none} has tenantId ${TENANT}: name the one to add with --tenant NAME`,
    );
    const two = fileWith(
      `{ "tenants": [{ "name": "a", "tenantId": "${TENANT}" }, { "name": "b", "tenantId": "${TENANT.toUpperCase()}", "displayName": "B" }] }`,
    );
    expect(() => write(two)).toThrow(
      `tenants 'a', 'b' in ${two} all have tenantId ${TENANT}: pick one with --tenant NAME`,
    );
    expect(write(two, "b").tenantName).toBe("b");
  });

  it("rejects --tenant naming a tenant of another tenant id", () => {
    const path = fileWith(
      `{ "tenants": [{ "name": "fabrikam", "tenantId": "0b1f6471-1bf0-4dda-aec3-111122223333" }] }`,
    );
    expect(() => write(path, "fabrikam")).toThrow(
      `tenant 'fabrikam' in ${path} has tenantId '0b1f6471-1bf0-4dda-aec3-111122223333', not ${TENANT} (--tenant-id)`,
    );
  });

  it("fails without writing when the file is not JSON or the result would not pass synthesis's checks", () => {
    const broken = fileWith(`{ "tenants": [ // comment\n] }`);
    expect(() => write(broken)).toThrow(`${broken} is not valid JSON (InvalidCommentToken at offset 15)`);
    const invalid = `{ "tenants": [{ "name": "contoso", "tenantId": "${TENANT}", "services": ["exchnage"] }] }`;
    const path = fileWith(invalid);
    expect(() => write(path)).toThrow(CorsoValidationError);
    expect(() => write(path)).toThrow("unknown Corso service 'exchnage' in services: did you mean 'exchange'?");
    expect(readFileSync(path, "utf8")).toBe(invalid);
  });

  it("refuses to write through a symbolic link", () => {
    const target = fileWith(`{ "tenants": [{ "name": "contoso", "tenantId": "${TENANT}" }] }`);
    const link = join(mkdtempSync(join(tmpdir(), "corso-config-")), "corso.config.json");
    symlinkSync(target, link);
    expect(() => write(link)).toThrow(`refusing to write ${link}: it is a symbolic link; name the file itself`);
  });

  it("accepts a file with a UTF-8 byte order mark, as synthesis does, and keeps the mark", () => {
    const text = `{\n  "tenants": [{ "name": "contoso", "tenantId": "${TENANT}" }]\n}\n`;
    const path = join(mkdtempSync(join(tmpdir(), "corso-config-")), "corso.config.json");
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(write(path).byteOrderMark).toBe(true);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x7b]);
    expect(JSON.parse(bytes.subarray(3).toString("utf8")).tenants[0]).toEqual({
      name: "contoso",
      tenantId: TENANT,
      adopt: BLOCK,
    });
  });

  it("writes a name's control, bidirectional and invisible characters as JSON escapes of the same text", () => {
    const path = fileWith(`{ "tenants": [{ "name": "contoso", "tenantId": "${TENANT}" }] }`);
    const name = "Corso\u202e\u200bBackup\u0085";
    write(path, undefined, name);
    const text = readFileSync(path, "utf8");
    expect(text).toContain('"displayName": "Corso\\u202e\\u200bBackup\\u0085"');
    expect(JSON.parse(text).tenants[0].displayName).toBe(name);
  });

  it("reads what the tenant's registration requests, for the notes", () => {
    const path = fileWith(`{ "tenants": [{ "name": "contoso", "tenantId": "${TENANT}", "services": ["onedrive"] }] }`);
    const requested = readTenantSettings(path, { tenantId: TENANT }).requested;
    expect(requested).toEqual(permissionsForServices(["onedrive"]));
    expect(requested).toContain("Files.ReadWrite.All");
    expect(requested).not.toContain("Mail.ReadWrite");
  });
});

describe("displayNameChoice", () => {
  const settings = (displayName?: string) => ({ path: "c.json", name: "corso", displayName, requested: [] });

  it("keeps the app's current name by writing it when the tenant has none", () => {
    expect(displayNameChoice(settings(), "Corso Backup", true)).toEqual({});
    expect(displayNameChoice(settings(), "Corso", true)).toEqual({ write: "Corso" });
  });

  it("shows the app's name with its control characters escaped", () => {
    expect(displayNameChoice(settings(), "Corso\u001b]0;owned\u0007", false).note).toBe(
      "the application is named 'Corso\\u{001B}]0;owned\\u{0007}', the registration 'Corso Backup': the plan renames it; " +
        "set displayName to 'Corso\\u{001B}]0;owned\\u{0007}' to keep the name",
    );
  });

  it("says the plan renames the app when the name cannot or may not be written", () => {
    expect(displayNameChoice(settings(), "Corso", false)).toEqual({
      note: "the application is named 'Corso', the registration 'Corso Backup': the plan renames it; set displayName to 'Corso' to keep the name",
    });
    expect(displayNameChoice(settings("Backup"), "Corso", true).note).toContain("the registration 'Backup'");
    expect(displayNameChoice(settings(), "Contoso's Corso", true)).toEqual({
      note:
        "the application is named 'Contoso's Corso', the registration 'Corso Backup': the plan renames it " +
        "(a name with an apostrophe cannot be kept: azuread's duplicate-name check cannot quote it)",
    });
  });
});
