import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = join(__dirname, "../..");

/** Every project file an entry point loads, following relative imports and requires, lazy ones included. */
function reachableFrom(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const source = readFileSync(file, "utf8");
    const specifiers = [...source.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']([^"']+)["']/g)].map(
      (m) => m[1],
    );
    seen.set(file, specifiers);
    for (const specifier of specifiers.filter((s) => s.startsWith("."))) {
      const base = resolve(dirname(file), specifier);
      const target = [`${base}.ts`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
      if (target !== undefined) visit(target);
    }
  };
  visit(join(root, entry));
  return seen;
}

describe("corso-adopt's sign-in stays off the synthesis path", () => {
  it.each(["main.ts", "lib/index.ts", "lib/key-vault-secrets.ts"])(
    "%s never loads @azure/identity or the adopt component",
    (entry) => {
      const files = reachableFrom(entry);
      const loadingIdentity = [...files].filter(([, specifiers]) => specifiers.includes("@azure/identity"));
      expect(loadingIdentity.map(([file]) => relative(root, file))).toEqual([]);
      expect([...files.keys()].map((file) => relative(root, file)).filter((f) => f.startsWith("lib/adopt/"))).toEqual(
        [],
      );
    },
  );

  it("finds the one place that loads it, so the check above can fail", () => {
    const files = reachableFrom("bin/adopt.ts");
    const loadingIdentity = [...files].filter(([, specifiers]) => specifiers.includes("@azure/identity"));
    expect(loadingIdentity.map(([file]) => relative(root, file))).toEqual(["lib/adopt/sign-in.ts"]);
  });
});
