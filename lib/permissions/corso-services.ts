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
 * read from the catalog's `usedFor` field and returned sorted by name.
 */
export function permissionsForServices(services: readonly CorsoServiceName[]): string[] {
  const uses = new Set<CorsoUse>(["discovery", ...services.map(canonicalService)]);
  return GRAPH_PERMISSIONS.filter((p) => p.usedFor.some((use) => uses.has(use))).map((p) => p.name);
}
