import { show, throwIfProblems } from "../common";
import { type KeyVaultChoice, findKeyVaultProblems } from "../key-vault";

/** What the app takes from its environment, checked. */
export interface AppEnvironment {
  /** The synthesis directory: `CDKTF_OUTDIR`, or `cdktf.out`. */
  readonly outdir: string;
  /** The config file: `CORSO_CONFIG`, or `corso.config.json`. */
  readonly configPath: string;
  /** Whether the config file was named (`CORSO_CONFIG`), so that it must exist. */
  readonly configRequired: boolean;
  /** Key Vault delivery for the default stack: `CORSO_KEY_VAULT_ID` and `CORSO_KEY_VAULT_PASSPHRASE`. */
  readonly keyVault?: KeyVaultChoice;
}

/**
 * Reads and checks the variables the app understands; throws one error listing every mistake.
 * An empty variable counts as unset (as CI systems pass a variable they have no value for).
 */
export function readAppEnvironment(env: NodeJS.ProcessEnv): AppEnvironment {
  const problems: string[] = [];
  const value = (name: string) => (env[name] === "" ? undefined : env[name]);
  for (const name of ["CORSO_CONFIG", "CORSO_KEY_VAULT_ID", "CORSO_KEY_VAULT_PASSPHRASE"]) {
    // cdktf would take such text for one of its tokens, and skip every check made for plain text.
    if (env[name]?.includes("{TfToken[")) {
      problems.push(
        `${name} holds '{TfToken[', which cdktf would read as a reference to another value: give plain text`,
      );
    }
  }
  const keyVaultId = value("CORSO_KEY_VAULT_ID");
  const passphrase = readBoolean(env, "CORSO_KEY_VAULT_PASSPHRASE", problems);
  if (keyVaultId !== undefined) {
    problems.push(...findKeyVaultProblems({ keyVaultId }, "", "CORSO_KEY_VAULT_ID"));
  } else if (passphrase === true) {
    problems.push("CORSO_KEY_VAULT_PASSPHRASE is true, but CORSO_KEY_VAULT_ID names no Key Vault to store it in");
  }
  throwIfProblems("environment", problems);
  return {
    outdir: value("CDKTF_OUTDIR") ?? "cdktf.out",
    configPath: value("CORSO_CONFIG") ?? "corso.config.json",
    configRequired: value("CORSO_CONFIG") !== undefined,
    keyVault: keyVaultId === undefined ? undefined : { keyVaultId, passphrase: passphrase ?? false },
  };
}

/** A yes-or-no variable: `true`, `false`, `1` or `0` in any case; anything else is a problem. */
export function readBoolean(env: NodeJS.ProcessEnv, name: string, problems: string[]): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const word = raw.toLowerCase();
  if (word === "true" || word === "1") return true;
  if (word === "false" || word === "0") return false;
  problems.push(`${name} must be true, false, 1 or 0 (in any case), got ${show(raw)}`);
  return undefined;
}
