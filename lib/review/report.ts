import { corsoUsesOf, describeCorsoEvidence } from "../permissions";
import type { RegistrationReview, StackReview, SynthesisReview } from "./synthesis";

const AUDIENCES: Readonly<Record<string, string>> = {
  AzureADMyOrg: "accounts in this directory only",
  AzureADMultipleOrgs: "accounts in any directory",
  AzureADandPersonalMicrosoftAccount: "accounts in any directory and personal Microsoft accounts",
  PersonalMicrosoftAccount: "personal Microsoft accounts only",
};

/** Markdown describing every registration of a synthesis, stack by stack. */
export function renderReport(review: SynthesisReview): string {
  if (review.stacks.length === 0) {
    return "No stacks were synthesized.\n";
  }
  return review.stacks.map(renderStack).join("\n");
}

function renderStack(stack: StackReview): string {
  const lines = [`## Stack \`${stack.name}\``, "", `State: ${stack.state}.`, ""];
  if (stack.registrations.length === 0) {
    lines.push("No Entra ID application in this stack.", "");
  }
  for (const registration of stack.registrations) {
    lines.push(...renderRegistration(registration));
  }
  return lines.join("\n");
}

function renderRegistration(r: RegistrationReview): string[] {
  const rows: [string, string][] = [
    ["Sign-in audience", `${AUDIENCES[r.audience] ?? r.audience} (\`${r.audience}\`)`],
    ["Owners", r.owners.length === 0 ? "none" : r.owners.join(", ")],
    ["Client secret", describeSecret(r)],
    ["Credentials delivered to", r.delivery.length === 0 ? "nowhere in this stack" : r.delivery.join(", ")],
    ["Protected from destroy", r.protectedFromDestroy ? "yes (`prevent_destroy`)" : "no"],
  ];
  if (r.serviceManagementReference !== undefined)
    rows.push(["Service management reference", r.serviceManagementReference]);
  if (r.tags.length > 0) rows.push(["Tags", r.tags.join(", ")]);
  if (r.notes !== undefined) rows.push(["Notes", r.notes]);

  const lines = [
    `### ${escape(r.displayName)}`,
    "",
    `\`${r.address}\``,
    "",
    "| | |",
    "| --- | --- |",
    ...rows.map(([label, value]) => `| ${label} | ${escape(value)} |`),
    "",
    `Microsoft Graph permissions (${r.permissions.length}):`,
    "",
    "| Permission | Corso service | Access | Why Corso has it | What it allows |",
    "| --- | --- | --- | --- | --- |",
    ...r.permissions.map((p) => {
      const kind = p.type === "Role" ? "" : ` (${p.type === "Scope" ? "delegated" : p.type})`;
      if (p.catalog === undefined) return `| \`${p.name}\`${kind} | ? | ? | ? | not in the project's catalog |`;
      const services = corsoUsesOf(p.catalog).join(", ") || "—";
      const why = describeCorsoEvidence(p.catalog);
      return `| \`${p.name}\`${kind} | ${services} | ${p.catalog.access} | ${why} | ${p.catalog.description} |`;
    }),
    "",
  ];
  return lines;
}

/** The secret's shape in words: how many, how long each lives, how often replaced. */
export function describeSecret(r: RegistrationReview): string {
  const { slots, lifetimeDays, rotationDays } = r.secret;
  if (slots === 0) return "none";
  const count = slots === 1 ? "1 secret" : `${slots} overlapping secrets`;
  const lifetime = lifetimeDays === undefined ? "lifetime not fixed" : `each valid ${lifetimeDays} days`;
  const rotation = rotationDays === undefined ? "" : `, replaced every ${rotationDays} days`;
  return `${count}, ${lifetime}${rotation}`;
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
