import { compare } from "../common";
import { type AccessLevel, findGraphPermission } from "../permissions";
import { describeSecret } from "./report";
import type { PermissionReview, RegistrationReview, StackReview, SynthesisReview } from "./synthesis";

/** One difference between two syntheses; escalations grant more access and need an extra approval. */
export interface Change {
  readonly stack: string;
  readonly escalation: boolean;
  readonly text: string;
}

const ACCESS_RANK: Readonly<Record<AccessLevel, number>> = { read: 0, "read-write": 1, "full-control": 2 };

/**
 * Compares a pull request's synthesis (`head`) with its base: stacks and registrations added or
 * removed, permissions added (an escalation), removed or raised in access level (an escalation),
 * owners, secret and delivery changed, and resources Terraform would destroy or replace.
 */
export function diffSyntheses(base: SynthesisReview, head: SynthesisReview): Change[] {
  const changes: Change[] = [];
  const baseStacks = new Map(base.stacks.map((s) => [s.name, s]));
  const headStacks = new Map(head.stacks.map((s) => [s.name, s]));
  for (const [name, stack] of headStacks) {
    const before = baseStacks.get(name);
    if (before === undefined) {
      const granted = stack.registrations.reduce((n, r) => n + r.permissions.length, 0);
      changes.push({
        stack: name,
        escalation: granted > 0,
        text: `stack added, granting ${granted} Microsoft Graph permission${granted === 1 ? "" : "s"}`,
      });
    } else {
      changes.push(...diffStack(before, stack));
    }
  }
  for (const name of baseStacks.keys()) {
    if (!headStacks.has(name)) {
      changes.push({
        stack: name,
        escalation: false,
        text: "stack removed: its registration is no longer managed here",
      });
    }
  }
  return changes.sort(
    (a, b) => compare(a.stack, b.stack) || Number(b.escalation) - Number(a.escalation) || compare(a.text, b.text),
  );
}

function diffStack(base: StackReview, head: StackReview): Change[] {
  const changes: Change[] = [];
  const add = (text: string, escalation = false) => changes.push({ stack: head.name, escalation, text });
  if (base.state !== head.state) add(`state moves from ${base.state} to ${head.state}`);

  // Registrations pair up by address; one whose address changed pairs with the one that vanished.
  const baseApps = new Map(base.registrations.map((r) => [r.address, r]));
  const headAddresses = new Set(head.registrations.map((r) => r.address));
  const vanished = base.registrations.filter((r) => !headAddresses.has(r.address));
  for (const registration of head.registrations) {
    const before = baseApps.get(registration.address) ?? vanished.shift();
    if (before !== undefined) {
      diffRegistration(before, registration, add);
    }
  }

  // Terraform knows a resource by its address: a new address is a new resource, a vanished one is destroyed.
  const baseResources = new Set(base.addresses);
  const headResources = new Set(head.addresses);
  // Consents follow their permissions, which are reported by name; their addresses add nothing.
  const created = head.addresses.filter((a) => !baseResources.has(a) && !isConsent(a));
  const destroyed = base.addresses.filter((a) => !headResources.has(a) && !isConsent(a));
  const typeOf = (address: string) => address.slice(0, address.indexOf("."));
  const unmatched = [...created];
  for (const gone of destroyed) {
    const index = unmatched.findIndex((a) => typeOf(a) === typeOf(gone));
    if (index >= 0) {
      add(
        `\`${gone}\` is replaced by \`${unmatched[index]}\` (its address changed): Terraform destroys and recreates it`,
      );
      unmatched.splice(index, 1);
    } else {
      add(`\`${gone}\` is destroyed`);
    }
  }
  for (const address of unmatched.filter((a) => typeOf(a) === "azuread_application")) {
    const app = head.registrations.find((r) => r.address === address);
    add(
      `new application \`${address}\` with ${app?.permissions.length ?? 0} permissions`,
      (app?.permissions.length ?? 0) > 0,
    );
  }
  return changes;
}

function diffRegistration(
  base: RegistrationReview,
  head: RegistrationReview,
  add: (text: string, escalation?: boolean) => void,
): void {
  const who = `\`${head.displayName}\``;
  const before = new Map(base.permissions.map((p) => [p.name, p]));
  const after = new Map(head.permissions.map((p) => [p.name, p]));
  const added = head.permissions.filter((p) => !before.has(p.name));
  const removed = base.permissions.filter((p) => !after.has(p.name));

  for (const permission of added) {
    const narrower = removed.find((r) => family(r.name) === family(permission.name) && rank(r) < rank(permission));
    if (narrower !== undefined) {
      add(
        `${who}: access raised from \`${narrower.name}\` (${narrower.catalog?.access}) to \`${permission.name}\` (${permission.catalog?.access})`,
        true,
      );
    } else {
      add(
        `${who}: new permission \`${permission.name}\` (${permission.catalog?.access ?? "not in the catalog"})`,
        true,
      );
    }
  }
  for (const permission of removed) {
    const wider = added.find((a) => family(a.name) === family(permission.name) && rank(permission) < rank(a));
    if (wider === undefined) add(`${who}: permission \`${permission.name}\` removed`);
  }

  const ownersAdded = head.owners.filter((o) => !base.owners.includes(o));
  const ownersRemoved = base.owners.filter((o) => !head.owners.includes(o));
  if (ownersAdded.length + ownersRemoved.length > 0) {
    const parts = [...ownersAdded.map((o) => `+ ${o}`), ...ownersRemoved.map((o) => `- ${o}`)];
    add(`${who}: owners changed (${parts.join(", ")})`);
  }
  if (describeSecret(base) !== describeSecret(head)) {
    add(`${who}: client secret changes from "${describeSecret(base)}" to "${describeSecret(head)}"`);
  }
  const deliveryAdded = head.delivery.filter((d) => !base.delivery.includes(d));
  const deliveryRemoved = base.delivery.filter((d) => !head.delivery.includes(d));
  for (const target of deliveryAdded) add(`${who}: credentials now also delivered to ${target}`);
  for (const target of deliveryRemoved) add(`${who}: credentials no longer delivered to ${target}`);
  if (base.protectedFromDestroy !== head.protectedFromDestroy) {
    add(`${who}: ${head.protectedFromDestroy ? "now protected from destroy" : "no longer protected from destroy"}`);
  }
  if (base.displayName !== head.displayName) {
    add(`\`${base.displayName}\` renamed to ${who}`);
  }
}

function isConsent(address: string): boolean {
  return address.startsWith("azuread_app_role_assignment.");
}

function family(name: string): string {
  return name.slice(0, name.indexOf("."));
}

function rank(permission: PermissionReview): number {
  const access = permission.catalog?.access ?? findGraphPermission(permission.name)?.access;
  return access === undefined ? -1 : ACCESS_RANK[access];
}

/** Markdown listing the changes, escalations first. */
export function renderChanges(changes: readonly Change[]): string {
  if (changes.length === 0) {
    return "## Changes against the base\n\nNo changes to the registrations, their permissions, secrets or state.\n";
  }
  const line = (c: Change) => `- \`${c.stack}\`: ${c.text}`;
  const escalations = changes.filter((c) => c.escalation);
  const others = changes.filter((c) => !c.escalation);
  const lines = ["## Changes against the base", ""];
  if (escalations.length > 0) {
    lines.push(
      `**Escalations (${escalations.length}): more access, ask for a security review**`,
      "",
      ...escalations.map(line),
      "",
    );
  }
  if (others.length > 0) {
    lines.push(`**Other changes (${others.length})**`, "", ...others.map(line), "");
  }
  return lines.join("\n");
}
