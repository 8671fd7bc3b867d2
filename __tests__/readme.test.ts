import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GRAPH_PERMISSIONS, corsoUsesOf } from "../lib";

const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

describe("README", () => {
  it.each(["backup-stack.ts", "key-vault-stack.ts"])(
    "shows examples/%s, which the tests compile and run, unchanged",
    (file) => {
      const example = readFileSync(join(root, "examples", file), "utf8");
      expect(readme).toContain("```ts\n" + example + "```");
    },
  );

  it("lists every permission of the catalog with its service, access and description", () => {
    const rows = readme
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    for (const p of GRAPH_PERMISSIONS) {
      const service = corsoUsesOf(p).join(", ") || "—";
      expect(rows).toContainEqual([`\`${p.name}\``, service, p.access, p.description]);
    }
  });

  it("documents every field of corso.config.json", () => {
    const schema = JSON.parse(readFileSync(join(root, "corso.config.schema.json"), "utf8"));
    for (const field of Object.keys(schema.properties.tenants.items.properties)) {
      expect(readme).toMatch(new RegExp("`(tenants\\[\\]\\.)?" + field + "`"));
    }
  });

  it("documents every prop of the construct", () => {
    const source = readFileSync(join(root, "lib/registration/registration-props.ts"), "utf8");
    const props = [...source.matchAll(/^ {2}readonly (\w+)\?:/gm)].map((m) => m[1]);
    expect(props.length).toBeGreaterThan(8);
    for (const prop of props) {
      expect(readme).toMatch(new RegExp("\\| `" + prop + "` +\\|"));
    }
  });

  it("gives a two-command quick start", () => {
    expect(readme).toMatch(/```sh\nnpm ci && npm run synth .*\nnpm test .*\n```/);
  });
});
