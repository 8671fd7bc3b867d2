import { compare } from "../common";
import { code } from "./markdown";
import type { PlanReview } from "./plan";

/** One thing the apply does outside any registration, in Markdown (input escaped). */
export interface OutsideEffect {
  readonly markdown: string;
  readonly escalation: boolean;
}

// Attributes that hold a secret value, by resource type (data sources prefixed `data.`): the
// providers mark each of them Sensitive in their schema.
const SECRET_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  azuread_application_password: ["value"],
  azuread_service_principal_password: ["value"],
  random_password: ["result", "bcrypt_hash"],
  azurerm_key_vault_secret: ["value"],
  "data.azurerm_key_vault_secret": ["value"],
  tls_private_key: ["private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"],
};

/** The outputs this project's stacks declare that hold a credential, always sensitive. */
const CREDENTIAL_OUTPUTS = ["AZURE_CLIENT_SECRET", "CORSO_PASSPHRASE"];

/** Data sources the review models: who deploys, and Microsoft Graph's service principal. */
const KNOWN_DATA = ["azuread_client_config", "azuread_service_principal"];

const ADDRESS =
  /^((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)((?:\[[^\]]*\])*)(?:\.([A-Za-z_][\w-]*)|\["([^"\\]+)"\])?/;

/**
 * How a list of references can reach a secret: the first reference that does, in words, or
 * undefined. A resource carries a secret when it is one (a password's value, a random password,
 * a Key Vault secret, also as a whole object or through index syntax) or when its own
 * configuration reaches one; a local value or module output, which the plan does not show, may.
 */
export function secretReach(
  plan: PlanReview,
  references: readonly string[],
  seen: Set<string> = new Set(),
): string | undefined {
  const attributes = new Map<string, Set<string>>();
  for (const reference of [...references].sort(compare)) {
    if (/^(local|module)\./.test(reference)) return `${code(reference)}, which the plan does not show`;
    const variable = /^var\.([A-Za-z_][\w-]*)/.exec(reference);
    if (variable !== null) {
      if (plan.sensitiveVariables.has(variable[1])) return `the sensitive variable ${code(reference)}`;
      continue;
    }
    const match = ADDRESS.exec(reference);
    if (match === null) continue;
    const [, address, , attribute, key] = match;
    const set = attributes.get(address) ?? new Set<string>();
    const name = attribute ?? key;
    if (name !== undefined) set.add(name);
    attributes.set(address, set);
  }
  for (const [address, used] of attributes) {
    const type = address.startsWith("data.") ? address.split(".").slice(0, 2).join(".") : address.split(".")[0];
    const secret = SECRET_ATTRIBUTES[type];
    if (secret !== undefined) {
      const hit = used.size === 0 ? "the whole object" : secret.find((s) => used.has(s));
      if (hit !== undefined) return `${code(address)} (${hit === "the whole object" ? hit : code(hit)})`;
    }
    if (seen.has(address)) continue;
    seen.add(address);
    const configured = plan.configuration.get(address);
    if (configured === undefined) continue;
    const inner = secretReach(plan, referencesIn(configured.expressions), seen);
    if (inner !== undefined) return `${code(address)}, whose configuration reaches ${inner}`;
  }
  return undefined;
}

function referencesIn(expressions: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "references" && Array.isArray(inner)) {
          found.push(...inner.filter((r): r is string => typeof r === "string"));
        } else visit(inner);
      }
    }
  };
  visit(expressions);
  return found;
}

/**
 * The outputs the apply changes. An output that can reach a secret escalates unless it is one of
 * the stack's own sensitive credential outputs; so does one whose expression the plan does not show.
 */
export function outputEffects(plan: PlanReview): OutsideEffect[] {
  const quiet: string[] = [];
  const effects: OutsideEffect[] = [];
  for (const output of plan.outputs) {
    const named = `${code(output.name)} (${output.action})`;
    if (output.action === "delete") {
      quiet.push(named);
      continue;
    }
    if (output.references === undefined) {
      effects.push({
        markdown: `output ${named} changes, and the plan does not show its expression: the review cannot tell what it holds`,
        escalation: true,
      });
      continue;
    }
    const reach = secretReach(plan, output.references);
    if (reach !== undefined && !(CREDENTIAL_OUTPUTS.includes(output.name) && output.sensitive)) {
      effects.push({
        markdown: `output ${named} can reach a secret through ${reach}${output.sensitive ? "" : ", and is not sensitive"}`,
        escalation: true,
      });
      continue;
    }
    quiet.push(named);
  }
  return [
    ...(quiet.length > 0 ? [{ markdown: `outputs that change: ${quiet.join(", ")}`, escalation: false }] : []),
    ...effects,
  ];
}

/**
 * Data sources Terraform reads only when it applies. One the review does not model escalates: a
 * data source can run a program (`external`) or send what it is given elsewhere (`http`); so does
 * a modelled one whose configuration reaches a secret or that reads through an aliased provider.
 */
export function dataReadEffects(plan: PlanReview): OutsideEffect[] {
  const reads = plan.changes.filter((c) => c.mode === "data" && c.action !== "no-op");
  return reads.map((read): OutsideEffect => {
    const when =
      read.action === "read" ? "is read when Terraform applies" : `is planned as ${code(read.actions.join(", "))}`;
    if (!KNOWN_DATA.includes(read.type) || read.address.startsWith("module.")) {
      return {
        markdown: `${code(read.address)} ${when}: a ${code(read.type)} data source, which the review does not model, can run code or send what it is given elsewhere`,
        escalation: true,
      };
    }
    const reach = secretReach(plan, referencesIn(read.expressions));
    if (reach !== undefined) {
      return {
        markdown: `${code(read.address)} ${when}, and its configuration reaches a secret through ${reach}`,
        escalation: true,
      };
    }
    if (read.provider?.includes(".") === true) {
      return {
        markdown: `${code(read.address)} ${when}, through the provider alias ${code(read.provider)} (another identity or tenant)`,
        escalation: true,
      };
    }
    return { markdown: `${code(read.address)} ${when}`, escalation: read.action !== "read" };
  });
}
