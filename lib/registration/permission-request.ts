import { Token } from "cdktf";
import { closestName, compare, show } from "../common";
import {
  CORSO_PERMISSIONS,
  CORSO_SERVICE_NAMES,
  type CorsoService,
  type CorsoServiceName,
  DELEGATED_ONLY_PERMISSIONS,
  GRAPH_PERMISSIONS,
  canonicalService,
  corsoUsesOf,
  findGraphPermission,
  isCorsoServiceName,
  permissionsForServices,
} from "../permissions";

/** What a registration asks for: explicit permissions, Corso services, or neither (Corso's 14). */
export interface PermissionRequest {
  readonly permissions?: readonly string[];
  readonly services?: readonly string[];
}

const KNOWN_NAMES = GRAPH_PERMISSIONS.map((p) => p.name);

/**
 * Turns a request into the sorted list of permissions to grant, adding a message to `problems`
 * for each mistake. Unresolved tokens are kept as they are.
 */
export function resolvePermissions(request: PermissionRequest, problems: string[]): string[] {
  const { permissions, services } = request;
  if (permissions !== undefined && services !== undefined) {
    problems.push("give either permissions or services, not both: services picks the permissions for you");
    return [];
  }
  if (services !== undefined) {
    return checkServices(services, problems) ? permissionsForServices(services as CorsoServiceName[]) : [];
  }
  if (permissions === undefined) {
    return [...CORSO_PERMISSIONS].sort(compare);
  }
  checkPermissions(permissions, problems);
  return [...permissions].sort(compare);
}

/**
 * The Corso services a valid request picks on purpose: those in `services`, or each service that
 * one of the listed `permissions` serves alone (`Chat.Read.All` picks chats). Corso's 14, the
 * default, pick none: they are Corso's documented set, not a choice of services.
 */
export function chosenServices(request: PermissionRequest): CorsoService[] {
  const chosen = new Set<CorsoService>();
  for (const service of request.services ?? []) {
    if (isCorsoServiceName(service)) chosen.add(canonicalService(service));
  }
  for (const name of request.permissions ?? []) {
    const permission = findGraphPermission(name);
    const uses = permission === undefined ? [] : corsoUsesOf(permission);
    if (uses.length === 1 && uses[0] !== "discovery") chosen.add(uses[0]);
  }
  return [...chosen];
}

function checkServices(services: readonly string[], problems: string[]): boolean {
  const before = problems.length;
  if (services.length === 0) {
    problems.push(`services is empty: list at least one of ${CORSO_SERVICE_NAMES.join(", ")}`);
  }
  for (const service of services) {
    if (!isCorsoServiceName(service)) {
      problems.push(`unknown Corso service ${show(service)} in services: ${hint(service, CORSO_SERVICE_NAMES)}`);
    }
  }
  reportDuplicates(services, "services", problems);
  return problems.length === before;
}

function checkPermissions(permissions: readonly string[], problems: string[]): void {
  if (Token.isUnresolved(permissions)) {
    problems.push("permissions must be a list written out in code, not a token: each one becomes its own consent");
    return;
  }
  if (permissions.length === 0) {
    problems.push(
      "permissions is empty: list at least one Microsoft Graph application permission, or leave it out for Corso's 14",
    );
  }
  for (const name of permissions) {
    if (Token.isUnresolved(name) || findGraphPermission(name)) {
      continue;
    }
    if (DELEGATED_ONLY_PERMISSIONS.includes(name)) {
      problems.push(
        `${show(name)} in permissions is a delegated permission, which needs a signed-in user; ` +
          `Corso runs unattended and needs application permissions: ${hint(name, KNOWN_NAMES)}`,
      );
    } else {
      problems.push(`unknown Microsoft Graph permission ${show(name)} in permissions: ${hint(name, KNOWN_NAMES)}`);
    }
  }
  reportDuplicates(permissions, "permissions", problems);
}

function reportDuplicates(values: readonly string[], field: string, problems: string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) {
      problems.push(`${show(value)} appears more than once in ${field}: list each one once`);
    }
    seen.add(value);
  }
}

function hint(input: string, candidates: readonly string[]): string {
  const closest = closestName(input, candidates);
  return closest === undefined ? `expected one of ${candidates.join(", ")}` : `did you mean ${show(closest)}?`;
}
