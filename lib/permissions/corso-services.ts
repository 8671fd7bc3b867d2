import { CorsoService, CorsoUse, GRAPH_PERMISSIONS } from "./graph-permissions";

/** A Corso service name as the `services` prop accepts it: Corso's own names, plus `teams`. */
export type CorsoServiceName = CorsoService | "teams";

/** Names Corso's CLI accepts for the same service (`corso backup create teams` backs up groups). */
const SERVICE_ALIASES: Readonly<Record<CorsoServiceName, CorsoService>> = {
  exchange: "exchange",
  onedrive: "onedrive",
  sharepoint: "sharepoint",
  groups: "groups",
  teams: "groups",
  chats: "chats",
};

/** Every name the `services` prop accepts. */
export const CORSO_SERVICE_NAMES = Object.keys(SERVICE_ALIASES) as readonly CorsoServiceName[];

/** Tells whether a string is a service name the `services` prop accepts. */
export function isCorsoServiceName(name: string): name is CorsoServiceName {
  return Object.prototype.hasOwnProperty.call(SERVICE_ALIASES, name);
}

/** The service a name stands for (`teams` is `groups`). */
export function canonicalService(name: CorsoServiceName): CorsoService {
  return SERVICE_ALIASES[name];
}

/**
 * The permissions Corso needs to back up the given services: discovery's, plus each service's,
 * read from the catalog's `usedFor` field and returned sorted by name. A permission that only
 * Corso's documentation lists (`corso.basis` is `documentation`) is left out: no Corso command
 * calls an endpoint that needs it.
 */
export function permissionsForServices(services: readonly CorsoServiceName[]): string[] {
  const uses = new Set<CorsoUse>(["discovery", ...services.map(canonicalService)]);
  return GRAPH_PERMISSIONS.filter((p) => p.corso.basis === "code" && p.usedFor.some((use) => uses.has(use))).map(
    (p) => p.name,
  );
}

/**
 * Corso services whose backup command Corso ships as pre-release, with what that means for a user
 * (alcionai/corso v0.19.0).
 */
export const PRE_RELEASE_SERVICES: Readonly<Partial<Record<CorsoService, string>>> = {
  // Pre-release (hidden, "MAY NOT FUNCTION"): src/cli/backup/teamschats.go:54, src/cli/utils/utils.go:169-173,202.
  // No restore or export: src/cli/restore/restore.go:18-23 and src/cli/export/export.go:23-28 list no chats.
  // A chat's download is "not implemented": src/internal/m365/collection/teamschats/chat_handler.go:85-86.
  chats:
    "Corso's chats backup (`corso backup create chats`) is a pre-release command, hidden from its help, " +
    "that Corso warns may not work; it backs chats up only: Corso cannot restore or export them",
};
