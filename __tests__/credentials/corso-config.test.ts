import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import {
  CorsoConfigError,
  corsoConfigEntries,
  mergeCorsoConfig,
  mergeCorsoConfigFile,
} from "../../lib/credentials/corso-config";
import { failure } from "../support/failure";

// .corso.toml as Corso writes it: `corso repo init s3 --bucket contoso-corso-backups --prefix m365`
// and `repo init filesystem --path ...` with --user/--host, through viper and go-toml v2 (sorted keys,
// literal strings): storage keys from src/pkg/storage/s3.go:259-270 and filesystem.go:144-148,
// repo_id, corso_user, corso_host, account_provider and azure_tenantid from src/pkg/config/config.go:239-254.
// The hand-edited one adds what Corso's configuration guide shows (aws keys, passphrase) and more.
const FIXTURES = ["repo-init-s3.corso.toml", "repo-init-filesystem.corso.toml", "hand-edited.corso.toml"];
const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");
// Numbers read as they were written: integers as BigInt, floats as numbers.
const read = (text: string) => parse(text, { integersAsBigInt: true }) as Record<string, unknown>;

const credentials = {
  AZURE_CLIENT_ID: "0b1f6471-1bf0-4dda-aec3-111122223333",
  AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  AZURE_CLIENT_SECRET: "Q~new'secret\"with$odd\\characters",
};
const CREDENTIAL_KEYS = ["account_provider", "azure_tenantid", "azure_client_id", "azure_secret", "passphrase"];

describe("mergeCorsoConfig", () => {
  it.each(FIXTURES)("sets the credentials in %s and keeps every other key, value and type", (name) => {
    const original = read(fixture(name));
    const merged = read(mergeCorsoConfig(fixture(name), credentials, name));
    expect(merged).toMatchObject({
      account_provider: "M365",
      azure_tenantid: credentials.AZURE_TENANT_ID,
      azure_client_id: credentials.AZURE_CLIENT_ID,
      azure_secret: credentials.AZURE_CLIENT_SECRET,
    });
    const others = Object.keys(original).filter((key) => !CREDENTIAL_KEYS.includes(key));
    expect(others.length).toBeGreaterThanOrEqual(5);
    for (const key of others) {
      expect([key, merged[key]]).toEqual([key, original[key]]);
    }
    expect(Object.keys(merged).sort()).toEqual(
      [...new Set([...Object.keys(original), "account_provider", "azure_client_id", "azure_secret"])].sort(),
    );
  });

  it("keeps integers, floats, dates, arrays and tables as they were", () => {
    const text = mergeCorsoConfig(fixture("hand-edited.corso.toml"), credentials, "f");
    const merged = read(text);
    expect(merged.retention_days).toBe(30n);
    expect(text).toMatch(/^retention_days = 30$/m);
    expect(merged.bandwidth_ratio).toBe(1);
    expect(text).toMatch(/^bandwidth_ratio = 1\.0$/m);
    expect(text).toMatch(/^next_review = 2026-01-15$/m);
    expect(merged.mailboxes).toEqual(["alice@contoso.com", "bob@contoso.com"]);
    expect(merged.runner).toEqual({
      schedule: "0 2 * * *",
      alert: { email: "ops@contoso.com", after_failures: 2n },
      targets: [{ service: "exchange" }, { service: "onedrive" }],
    });
  });

  it("adds the stack's passphrase, keeps one the stack does not have, and accepts the same one", () => {
    const s3 = fixture("repo-init-s3.corso.toml");
    expect(read(mergeCorsoConfig(s3, { ...credentials, CORSO_PASSPHRASE: "p4ss" }, "f")).passphrase).toBe("p4ss");
    const handEdited = fixture("hand-edited.corso.toml");
    expect(read(mergeCorsoConfig(handEdited, credentials, "f")).passphrase).toBe("correct horse battery staple");
    const same = { ...credentials, CORSO_PASSPHRASE: "correct horse battery staple" };
    expect(read(mergeCorsoConfig(handEdited, same, "f")).passphrase).toBe("correct horse battery staple");
  });

  it("sets account_provider, which Corso's backup commands require, when the file lacks it", () => {
    expect(read(mergeCorsoConfig("provider = 'S3'\nbucket = 'b'\n", credentials, "f"))).toEqual({
      provider: "S3",
      bucket: "b",
      account_provider: "M365",
      azure_tenantid: credentials.AZURE_TENANT_ID,
      azure_client_id: credentials.AZURE_CLIENT_ID,
      azure_secret: credentials.AZURE_CLIENT_SECRET,
    });
  });

  it("rejects a different passphrase: the repository stays encrypted with the old one", () => {
    const message = failure(() =>
      mergeCorsoConfig(fixture("hand-edited.corso.toml"), { ...credentials, CORSO_PASSPHRASE: "n3w" }, "c.toml"),
    );
    expect(message).toBe(
      "c.toml already holds a different passphrase, and the repository it connects to stays encrypted with that one: " +
        "change the repository's passphrase first (`corso repo update-passphrase --new-passphrase ...`), " +
        "then delete the old passphrase line from the file and merge again",
    );
    expect(message).not.toContain("horse");
  });

  it("rejects a file with a fragment appended to it, without quoting the file", () => {
    const appended = fixture("repo-init-s3.corso.toml") + "azure_tenantid = 'hunter2'\n";
    const message = failure(() => mergeCorsoConfig(appended, credentials, "c.toml"));
    expect(message).toBe(
      "c.toml is not valid TOML: trying to redefine an already defined table or value (line 10, column 1); " +
        "was a fragment appended to it? Keep each key once",
    );
  });

  it.each([
    ["an unterminated string", "bucket = 'hunter2\n", "c.toml is not valid TOML: "],
    ["JSON", '{"bucket": "hunter2"}', "c.toml is not valid TOML: "],
    [
      "a table where a credential goes",
      "[azure_secret]\nold = 'hunter2'\n",
      "c.toml: azure_secret is a table, but Corso",
    ],
    ["a number where a credential goes", "azure_client_id = 42\n", "c.toml: azure_client_id is a number, but Corso"],
    ["an array where a credential goes", "passphrase = ['hunter2']\n", "c.toml: passphrase is an array, but Corso"],
  ])("rejects %s, saying what without showing the value", (_, text, start) => {
    const message = failure(() => mergeCorsoConfig(text, { ...credentials, CORSO_PASSPHRASE: "p" }, "c.toml"));
    expect(message.startsWith(start)).toBe(true);
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("\n");
    expect(() => mergeCorsoConfig(text, { ...credentials, CORSO_PASSPHRASE: "p" }, "c.toml")).toThrow(CorsoConfigError);
  });
});

describe("corsoConfigEntries", () => {
  it("lists the keys in the order Corso's configuration guide shows them", () => {
    expect(corsoConfigEntries({ ...credentials, CORSO_PASSPHRASE: "p" }).map(([key]) => key)).toEqual(CREDENTIAL_KEYS);
  });
});

describe("mergeCorsoConfigFile", () => {
  const newDir = () => mkdtempSync(join(tmpdir(), "corso-merge-"));

  it("replaces the file with the merged one, readable by its owner only", () => {
    const dir = newDir();
    const file = join(dir, ".corso.toml");
    writeFileSync(file, fixture("repo-init-s3.corso.toml"), { mode: 0o644 });
    mergeCorsoConfigFile(file, { ...credentials, CORSO_PASSPHRASE: "p4ss" });
    expect(read(readFileSync(file, "utf8"))).toMatchObject({ bucket: "contoso-corso-backups", passphrase: "p4ss" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([".corso.toml"]);
  });

  it("rejects a missing file without creating it, and says how to start one", () => {
    const dir = newDir();
    const file = join(dir, ".corso.toml");
    expect(failure(() => mergeCorsoConfigFile(file, credentials))).toBe(
      `cannot merge into ${file}: no such file; to start a new one, write the fragment with --format toml --out ${file}`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("rejects a symbolic link and leaves its target as it was", () => {
    const dir = newDir();
    const target = join(dir, "real.toml");
    writeFileSync(target, fixture("repo-init-s3.corso.toml"));
    symlinkSync(target, join(dir, ".corso.toml"));
    expect(failure(() => mergeCorsoConfigFile(join(dir, ".corso.toml"), credentials))).toBe(
      `refusing to write ${join(dir, ".corso.toml")}: it is a symbolic link; name the file itself`,
    );
    expect(readFileSync(target, "utf8")).toBe(fixture("repo-init-s3.corso.toml"));
  });

  it("leaves a file it refuses exactly as it was, mode included", () => {
    const dir = newDir();
    const file = join(dir, ".corso.toml");
    writeFileSync(file, fixture("hand-edited.corso.toml"));
    chmodSync(file, 0o640);
    expect(() => mergeCorsoConfigFile(file, { ...credentials, CORSO_PASSPHRASE: "n3w" })).toThrow(CorsoConfigError);
    expect(readFileSync(file, "utf8")).toBe(fixture("hand-edited.corso.toml"));
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual([".corso.toml"]);
  });
});

describe("mergeCorsoConfig and values UTF-8 cannot write", () => {
  it("rejects a secret with a lone surrogate, naming the key, instead of writing U+FFFD", () => {
    const credentials = {
      AZURE_CLIENT_ID: "0b1f6471-1bf0-4dda-aec3-111122223333",
      AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      AZURE_CLIENT_SECRET: "Q~\ud800secret",
    };
    expect(() => mergeCorsoConfig('account_provider = "M365"\n', credentials, ".corso.toml")).toThrow(
      ".corso.toml: the value for azure_secret holds a lone UTF-16 surrogate, which TOML and UTF-8 cannot write; nothing was merged",
    );
  });
});
