import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCorsoConfig } from "../../lib/app/config-file";

describe("readCorsoConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "corso-config-"));

  it("keeps the default stack when there is no corso.config.json", () => {
    expect(readCorsoConfig(join(dir, "corso.config.json"), false)).toBeUndefined();
  });

  it("fails when the file named by CORSO_CONFIG is missing", () => {
    expect(() => readCorsoConfig(join(dir, "prod.json"), true)).toThrow(
      `${join(dir, "prod.json")}: no such file (named by CORSO_CONFIG)`,
    );
  });

  it("reads a file saved with a UTF-8 byte order mark", () => {
    const file = join(dir, "bom.json");
    writeFileSync(
      file,
      `\uFEFF${JSON.stringify({ tenants: [{ name: "contoso", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" }] })}`,
    );
    expect(readCorsoConfig(file, true)?.tenants[0].name).toBe("contoso");
  });

  it("fails in one line when the config names a directory", () => {
    expect(() => readCorsoConfig(dir, true)).toThrow(`cannot read ${dir}: it is a directory`);
  });

  it("reads and checks a file that exists", () => {
    const file = join(dir, "corso.config.json");
    writeFileSync(
      file,
      JSON.stringify({ tenants: [{ name: "contoso", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" }] }),
    );
    expect(readCorsoConfig(file, false)?.tenants.map((t) => t.name)).toEqual(["contoso"]);
    writeFileSync(file, JSON.stringify({ tenants: [{ name: "contoso" }] }));
    expect(() => readCorsoConfig(file, false)).toThrow("tenants[0].tenantId: required: expected string");
  });
});
