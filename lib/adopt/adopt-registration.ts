import type { CorsoAdoption } from "../registration";
import { adoptionOf } from "./adoption-block";
import {
  type TenantTarget,
  type WrittenAdoption,
  displayNameChoice,
  readTenantSettings,
  writeAdoption,
} from "./config-update";
import { type ApplicationQuery, readExistingRegistration } from "./existing-registration";
import { GraphClient } from "./graph-client";
import { type TokenSource, tokenObjectId } from "./sign-in";

/** What `corso-adopt` is asked to do. */
export interface AdoptRegistrationOptions {
  /** The Entra ID tenant holding the registration. */
  readonly tenantId: string;
  /** The application to take over. */
  readonly application: ApplicationQuery;
  /** Microsoft Graph's root. */
  readonly graphEndpoint: string;
  /** Signs the reads. */
  readonly credential: TokenSource;
  /** The config file: read for the tenant's permissions, written with `write`. */
  readonly configPath: string;
  /**
   * Which tenant of the config file; see {@link TenantTarget}.
   * @default - the only tenant with this tenant id
   */
  readonly tenantName?: string;
  /**
   * Write the block into the config file instead of only returning it.
   * @default false
   */
  readonly write?: boolean;
  /** Waits before a retry (tests pass a fake clock). @default - a timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The current time in milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** The outcome: the block, the notes for the user, and where it was written. */
export interface AdoptRegistrationResult {
  readonly block: CorsoAdoption;
  readonly notes: readonly string[];
  readonly written?: WrittenAdoption;
}

/**
 * Reads a hand-made registration from Microsoft Graph and returns its `adopt` block, writing it
 * into the config file when asked. The config file is checked before Graph is read, so that a
 * wrong `--tenant` fails at once, and nothing is written unless everything was read.
 */
export async function adoptRegistration(options: AdoptRegistrationOptions): Promise<AdoptRegistrationResult> {
  const target: TenantTarget = { tenantId: options.tenantId, name: options.tenantName };
  const settings = readTenantSettings(options.configPath, target);
  const graph = new GraphClient({
    endpoint: options.graphEndpoint,
    credential: options.credential,
    sleep: options.sleep,
    now: options.now,
  });
  const existing = await readExistingRegistration(graph, options.application, options.tenantId);
  const { block, notes } = adoptionOf(existing, {
    requested: settings.requested,
    signedInObjectId: tokenObjectId(await graph.accessToken()),
    graphEndpoint: options.graphEndpoint,
  });
  const name = displayNameChoice(settings, existing.displayName, options.write === true);
  const allNotes = name.note === undefined ? notes : [...notes, name.note];
  if (options.write !== true) return { block, notes: allNotes };
  const written = writeAdoption(settings, options.tenantId, block, name.write);
  return { block, notes: allNotes, written };
}
