/**
 * Replaces every occurrence of each secret (and its JSON-escaped form, as it appears inside JSON
 * text) with `[redacted]`. Applied to what Microsoft answers before it is shortened for display,
 * so that no part of a secret survives, and again to everything the command prints.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = secrets
    .filter((secret) => secret.length >= 4)
    .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]);
  // Longest first, so that a secret inside a longer one is not left half replaced.
  return [...new Set(forms)]
    .sort((a, b) => b.length - a.length)
    .reduce((result, secret) => result.split(secret).join("[redacted]"), text);
}
