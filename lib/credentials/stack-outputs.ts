/** The values Corso reads from its environment, taken from a deployed stack's outputs. */
export interface CorsoCredentials {
  readonly AZURE_CLIENT_ID: string;
  readonly AZURE_TENANT_ID: string;
  readonly AZURE_CLIENT_SECRET: string;
  /** Present when the stack generated a repository passphrase. */
  readonly CORSO_PASSPHRASE?: string;
}

/** Raised for outputs that are missing, malformed or ambiguous; the message says which and why. */
export class OutputsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputsError";
  }
}

const REQUIRED = ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET"] as const;

/**
 * Reads Corso's credentials from outputs JSON in either shape:
 * `terraform output -json` (`{ NAME: { value, type, sensitive } }`) or the file
 * `cdktf output --outputs-file` writes (`{ stack: { NAME: value } }`; `stack` picks one of several).
 */
export function credentialsFromOutputs(text: string, stack?: string): CorsoCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new OutputsError(`the outputs are not JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) {
    throw new OutputsError(
      "the outputs are not a JSON object: expected `terraform output -json` or a cdktf outputs file",
    );
  }
  const values = isTerraformOutput(parsed) ? fromTerraform(parsed) : fromCdktf(parsed, stack);
  return pickCredentials(values.outputs, values.where);
}

function isTerraformOutput(parsed: Record<string, unknown>): boolean {
  return Object.values(parsed).some((v) => isObject(v) && "value" in v && ("type" in v || "sensitive" in v));
}

function fromTerraform(parsed: Record<string, unknown>) {
  const outputs: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(parsed)) {
    outputs[name] = isObject(output) ? output.value : undefined;
  }
  return { outputs, where: "the terraform outputs" };
}

function fromCdktf(parsed: Record<string, unknown>, stack?: string) {
  const stacks = Object.keys(parsed).filter((name) => isObject(parsed[name]));
  if (stacks.length === 0) {
    throw new OutputsError("the outputs hold no stack: expected `terraform output -json` or a cdktf outputs file");
  }
  if (stack === undefined && stacks.length > 1) {
    throw new OutputsError(`the outputs hold several stacks (${stacks.join(", ")}): pick one with --stack NAME`);
  }
  const name = stack ?? stacks[0];
  if (!stacks.includes(name)) {
    throw new OutputsError(`the outputs hold no stack '${name}': found ${stacks.join(", ")}`);
  }
  return { outputs: parsed[name] as Record<string, unknown>, where: `stack '${name}'` };
}

function pickCredentials(outputs: Record<string, unknown>, where: string): CorsoCredentials {
  const missing = REQUIRED.filter((name) => outputs[name] === undefined);
  if (missing.length > 0) {
    const hint = missing.includes("AZURE_CLIENT_SECRET")
      ? " (cdktf leaves sensitive outputs out unless given --outputs-file-include-sensitive-outputs)"
      : "";
    throw new OutputsError(`${where} lack${where.startsWith("the") ? "" : "s"} ${missing.join(", ")}${hint}`);
  }
  const credentials: Record<string, string> = {};
  for (const name of [...REQUIRED, "CORSO_PASSPHRASE"]) {
    const value = outputs[name];
    if (value === undefined) continue;
    if (typeof value !== "string" || value === "") {
      throw new OutputsError(`${name} in ${where} is ${JSON.stringify(value)}: expected a non-empty string`);
    }
    credentials[name] = value;
  }
  return credentials as unknown as CorsoCredentials;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
