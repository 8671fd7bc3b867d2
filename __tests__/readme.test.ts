import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GRAPH_PERMISSIONS, corsoUsesOf, describeCorsoEvidence, permissionsForServices } from "../lib";

const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const rows = readme
  .split("\n")
  .filter((line) => line.startsWith("| `"))
  .map((line) =>
    line
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );

describe("README", () => {
  it.each(["backup-stack.ts", "key-vault-stack.ts"])(
    "shows examples/%s, which the tests compile and run, unchanged",
    (file) => {
      const example = readFileSync(join(root, "examples", file), "utf8");
      expect(readme).toContain("```ts\n" + example + "```");
    },
  );

  it("lists every permission of the catalog with its service, access, evidence from Corso's source and description", () => {
    for (const p of GRAPH_PERMISSIONS) {
      const service = corsoUsesOf(p).join(", ") || "—";
      expect(rows).toContainEqual([`\`${p.name}\``, service, p.access, describeCorsoEvidence(p), p.description]);
    }
  });

  it("lists what each Corso service adds to discovery's permissions, exactly as synthesized", () => {
    const discovery = permissionsForServices([]);
    expect(discovery).toEqual(["Directory.Read.All", "User.Read.All"]);
    expect(readme).toContain("`User.Read.All` and `Directory.Read.All`; each service adds:");
    for (const service of ["exchange", "onedrive", "sharepoint", "groups", "chats"] as const) {
      const row = rows.find((cells) => cells[0].startsWith(`\`${service}\``));
      const adds = permissionsForServices([service]).filter((p) => !discovery.includes(p));
      expect(row?.[1]).toBe(adds.map((p) => `\`${p}\``).join(", "));
    }
  });

  it("says in the service table that Corso's chats backup is pre-release and backup only", () => {
    const chats = rows.find((cells) => cells[0] === "`chats`");
    expect(chats?.[2]).toBe(
      "**pre-release**, hidden, may not work: backup only, no restore or export (synthesis warns)",
    );
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
