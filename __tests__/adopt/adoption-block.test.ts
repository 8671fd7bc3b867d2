import { type ExistingRegistration, adoptionOf } from "../../lib/adopt";
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
        `(az ad app owner add --id ${HAND_MADE.appId} --owner-object-id ${stranger}) or deploy with Application.ReadWrite.All; ` +
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
