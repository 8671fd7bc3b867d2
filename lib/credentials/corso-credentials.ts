import { isGuid, loneSurrogateIndex } from "../common";
import { OutputsError, type StackOutputs, describeValue, listOutputNames, quoteName } from "./stack-outputs";

/** The values Corso reads from its environment, taken from a deployed stack's outputs. */
export interface CorsoCredentials {
  readonly AZURE_CLIENT_ID: string;
  readonly AZURE_TENANT_ID: string;
  readonly AZURE_CLIENT_SECRET: string;
  /** Present when the stack generated a repository passphrase. */
  readonly CORSO_PASSPHRASE?: string;
}

/** The environment variables Corso reads, in the order they are written. */
export type CorsoVariable = keyof CorsoCredentials;

/** Which output holds each of Corso's values. */
export type OutputNames = Readonly<Record<CorsoVariable, string>>;

/** Options of {@link credentialsOutputNames}: each names an output, or a prefix goes before the default names. */
export interface OutputNameOptions {
  /**
   * Put before each default name: `contoso_` reads `contoso_AZURE_CLIENT_ID` and so on.
   * @default - no prefix
   */
  readonly prefix?: string;
  /**
   * The output holding the application (client) id.
   * @default - `AZURE_CLIENT_ID` after the prefix
   */
  readonly clientId?: string;
  /**
   * The output holding the tenant id.
   * @default - `AZURE_TENANT_ID` after the prefix
   */
  readonly tenantId?: string;
  /**
   * The output holding the client secret.
   * @default - `AZURE_CLIENT_SECRET` after the prefix
   */
  readonly clientSecret?: string;
  /**
   * The output holding Corso's repository passphrase; when named, it must be there.
   * @default - `CORSO_PASSPHRASE` after the prefix, read when the stack has it
   */
  readonly passphrase?: string;
}

const VARIABLES: readonly CorsoVariable[] = [
  "AZURE_CLIENT_ID",
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_SECRET",
  "CORSO_PASSPHRASE",
];
const REQUIRED: readonly CorsoVariable[] = ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET"];
// Corso signs in to a tenant by its id; the construct's `tenantId` and `clientId` are GUIDs.
const GUIDS: readonly CorsoVariable[] = ["AZURE_CLIENT_ID", "AZURE_TENANT_ID"];
// The command's options that name each output, for hints.
const OPTION: Readonly<Record<CorsoVariable, string>> = {
  AZURE_CLIENT_ID: "--client-id-output",
  AZURE_TENANT_ID: "--tenant-id-output",
  AZURE_CLIENT_SECRET: "--client-secret-output",
  CORSO_PASSPHRASE: "--passphrase-output",
};

/** The outputs read by default: named as Corso's environment variables, as this project's stack names them. */
export const DEFAULT_OUTPUT_NAMES: OutputNames = {
  AZURE_CLIENT_ID: "AZURE_CLIENT_ID",
  AZURE_TENANT_ID: "AZURE_TENANT_ID",
  AZURE_CLIENT_SECRET: "AZURE_CLIENT_SECRET",
  CORSO_PASSPHRASE: "CORSO_PASSPHRASE",
};

/** Resolves which output holds each value: a name given for it, else the prefix and the default name. */
export function credentialsOutputNames(options: OutputNameOptions = {}): OutputNames {
  const prefix = options.prefix ?? "";
  return {
    AZURE_CLIENT_ID: options.clientId ?? prefix + DEFAULT_OUTPUT_NAMES.AZURE_CLIENT_ID,
    AZURE_TENANT_ID: options.tenantId ?? prefix + DEFAULT_OUTPUT_NAMES.AZURE_TENANT_ID,
    AZURE_CLIENT_SECRET: options.clientSecret ?? prefix + DEFAULT_OUTPUT_NAMES.AZURE_CLIENT_SECRET,
    CORSO_PASSPHRASE: options.passphrase ?? prefix + DEFAULT_OUTPUT_NAMES.CORSO_PASSPHRASE,
  };
}

/**
 * Picks Corso's credentials from a stack's outputs. The client and tenant ids must be GUIDs, the
 * secret and passphrase non-empty strings that UTF-8 can write (no lone surrogate); the passphrase is
 * optional unless `passphraseRequired`. Errors say which output is wrong and how, and never show a value.
 */
export function pickCorsoCredentials(
  outputs: StackOutputs,
  names: OutputNames = DEFAULT_OUTPUT_NAMES,
  passphraseRequired = false,
): CorsoCredentials {
  const required = passphraseRequired ? VARIABLES : REQUIRED;
  const missing = required.filter((variable) => !outputs.values.has(names[variable]));
  if (missing.length > 0) {
    throw new OutputsError(missingMessage(outputs, names, missing));
  }
  const credentials: Partial<Record<CorsoVariable, string>> = {};
  for (const variable of VARIABLES) {
    const name = names[variable];
    if (!outputs.values.has(name)) continue;
    const value = outputs.values.get(name);
    const what = describeOutput(variable, name, outputs);
    if (typeof value !== "string" || value === "") {
      throw new OutputsError(`${what} is ${describeValue(value)}: expected a non-empty string`);
    }
    if (loneSurrogateIndex(value) >= 0) {
      throw new OutputsError(
        `${what} holds a lone UTF-16 surrogate (a JSON escape such as \\ud800 without its pair), which has no UTF-8 form: ` +
          "written out it would become U+FFFD, a different value than Entra ID holds; read the outputs again from Terraform",
      );
    }
    if (GUIDS.includes(variable) && !isGuid(value)) {
      throw new OutputsError(
        `${what} is not a GUID (got ${describeValue(value)}): expected 8-4-4-4-12 hexadecimal digits, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47`,
      );
    }
    credentials[variable] = value;
  }
  return credentials as CorsoCredentials;
}

function describeOutput(variable: CorsoVariable, name: string, outputs: StackOutputs): string {
  return name === variable
    ? `output ${variable} of ${outputs.where}`
    : `${variable} (output ${quoteName(name)} of ${outputs.where})`;
}

/** Says what is missing and what is actually wrong: sensitive outputs left out, other names, or no outputs. */
function missingMessage(outputs: StackOutputs, names: OutputNames, missing: readonly CorsoVariable[]): string {
  const list = missing.map((variable) => (names[variable] === variable ? variable : quoteName(names[variable])));
  const head = `${outputs.where} has no output${list.length > 1 ? "s" : ""} ${list.join(", ")}`;
  if (outputs.values.size === 0) {
    return `${head}, and no other output either: has the stack been deployed?`;
  }
  const onlySecrets = missing.every(
    (variable) => variable === "AZURE_CLIENT_SECRET" || variable === "CORSO_PASSPHRASE",
  );
  if (outputs.shape === "cdktf" && onlySecrets) {
    return `${head}: cdktf leaves sensitive outputs out of the file unless \`cdktf output\` is given --outputs-file-include-sensitive-outputs`;
  }
  const options = missing.map((variable) => OPTION[variable]).join(", ");
  return `${head}; its outputs are ${listOutputNames(outputs)}: name the ones to read with ${options} (or --prefix)`;
}
