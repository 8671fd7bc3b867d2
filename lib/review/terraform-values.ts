// Terraform JSON strings are templates: `${...}` and `%{...}` are evaluated at plan time
// (https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping). The review
// resolves only the exact shapes below; anything else is an expression it shows verbatim.

/** A string attribute as the review understands it. */
export type TerraformValue =
  | { readonly kind: "literal"; readonly value: string }
  | {
      readonly kind: "reference";
      /** `azuread_application.x` or `data.azuread_service_principal.y`. */
      readonly address: string;
      readonly attribute: string;
      /** The map key of `attr["key"]` or `attr.key`, when the reference indexes a map. */
      readonly key?: string;
      /** The whole string, for display. */
      readonly text: string;
    }
  | { readonly kind: "expression"; readonly text: string };

const NAME = "[A-Za-z_][A-Za-z0-9_-]*";
// One reference and nothing else: `${[data.]type.name.attribute[["key"] | .key]}`.
const REFERENCE = new RegExp(
  `^\\$\\{((?:data\\.)?${NAME}\\.${NAME})\\.(${NAME})(?:\\["([^"\\\\$%{}]+)"\\]|\\.(${NAME}))?\\}$`,
);

/** Classifies a JSON value of a string attribute: a literal, one reference, or some other expression. */
export function terraformValue(value: unknown): TerraformValue {
  if (typeof value !== "string") return { kind: "expression", text: JSON.stringify(value) ?? String(value) };
  const reference = REFERENCE.exec(value);
  if (reference !== null) {
    return {
      kind: "reference",
      address: reference[1],
      attribute: reference[2],
      key: reference[3] ?? reference[4],
      text: value,
    };
  }
  // `$${` and `%%{` are escapes for a literal `${` and `%{`; any other `${` or `%{` is evaluated.
  if (/[$%]\{/.test(value.replace(/\$\$\{|%%\{/g, ""))) return { kind: "expression", text: value };
  return { kind: "literal", value: value.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{") };
}

/** The literal string of a value, or `undefined` when Terraform computes it. */
export function literal(value: unknown): string | undefined {
  const parsed = terraformValue(value);
  return parsed.kind === "literal" ? parsed.value : undefined;
}

/** How a value reads in the report: the literal text, or the expression as written. */
export function shown(value: unknown): string {
  const parsed = terraformValue(value);
  return parsed.kind === "literal" ? parsed.value : parsed.text;
}

/** The elements of a list attribute; a list computed as a whole is one expression element. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
