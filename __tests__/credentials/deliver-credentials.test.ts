import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "smol-toml";
import { type CredentialsRequest, deliverCredentials } from "../../lib/credentials/deliver-credentials";

const ids = {
  AZURE_CLIENT_ID: "0b1f6471-1bf0-4dda-aec3-111122223333",
  AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
};
const terraformJson = (values: Record<string, string>) =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(values).map(([name, value]) => [name, { sensitive: true, type: "string", value }]),
    ),
  );

/** Runs a request with `stdin` as standard input; returns what was printed. */
async function deliver(request: CredentialsRequest, stdin: NodeJS.ReadableStream | string = ""): Promise<string> {
  let input = stdin;
  if (typeof input === "string") {
    const stream = new PassThrough();
    stream.end(input);
    input = stream;
  }
  let printed = "";
  await deliverCredentials(request, { stdin: input, stdout: { write: (text) => (printed += text) } });
  return printed;
}

describe("deliverCredentials", () => {
  it("reads all of standard input however slowly and in however many pieces it comes", async () => {
    // An unrelated output of 200 KB makes the JSON span many pipe buffers.
    const text = terraformJson({ ...ids, AZURE_CLIENT_SECRET: "s", notes: "n".repeat(200_000) });
    const stdin = new PassThrough();
    const printing = deliver({ format: "bash" }, stdin);
    for (let i = 0; i < text.length; i += 65_536) {
      await new Promise((resolve) => setTimeout(resolve, 15));
      stdin.write(text.slice(i, i + 65_536));
    }
    stdin.end();
    expect(await printing).toBe(
      `export AZURE_CLIENT_ID='${ids.AZURE_CLIENT_ID}'\nexport AZURE_TENANT_ID='${ids.AZURE_TENANT_ID}'\nexport AZURE_CLIENT_SECRET='s'\n`,
    );
  });

  it("reads outputs named otherwise, from a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-deliver-"));
    writeFileSync(
      join(dir, "outputs.json"),
      JSON.stringify({
        backup: { corso_client_id: ids.AZURE_CLIENT_ID, tenant: ids.AZURE_TENANT_ID, corso_client_secret: "s" },
      }),
    );
    const printed = await deliver({
      format: "powershell",
      from: join(dir, "outputs.json"),
      outputNames: { clientId: "corso_client_id", tenantId: "tenant", clientSecret: "corso_client_secret" },
    });
    expect(printed).toContain("$Env:AZURE_CLIENT_SECRET = 's'\n");
  });

  it("replaces an --out file with a new one of mode 0600 and prints nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-deliver-"));
    writeFileSync(join(dir, ".env"), "OLD=1\n", { mode: 0o644 });
    const printed = await deliver(
      { format: "dotenv", out: join(dir, ".env") },
      terraformJson({ ...ids, AZURE_CLIENT_SECRET: "s" }),
    );
    expect(printed).toBe("");
    expect(readFileSync(join(dir, ".env"), "utf8")).toBe(
      `AZURE_CLIENT_ID='${ids.AZURE_CLIENT_ID}'\nAZURE_TENANT_ID='${ids.AZURE_TENANT_ID}'\nAZURE_CLIENT_SECRET='s'\n`,
    );
    expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([".env"]);
  });

  it("merges into Corso's config file, passphrase included, and prints nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-deliver-"));
    const file = join(dir, ".corso.toml");
    writeFileSync(file, readFileSync(join(__dirname, "fixtures/repo-init-s3.corso.toml")));
    const printed = await deliver(
      { format: "toml", merge: file },
      terraformJson({ ...ids, AZURE_CLIENT_SECRET: "s", CORSO_PASSPHRASE: "p" }),
    );
    expect(printed).toBe("");
    expect(parse(readFileSync(file, "utf8"))).toMatchObject({
      provider: "S3",
      bucket: "contoso-corso-backups",
      azure_secret: "s",
      passphrase: "p",
    });
  });
});
