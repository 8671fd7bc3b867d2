import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReviewInputError } from "../../lib/review/json-input";
import { readSynthesis } from "../../lib/review/synthesis";
import { synthesizeTo } from "../support/synthesis";

/** Every file below a directory, path -> contents. */
function filesOf(dir: string, prefix = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) Object.assign(files, filesOf(dir, path));
    else files[path] = readFileSync(join(dir, path), "utf8");
  }
  return files;
}

describe("readSynthesis", () => {
  it("reads each stack's registrations, permissions, secret and state from the JSON", () => {
    const review = readSynthesis(
      synthesizeTo({
        lab: { backend: { type: "cloud", organization: "acme" }, registration: { services: ["chats"] } },
      }),
    );
    expect(review.stacks.map((s) => s.name)).toEqual(["lab"]);
    const [stack] = review.stacks;
    expect(stack.state).toEqual({ kind: "cloud", organization: "acme", workspace: "corso-lab" });
    const [registration] = stack.registrations;
    expect(registration.permissions.map((p) => [p.name, p.type, p.catalog?.access])).toEqual([
      ["Chat.Read.All", "Role", "read"],
      ["Directory.Read.All", "Role", "read"],
      ["User.Read.All", "Role", "read"],
    ]);
    expect(registration.secret).toEqual({ slots: 2, lifetimeDays: 180, rotationDays: 90 });
    expect(stack.addresses).toContain(registration.address);
  });

  it("fails with a clear message on a directory that is not a synthesis", () => {
    const empty = mkdtempSync(join(tmpdir(), "corso-empty-"));
    expect(() => readSynthesis(empty)).toThrow(
      new ReviewInputError(`${empty}/manifest.json: cannot read it: no such file`),
    );
    mkdirSync(join(empty, "stacks/broken"), { recursive: true });
    writeFileSync(
      join(empty, "manifest.json"),
      JSON.stringify({ stacks: { broken: { synthesizedStackPath: "stacks/broken/cdk.tf.json" } } }),
    );
    writeFileSync(join(empty, "stacks/broken/cdk.tf.json"), "{");
    expect(() => readSynthesis(empty)).toThrow(
      new ReviewInputError(`${empty}/stacks/broken/cdk.tf.json: not valid JSON (line 1, column 2)`),
    );
  });
});

describe("deterministic synthesis", () => {
  const tenants = {
    contoso: { registration: { permissions: ["User.Read.All", "Mail.Read", "Files.Read.All"] } },
    fabrikam: { backend: { type: "azurerm" as const, storageAccountName: "st", containerName: "c" } },
  };

  it("writes byte-identical files, keys and resources in the same order, on every run", () => {
    expect(filesOf(synthesizeTo(tenants))).toEqual(filesOf(synthesizeTo(tenants)));
  });

  it("does not depend on the order permissions are listed in", () => {
    const reordered = {
      ...tenants,
      contoso: { registration: { permissions: ["Files.Read.All", "Mail.Read", "User.Read.All"] } },
    };
    expect(filesOf(synthesizeTo(reordered))).toEqual(filesOf(synthesizeTo(tenants)));
  });
});
