import { TerraformVariable, Token } from "cdktf";
import { CorsoAppRegistration, CorsoAppRegistrationProps, CorsoValidationError } from "../../lib";
import { findRegistrationProblems, validateRegistrationProps } from "../../lib/registration/registration-props";
import { newStack, onlyResource, synth } from "../support/synth";

function problemsOf(props: CorsoAppRegistrationProps): readonly string[] {
  try {
    validateRegistrationProps(props);
  } catch (error) {
    if (error instanceof CorsoValidationError) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

describe("validateRegistrationProps", () => {
  it("applies Corso's defaults", () => {
    expect(validateRegistrationProps({})).toMatchObject({
      displayName: "Corso Backup",
      secretLifetimeDays: 180,
      secretRotationDays: 90,
      secretSlots: 2,
      owners: undefined,
      deployerIsOwner: true,
    });
  });

  it("checks each prop's type first, for callers without TypeScript", () => {
    expect(problemsOf({ notes: 42, tags: "a,b", owners: [null] } as never)).toEqual([
      "owners[0] must be a string, got null",
      "notes must be a string, got 42",
      "tags must be a list of strings, got 'a,b'",
    ]);
    expect(() => validateRegistrationProps(null as never)).toThrow(
      "CorsoAppRegistration: props must be an object, got null",
    );
  });

  it("rejects an empty display name", () => {
    expect(problemsOf({ displayName: "  " })).toEqual([
      "displayName '  ' is empty: give the name shown in Entra ID > App registrations",
    ]);
  });

  it("rejects a display name longer than Entra ID's 256 characters", () => {
    expect(problemsOf({ displayName: "x".repeat(256) })).toEqual([]);
    expect(problemsOf({ displayName: "x".repeat(257) })).toEqual([
      "displayName is 257 characters long ('xxxxxxxxxxxxxxxxxxxx...'): Entra ID allows at most 256",
    ]);
  });

  it("rejects an owner that is not a GUID", () => {
    expect(problemsOf({ owners: ["alice@contoso.com"] })).toEqual([
      "owner 'alice@contoso.com' in owners is not a GUID: give the object id of a user or service principal",
    ]);
  });

  it("rejects the same owner twice and an empty owners list", () => {
    const owner = "11111111-2222-4333-8444-555555555555";
    expect(problemsOf({ owners: [owner, owner.toUpperCase()] })).toEqual([
      `owner '${owner.toUpperCase()}' appears more than once in owners`,
    ]);
    expect(problemsOf({ owners: [] })).toEqual([
      "owners is empty: list owners' object ids, or leave it out to make the deploying identity the owner",
    ]);
  });

  it.each([0, 731, 1.5, Number.NaN])("rejects a secret lifetime of %p days", (days) => {
    expect(problemsOf({ secretLifetimeDays: days, secretRotationDays: 1 })).toEqual([
      `secretLifetimeDays ${String(days)} is out of range: give a whole number of days from 1 to 730`,
    ]);
  });

  it("rejects a rotation period out of range", () => {
    expect(problemsOf({ secretRotationDays: -3 })).toEqual([
      "secretRotationDays -3 is out of range: give a whole number of days from 1 to 730",
    ]);
  });

  it("rejects a rotation period that is not shorter than the lifetime", () => {
    expect(problemsOf({ secretLifetimeDays: 30, secretRotationDays: 30 })).toEqual([
      "secretRotationDays (30) must be less than secretLifetimeDays (30), so that a new secret exists before the old one expires",
    ]);
  });

  it("rejects two slots whose lifetime is shorter than 1.5 rotation periods", () => {
    expect(problemsOf({ secretLifetimeDays: 100, secretRotationDays: 90, secretSlots: 1 })).toEqual([]);
    expect(problemsOf({ secretLifetimeDays: 135, secretRotationDays: 90 })).toEqual([]);
    expect(problemsOf({ secretLifetimeDays: 134, secretRotationDays: 90 })).toEqual([
      "secretLifetimeDays (134) must be at least 1.5 times secretRotationDays (90) with two secret slots, " +
        "so that the newer secret always has half a rotation period left",
    ]);
  });

  it("rejects a number of secret slots other than 1 or 2", () => {
    expect(problemsOf({ secretSlots: 3 as 2 })).toEqual([
      "secretSlots 3 is not allowed: give 2 for overlapping secrets or 1 for a single one",
    ]);
  });

  it("rejects empty or over-long notes and references, and empty or repeated tags", () => {
    expect(problemsOf({ notes: "", serviceManagementReference: "x".repeat(257) })).toEqual([
      "notes '' is empty: leave it out or give some text",
      "serviceManagementReference is 257 characters long: Entra ID allows at most 256",
    ]);
    expect(problemsOf({ notes: "n".repeat(1025) })).toEqual([
      "notes is 1025 characters long: Entra ID allows at most 1024",
    ]);
    expect(problemsOf({ tags: ["backup", " ", "backup"] })).toEqual([
      "tag ' ' in tags is empty: each tag needs some text",
      "tag 'backup' appears more than once in tags",
    ]);
  });

  it("rejects an apostrophe in the display name, which the provider's duplicate-name check cannot quote", () => {
    expect(problemsOf({ displayName: "Contoso's Corso Backup" })).toEqual([
      "displayName 'Contoso's Corso Backup' contains an apostrophe ('), which the azuread provider's duplicate-name " +
        "check (always on here) cannot quote, so every plan would fail: leave it out or use the typographic \u2019 (U+2019)",
    ]);
    expect(problemsOf({ displayName: `Contoso's ${Token.asString({ Ref: "env" })}` })).toHaveLength(1);
    expect(problemsOf({ displayName: "Contoso\u2019s Corso Backup" })).toEqual([]);
  });

  it("rejects tags Entra ID refuses: longer than 256 characters, with whitespace, or more than 100", () => {
    expect(problemsOf({ tags: ["x".repeat(256), "team:platform"] })).toEqual([]);
    expect(problemsOf({ tags: ["x".repeat(257), "two words"] })).toEqual([
      `tag '${"x".repeat(57)}...' in tags is 257 characters long: Entra ID allows at most 256`,
      "tag 'two words' in tags contains whitespace, which Entra ID does not allow in tags",
    ]);
    expect(problemsOf({ tags: Array.from({ length: 101 }, (_, i) => `t${i}`) })).toEqual([
      "tags has 101 entries: at most 100 (an application holds about 1000 items in all its lists together)",
    ]);
  });

  it("needs owners when the deploying identity is left out, and at most the provider's 100 owners", () => {
    expect(problemsOf({ deployerIsOwner: false })).toEqual([
      "deployerIsOwner is false but owners lists no one: the application would have no owner; list its owners' object ids",
    ]);
    const owners = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    expect(problemsOf({ owners, deployerIsOwner: false })).toEqual([]);
    expect(problemsOf({ owners })).toEqual([
      "owners has 100 entries: the azuread provider takes at most 100 owners, the deploying identity included",
    ]);
  });

  it("names fields by the labels of their source", () => {
    expect(
      findRegistrationProblems(
        { secretLifetimeDays: 10, secretRotationDays: 20 },
        { secretLifetimeDays: "tenants[0].secret.lifetimeDays", secretRotationDays: "tenants[0].secret.rotationDays" },
      ),
    ).toEqual([
      "tenants[0].secret.rotationDays (20) must be less than tenants[0].secret.lifetimeDays (10), so that a new secret exists before the old one expires",
    ]);
  });

  it("reports every problem of one input together", () => {
    expect(() =>
      validateRegistrationProps({ displayName: "", owners: ["me"], permissions: ["Mail.ReadWrit"] }),
    ).toThrow(
      "CorsoAppRegistration: 3 problems:\n" +
        "  - displayName '' is empty: give the name shown in Entra ID > App registrations\n" +
        "  - unknown Microsoft Graph permission 'Mail.ReadWrit' in permissions: did you mean 'Mail.ReadWrite'?\n" +
        "  - owner 'me' in owners is not a GUID: give the object id of a user or service principal",
    );
  });

  it("lets tokens through unvalidated", () => {
    const stack = newStack();
    new CorsoAppRegistration(stack, "Corso", {
      displayName: Token.asString({ Ref: "name" }),
      owners: [Token.asString({ Ref: "owner" })],
      secretLifetimeDays: Token.asNumber({ Ref: "days" }),
    });
    expect(stack.node.findChild("Corso")).toBeDefined();
  });

  it("computes a token lifetime's end date in Terraform", () => {
    const stack = newStack();
    const days = new TerraformVariable(stack, "days", { type: "number" }).numberValue;
    new CorsoAppRegistration(stack, "Corso", { secretLifetimeDays: days, secretSlots: 1 });
    expect(onlyResource(synth(stack), "azuread_application_password").end_date).toMatch(
      /^\$\{timeadd\(time_rotating\.\w+\.id, format\("%dh", \(var\.days \* 24\)\)\)\}$/,
    );
  });

  it("throws at construction, before anything is added to the stack", () => {
    const stack = newStack();
    expect(() => new CorsoAppRegistration(stack, "Corso", { secretRotationDays: 0 })).toThrow(CorsoValidationError);
    expect(stack.node.tryFindChild("Corso")?.node.children ?? []).toHaveLength(0);
  });
});
