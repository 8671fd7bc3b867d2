import { CorsoValidationError } from "../../lib";
import { readAppEnvironment, readBoolean } from "../../lib/app/environment";

const VAULT =
  "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/backup/providers/Microsoft.KeyVault/vaults/corso-kv";

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readAppEnvironment(env);
  } catch (error) {
    if (error instanceof CorsoValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe("readAppEnvironment", () => {
  it("uses cdktf.out and corso.config.json unless told otherwise, and counts an empty variable as unset", () => {
    expect(readAppEnvironment({})).toEqual({
      outdir: "cdktf.out",
      configPath: "corso.config.json",
      configRequired: false,
      keyVault: undefined,
    });
    expect(readAppEnvironment({ CORSO_CONFIG: "", CORSO_KEY_VAULT_ID: "", CDKTF_OUTDIR: "" })).toEqual(
      readAppEnvironment({}),
    );
    expect(readAppEnvironment({ CORSO_CONFIG: "prod.json", CDKTF_OUTDIR: "/tmp/out" })).toMatchObject({
      outdir: "/tmp/out",
      configPath: "prod.json",
      configRequired: true,
    });
  });

  it.each([
    ["true", true],
    ["TRUE", true],
    ["True", true],
    ["1", true],
    ["false", false],
    ["FALSE", false],
    ["0", false],
  ])("reads CORSO_KEY_VAULT_PASSPHRASE=%s as %p", (raw, passphrase) => {
    expect(readAppEnvironment({ CORSO_KEY_VAULT_ID: VAULT, CORSO_KEY_VAULT_PASSPHRASE: raw }).keyVault).toEqual({
      keyVaultId: VAULT,
      passphrase,
    });
  });

  it.each(["yes", "on", "2", " true", "tru"])("rejects CORSO_KEY_VAULT_PASSPHRASE=%p", (raw) => {
    expect(problemsOf({ CORSO_KEY_VAULT_ID: VAULT, CORSO_KEY_VAULT_PASSPHRASE: raw })).toEqual([
      `CORSO_KEY_VAULT_PASSPHRASE must be true, false, 1 or 0 (in any case), got '${raw}'`,
    ]);
  });

  it("rejects a Key Vault id that is not one, and a passphrase with no vault to keep it", () => {
    expect(problemsOf({ CORSO_KEY_VAULT_ID: "corso-kv" })).toEqual([
      "CORSO_KEY_VAULT_ID 'corso-kv' is not a Key Vault resource id: expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>",
    ]);
    expect(problemsOf({ CORSO_KEY_VAULT_PASSPHRASE: "1" })).toEqual([
      "CORSO_KEY_VAULT_PASSPHRASE is true, but CORSO_KEY_VAULT_ID names no Key Vault to store it in",
    ]);
    expect(problemsOf({ CORSO_KEY_VAULT_PASSPHRASE: "0" })).toEqual([]);
  });

  it("rejects text that cdktf would take for a reference, which would skip every other check", () => {
    expect(
      problemsOf({
        CORSO_KEY_VAULT_ID:
          "/subscriptions/${TfToken[TOKEN.1]}/resourceGroups/b/providers/Microsoft.KeyVault/vaults/kv",
      }),
    ).toEqual([
      "CORSO_KEY_VAULT_ID holds '{TfToken[', which cdktf would read as a reference to another value: give plain text",
    ]);
  });

  it("reads any yes-or-no variable the same way", () => {
    const problems: string[] = [];
    expect(readBoolean({ X: "0" }, "X", problems)).toBe(false);
    expect(readBoolean({}, "X", problems)).toBeUndefined();
    expect(problems).toEqual([]);
  });
});
