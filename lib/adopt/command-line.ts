import { parseArgs } from "node:util";
import { isGuid } from "../common";
import { CLOUD_NAMES } from "./clouds";
import type { ApplicationQuery } from "./existing-registration";

/** `corso-adopt --help`. */
export const ADOPT_USAGE = `Usage: corso-adopt --tenant-id TENANT (--client-id CLIENT_ID | --display-name NAME) [--write]
                   [--config FILE] [--tenant NAME] [--environment ${CLOUD_NAMES.join("|")}] [--graph-endpoint URL]

Reads a Corso registration made by hand from Microsoft Graph (its application, service principal,
owners and admin consents) and prints the "adopt" block with which the stack takes it over, client
id unchanged. --write puts the block into the tenant's entry of the config file instead.

  --tenant-id       the Entra ID tenant (default: ARM_TENANT_ID)
  --client-id       the application (client) id Corso uses (its AZURE_CLIENT_ID)
  --display-name    or the app's name in Entra ID > App registrations
  --write           write the block into the config file, keeping the rest of the file
  --config          the config file (default: CORSO_CONFIG, else corso.config.json)
  --tenant          the tenant's stack name in that file (default: the one with this tenant id;
                    "corso" in a new file)
  --environment     the Azure cloud (default: ARM_ENVIRONMENT, else public)
  --graph-endpoint  Microsoft Graph's root, for another cloud

Signs in as the azuread provider does: ARM_CLIENT_ID with ARM_CLIENT_SECRET, or ARM_USE_OIDC=true,
or ARM_USE_MSI=true, else the Azure CLI's login. Reading needs Microsoft Graph's
Application.Read.All (a signed-in user: a role that can read app registrations).

Exit status: 0 done; 1 not found, refused, or not written; 2 wrong command line.
`;

/** A command line `corso-adopt` understood. */
export interface AdoptCommandLine {
  readonly help: boolean;
  readonly tenantId: string;
  readonly application: ApplicationQuery;
  readonly write: boolean;
  readonly configPath: string;
  readonly tenantName?: string;
  readonly environment?: string;
  readonly graphEndpoint?: string;
}

/** A command line that cannot be run; the message says which option and why. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Reads `corso-adopt`'s arguments, with `ARM_TENANT_ID` and `CORSO_CONFIG` as defaults. */
export function parseAdoptCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): AdoptCommandLine {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        "tenant-id": { type: "string" },
        "client-id": { type: "string" },
        "display-name": { type: "string" },
        write: { type: "boolean" },
        config: { type: "string" },
        tenant: { type: "string" },
        environment: { type: "string" },
        "graph-endpoint": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const configPath = values.config ?? (env.CORSO_CONFIG || "corso.config.json");
  if (values.help === true) {
    return { help: true, tenantId: "", application: { clientId: "" }, write: false, configPath };
  }
  const tenantId = values["tenant-id"] ?? (env.ARM_TENANT_ID || undefined);
  if (tenantId === undefined || !isGuid(tenantId)) {
    throw new UsageError(
      `--tenant-id must be the tenant's id, a GUID; got ${tenantId === undefined ? "nothing (nor ARM_TENANT_ID)" : `'${tenantId}'`}`,
    );
  }
  const clientId = values["client-id"];
  const displayName = values["display-name"];
  if ((clientId === undefined) === (displayName === undefined)) {
    throw new UsageError("give either --client-id or --display-name, not both or neither");
  }
  if (clientId !== undefined && !isGuid(clientId)) {
    throw new UsageError(`--client-id must be the application (client) id, a GUID; got '${clientId}'`);
  }
  if (displayName !== undefined && displayName.trim() === "") {
    throw new UsageError("--display-name is empty: give the app's name in Entra ID > App registrations");
  }
  if (values.tenant !== undefined && values.write !== true) {
    throw new UsageError("--tenant names the config file's tenant to write: give it with --write");
  }
  return {
    help: false,
    tenantId,
    application: clientId !== undefined ? { clientId } : { displayName: displayName as string },
    write: values.write === true,
    configPath,
    tenantName: values.tenant,
    environment: values.environment,
    graphEndpoint: values["graph-endpoint"],
  };
}
