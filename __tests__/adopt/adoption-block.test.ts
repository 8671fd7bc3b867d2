import { execFileSync } from "node:child_process";
import { type ExistingRegistration, ShellCommandError, adoptionOf, shellQuote } from "../../lib/adopt";
import { CORSO_PERMISSIONS } from "../../lib/permissions";
import { HAND_MADE, SAMPLE_CONSENTS, SAMPLE_GRAPH } from "../support/hand-made-app";

const SP = HAND_MADE.servicePrincipal?.id as string;
const GRAPH_ROOT = "https://graph.microsoft.com";
const graphConsent = (permission: string | undefined, assignmentId: string) => ({
  assignmentId,
  appRoleId: permission === undefined ? "ffffffff-0000-4000-8000-000000000000" : SAMPLE_GRAPH.appRoleIds[permission],
  resourceObjectId: SAMPLE_GRAPH.id,
  resourceName: "Microsoft Graph",
  graphPermission: permission,
});
const EXISTING: ExistingRegistration = {
  displayName: "Corso Backup",
  clientId: HAND_MADE.appId,
  applicationObjectId: HAND_MADE.id,
  servicePrincipalObjectId: SP,
  owners: HAND_MADE.owners,
  graphObjectId: SAMPLE_GRAPH.id,
  consents: Object.entries(SAMPLE_CONSENTS).map(([p, id]) => graphConsent(p, id)),
};
const context = { requested: CORSO_PERMISSIONS, signedInObjectId: HAND_MADE.owners[0], graphEndpoint: GRAPH_ROOT };

describe("adoptionOf", () => {
  it("gives the app's ids, owners and each Graph consent by permission name, sorted, with nothing to warn about", () => {
    const { block, notes } = adoptionOf(EXISTING, context);
    expect(block).toEqual({
      clientId: HAND_MADE.appId,
      applicationObjectId: HAND_MADE.id,
      servicePrincipalObjectId: SP,
      consents: SAMPLE_CONSENTS,
      owners: HAND_MADE.owners,
    });
    expect(Object.keys(block.consents ?? {})).toEqual(Object.keys(SAMPLE_CONSENTS).sort());
    expect(notes).toEqual([]);
  });

  it("keeps a consent the registration does not request and says how to revoke it after the adoption", () => {
    const existing = { ...EXISTING, consents: [...EXISTING.consents, graphConsent("Mail.Read", "mail-read-id")] };
    const { block, notes } = adoptionOf(existing, context);
    expect(block.consents?.["Mail.Read"]).toBe("mail-read-id");
    expect(notes).toEqual([
      "'Mail.Read' is consented but the registration does not request it: after the adoption, revoke it with " +
        `az rest --method DELETE --url '${GRAPH_ROOT}/v1.0/servicePrincipals/${SP}/appRoleAssignments/mail-read-id'`,
    ]);
  });

  it("leaves out consents this project cannot manage and says so", () => {
    const existing = {
      ...EXISTING,
      consents: [
        graphConsent("Mail.Send", "send-id"),
        graphConsent(undefined, "unknown-id"),
        {
          ...graphConsent(undefined, "exo-id"),
          resourceObjectId: "e0e0e0e0-0000-4000-8000-000000000000",
          resourceName: "Office 365 Exchange Online",
        },
      ],
    };
    const { block, notes } = adoptionOf(existing, context);
    expect(block.consents).toBeUndefined();
    expect(notes).toEqual([
      "'Mail.Send' (Microsoft Graph) is consented but is no permission this project manages: it stays granted; revoke it with " +
        `az rest --method DELETE --url '${GRAPH_ROOT}/v1.0/servicePrincipals/${SP}/appRoleAssignments/send-id'`,
      "a consent to an unknown Microsoft Graph role ffffffff-0000-4000-8000-000000000000 stays as it is",
      "a consent to Office 365 Exchange Online (role ffffffff-0000-4000-8000-000000000000) stays as it is: only Microsoft Graph's are managed",
    ]);
  });

  it("warns when the signed-in identity is not an owner, with the command that makes it one", () => {
    const stranger = "5e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    expect(adoptionOf(EXISTING, { ...context, signedInObjectId: stranger }).notes).toEqual([
      `the signed-in identity (${stranger}) is not an owner of the application: if it also deploys, add it first ` +
        `(az ad app owner add --id '${HAND_MADE.appId}' --owner-object-id '${stranger}') or deploy with Application.ReadWrite.All; ` +
        "Application.ReadWrite.OwnedBy cannot update an app it does not own",
    ]);
    expect(adoptionOf(EXISTING, { ...context, signedInObjectId: undefined }).notes).toEqual([
      "could not tell who is signed in: make sure the identity that deploys is an owner of the application",
    ]);
  });

  it("leaves owners out of the block for an app without any", () => {
    const { block, notes } = adoptionOf({ ...EXISTING, owners: [] }, context);
    expect(block.owners).toBeUndefined();
    expect(notes).toEqual(["the application has no owners: the registration's owners become its owners"]);
  });
});

/** The words a POSIX shell passes to `az` when the command is pasted. */
function pasted(command: string): string[] {
  const out = execFileSync("sh", ["-c", `az() { printf '%s\\0' "$@"; }; ${command}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

describe("the commands adopt suggests", () => {
  const stranger = "5e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
  const unwanted = { ...EXISTING, consents: [...EXISTING.consents, graphConsent("Mail.Read", "mail-read-id")] };

  it("quote every value, so that the shell passes each to az as one word", () => {
    const endpoint = "https://graph.example/it's $(here)";
    const [revoke] = adoptionOf(unwanted, { ...context, graphEndpoint: endpoint }).notes;
    expect(pasted(revoke.replace(/^.* revoke it with /, ""))).toEqual([
      "rest",
      "--method",
      "DELETE",
      "--url",
      `${endpoint}/v1.0/servicePrincipals/${SP}/appRoleAssignments/mail-read-id`,
    ]);
    const [owner] = adoptionOf(EXISTING, { ...context, signedInObjectId: stranger }).notes;
    const add = /\((az ad app owner add .*)\) or deploy/.exec(owner)?.[1] as string;
    expect(add).toBe(`az ad app owner add --id '${HAND_MADE.appId}' --owner-object-id '${stranger}'`);
    expect(pasted(add)).toEqual(["ad", "app", "owner", "add", "--id", HAND_MADE.appId, "--owner-object-id", stranger]);
  });

  it("quotes a single quote the POSIX way", () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(pasted(`az ${shellQuote("a'b c'$(x)`")}`)).toEqual(["a'b c'$(x)`"]);
  });

  it("are refused, in one line, when an id is not of its form", () => {
    const hostile = { ...EXISTING, consents: [graphConsent("Mail.Read", "x'; touch pwned; '")] };
    expect(() => adoptionOf(hostile, context)).toThrow(ShellCommandError);
    expect(() => adoptionOf(hostile, context)).toThrow(
      "refusing to suggest a command with the app role assignment id 'x'; touch pwned; '': it is not an app role assignment id (letters, digits, '-' and '_')",
    );
    expect(() => adoptionOf({ ...unwanted, servicePrincipalObjectId: "sp\u001b[2K" }, context)).toThrow(
      "refusing to suggest a command with the service principal's object id 'sp\\u{001B}[2K': it is not a GUID",
    );
    expect(() => adoptionOf(EXISTING, { ...context, signedInObjectId: "me; id" })).toThrow(
      "refusing to suggest a command with the signed-in identity's object id (its token's oid) 'me; id': it is not a GUID",
    );
  });
});

describe("the notes adopt writes", () => {
  it("show Graph's names with control, bidirectional and invisible characters escaped", () => {
    const existing = {
      ...EXISTING,
      consents: [
        { ...graphConsent("Mail.Send", "send-id"), graphPermission: "Mail.Send\u001b[2K" },
        {
          ...graphConsent(undefined, "exo-id"),
          resourceObjectId: "e0e0e0e0-0000-4000-8000-000000000000",
          resourceName: "Exchange\u001b]0;owned\u0007\u202e",
        },
      ],
    };
    const { notes } = adoptionOf(existing, context);
    expect(notes[1]).toMatch(/^'Mail\.Send\\u\{001B\}\[2K' \(Microsoft Graph\) is consented/);
    expect(notes[0]).toBe(
      "a consent to Exchange\\u{001B}]0;owned\\u{0007}\\u{202E} (role ffffffff-0000-4000-8000-000000000000) stays as it is: only Microsoft Graph's are managed",
    );
  });
});
