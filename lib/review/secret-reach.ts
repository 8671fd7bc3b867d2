import type { JsonObject } from "./json-input";

// Whether a Terraform JSON value can reach a secret when Terraform evaluates it. Terraform has no
// `eval`: a value reaches another block's attribute only by naming it in a template (`${...}` or
// `%{...}`; https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping), so
// scanning every template for the names of the blocks that hold secrets finds every path, through
// functions, conditionals, index syntax (`x["value"]`, `x[0]`), splats, objects and locals alike.
// Object keys are templates too in Terraform JSON, so keys are scanned as well.

/** A block type whose attributes hold a secret: all of them, except those named safe. */
interface SecretType {
  readonly data: boolean;
  /** Attributes that never hold the secret; any other access (or the whole object) reaches it. */
  readonly safe?: ReadonlySet<string>;
  /** When given, only these attributes (and the whole object) hold the secret. */
  readonly secret?: ReadonlySet<string>;
}

const PASSWORD_SAFE = new Set([
  "id",
  "key_id",
  "display_name",
  "end_date",
  "start_date",
  "end_date_relative",
  "application_id",
  "service_principal_id",
  "rotate_when_changed",
]);

// Attribute names from the providers' schemas: azuread application_password / service_principal_password
// (`value`), application (`password` block), random_password (`result`, `bcrypt_hash`), azurerm
// key_vault_secret (`value`), tls private_key (`private_key_*`); a remote state's outputs can hold anything.
const SECRET_TYPES: ReadonlyMap<string, SecretType> = new Map([
  ["azuread_application_password", { data: false, safe: PASSWORD_SAFE }],
  ["azuread_service_principal_password", { data: false, safe: PASSWORD_SAFE }],
  ["azuread_application", { data: false, secret: new Set(["password"]) }],
  [
    "random_password",
    { data: false, safe: new Set(["id", "length", "special", "upper", "lower", "numeric", "keepers"]) },
  ],
  ["azurerm_key_vault_secret", { data: false, secret: new Set(["value"]) }],
  ["data.azurerm_key_vault_secret", { data: true, secret: new Set(["value"]) }],
  [
    "tls_private_key",
    { data: false, secret: new Set(["private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"]) },
  ],
  ["data.terraform_remote_state", { data: true }],
]);

const NAME = "[A-Za-z_][\\w-]*";

/** Every template string of a JSON value, object keys included. */
function templatesOf(value: unknown, out: string[] = []): string[] {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (/[$%]\{/.test(v.replace(/\$\$\{|%%\{/g, ""))) out.push(v);
    } else if (Array.isArray(v)) {
      stack.push(...v);
    } else if (typeof v === "object" && v !== null) {
      for (const [k, inner] of Object.entries(v)) {
        stack.push(k, inner);
      }
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Which references in a stack can reach a secret: the secret-holding types above, every block and
 * local value whose own settings reach one (a `terraform_data` holding `nonsensitive(secret)`), and
 * module outputs, which the review cannot see into.
 */
export class SecretReach {
  /** `type.name`, `data.type.name` or `local.name` of blocks and locals that carry a secret whole. */
  private readonly carriers = new Set<string>();

  constructor(json: JsonObject) {
    const entries: [string, unknown][] = [];
    for (const [section, prefix] of [
      ["resource", ""],
      ["data", "data."],
    ] as const) {
      const byType = json[section];
      if (typeof byType !== "object" || byType === null) continue;
      for (const [type, byName] of Object.entries(byType as JsonObject)) {
        if (SECRET_TYPES.has(`${prefix}${type}`) || typeof byName !== "object" || byName === null) continue;
        for (const [name, body] of Object.entries(byName as JsonObject))
          entries.push([`${prefix}${type}.${name}`, body]);
      }
    }
    const locals = json.locals;
    for (const block of Array.isArray(locals) ? locals : [locals]) {
      if (typeof block !== "object" || block === null) continue;
      for (const [name, value] of Object.entries(block as JsonObject)) entries.push([`local.${name}`, value]);
    }
    // A fixed point: a carrier can make another one, in any order.
    for (let grew = true; grew;) {
      grew = false;
      for (const [address, body] of entries) {
        if (!this.carriers.has(address) && this.find(body) !== undefined) {
          this.carriers.add(address);
          grew = true;
        }
      }
    }
  }

  /** The first reference through which the value can reach a secret, as written, or `undefined`. */
  find(value: unknown): string | undefined {
    for (const template of templatesOf(value)) {
      const found = this.findIn(template.replace(/\$\$\{|%%\{/g, ""));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Whether a block or local (`type.name`, `data.type.name`, `local.name`) carries a secret whole. */
  carries(address: string): boolean {
    return this.carriers.has(address);
  }

  private findIn(text: string): string | undefined {
    for (const [key, type] of SECRET_TYPES) {
      const found = this.findType(text, key, type);
      if (found !== undefined) return found;
    }
    for (const address of this.carriers) {
      const match = this.referenceTo(text, address);
      if (match !== undefined) return match.text;
    }
    const module = new RegExp(`(?<![\\w.-])module\\s*\\.\\s*${NAME}`).exec(text);
    return module === null ? undefined : `${module[0]} (a module's output)`;
  }

  private findType(text: string, key: string, type: SecretType): string | undefined {
    const head = type.data ? `data\\s*\\.\\s*${escapeRegExp(key.slice(5))}` : escapeRegExp(key);
    const pattern = new RegExp(`(?<![\\w.-])${head}(?![\\w-])`, "g");
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const rest = text.slice(m.index + m[0].length);
      const access = new RegExp(`^\\s*\\.\\s*(${NAME})\\s*\\.\\s*(${NAME})(?![\\w-])`).exec(rest);
      const attribute = access?.[2];
      const harmless =
        attribute !== undefined &&
        (type.safe !== undefined ? type.safe.has(attribute) : type.secret !== undefined && !type.secret.has(attribute));
      if (!harmless) return shortReference(m[0] + rest);
    }
    return undefined;
  }

  private referenceTo(text: string, address: string): { text: string } | undefined {
    const parts = address.split(".").map(escapeRegExp);
    const pattern = new RegExp(`(?<![\\w.-])${parts.join("\\s*\\.\\s*")}(?![\\w-])`);
    const m = pattern.exec(text);
    return m === null ? undefined : { text: shortReference(text.slice(m.index)) };
  }
}

/** The reference at the start of a text: its name and the accesses that follow, at most 120 characters. */
function shortReference(text: string): string {
  const m = new RegExp(`^[\\w.-]+(?:\\s*(?:\\.\\s*${NAME}|\\[[^\\]]{0,40}\\]|\\[\\*\\]))*`).exec(text);
  const ref = (m?.[0] ?? text).replace(/\s+/g, "");
  return ref.length > 120 ? `${ref.slice(0, 117)}...` : ref;
}
