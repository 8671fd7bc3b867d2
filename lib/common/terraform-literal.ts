// Terraform reads every string of a JSON configuration as a template: `${...}` is evaluated and
// `%{...}` is a directive, in values and in object keys alike; `$${` and `%%{` stand for the literal
// text (https://developer.hashicorp.com/terraform/language/syntax/json#template-expressions).

// How cdktf writes a string token into text: hashicorp/terraform-cdk,
// packages/cdktf/lib/tokens/private/encoding.ts (BEGIN_STRING_TOKEN_MARKER, VALID_KEY_CHARS).
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

// Next to a token, cdktf reads `${` in the text as the start of an expression of its own (and
// would drop the braces of a token inside it): there a literal `${` is written as an
// interpolation of "$" followed by a plain `{`, which Terraform reads back as `${`.
const DOLLAR = '${"$"}';

/**
 * Returns text that Terraform reads back exactly as `text`, never as an expression or a
 * directive; the cdktf tokens in it (references, functions) stay as they are.
 */
export function terraformLiteral(text: string): string {
  // Every template sequence has a brace: most text needs no work at all.
  if (!text.includes("{")) return text;
  const tokens = text.match(STRING_TOKEN);
  if (tokens === null) {
    return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
  }
  return text
    .split(STRING_TOKEN)
    .map((literal, i) => {
      let escaped = literal.replace(/\$\{/g, () => `${DOLLAR}{`).replace(/%\{/g, () => "%%{");
      // A `$` just before a token would turn the token's `${` into the escape `$${`.
      if (i < tokens.length && escaped.endsWith("$")) escaped = `${escaped.slice(0, -1)}${DOLLAR}`;
      return escaped + (tokens[i] ?? "");
    })
    .join("");
}

/**
 * Applies {@link terraformLiteral} to every string of a resource's configuration (object keys
 * included), leaving numbers, booleans, tokens and constructs as they are. Every resource the
 * constructs create takes its configuration through here, so that no text from props or a config
 * file can become Terraform code.
 */
export function terraformLiterals<T>(config: T): T {
  if (typeof config === "string") return terraformLiteral(config) as T;
  if (Array.isArray(config)) return config.map((item) => terraformLiterals(item)) as T;
  if (isPlainObject(config)) {
    return Object.fromEntries(
      Object.entries(config).map(([key, value]) => [terraformLiteral(key), terraformLiterals(value)]),
    ) as T;
  }
  return config;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
