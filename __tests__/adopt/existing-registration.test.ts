import { AdoptionError, GraphClient, GraphError, readExistingRegistration } from "../../lib/adopt";
import {
  type DoubleApplication,
  type DoubleFault,
  type GraphDouble,
  startGraphDouble,
  tokenFor,
} from "../support/graph-double";
import { HAND_MADE, SAMPLE_CONSENTS, SAMPLE_GRAPH, graphConsent } from "../support/hand-made-app";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const TOKEN = tokenFor(HAND_MADE.owners[0]);
const OTHER: DoubleApplication = {
  id: "c1c1c1c1-0000-4000-8000-000000000001",
  appId: "c2c2c2c2-0000-4000-8000-000000000002",
  displayName: "Contoso's Corso",
  owners: [],
  servicePrincipal: { id: "c3c3c3c3-0000-4000-8000-000000000003", assignments: [] },
};

let double: GraphDouble | undefined;
const started: GraphDouble[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((d) => d.close()));
});

async function reading(
  applications: DoubleApplication[],
  query: Parameters<typeof readExistingRegistration>[1],
  faults: DoubleFault[] = [],
) {
  double = await startGraphDouble({ applications, graph: SAMPLE_GRAPH, token: TOKEN, pageSize: 3, faults });
  started.push(double);
  const graph = new GraphClient({
    endpoint: double.url,
    credential: { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: 0 }) },
  });
  return readExistingRegistration(graph, query, TENANT);
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("readExistingRegistration", () => {
  it("reads the application, its service principal, owners and consents, naming each Graph permission", async () => {
    const existing = await reading([HAND_MADE, OTHER], { clientId: HAND_MADE.appId });
    expect(existing).toEqual({
      displayName: "Corso Backup",
      clientId: HAND_MADE.appId,
      applicationObjectId: HAND_MADE.id,
      servicePrincipalObjectId: HAND_MADE.servicePrincipal?.id,
      owners: HAND_MADE.owners,
      graphObjectId: SAMPLE_GRAPH.id,
      consents: Object.entries(SAMPLE_CONSENTS).map(([permission, assignmentId]) => ({
        assignmentId,
        appRoleId: SAMPLE_GRAPH.appRoleIds[permission],
        resourceObjectId: SAMPLE_GRAPH.id,
        resourceName: "Microsoft Graph",
        graphPermission: permission,
      })),
    });
    expect(double?.requests).toEqual([
      `/v1.0/applications?$filter=appId eq '${HAND_MADE.appId}'&$select=id,appId,displayName`,
      `/v1.0/servicePrincipals?$filter=appId eq '${HAND_MADE.appId}'&$select=id,appId`,
      `/v1.0/applications/${HAND_MADE.id}/owners?$select=id`,
      "/v1.0/servicePrincipals?$filter=appId eq '00000003-0000-0000-c000-000000000000'&$select=id,appRoles",
      `/v1.0/servicePrincipals/${HAND_MADE.servicePrincipal?.id}/appRoleAssignments`,
      `/v1.0/servicePrincipals/${HAND_MADE.servicePrincipal?.id}/appRoleAssignments?$skiptoken=3`,
    ]);
  });

  it("finds an application by a display name with an apostrophe, quoted for OData", async () => {
    const existing = await reading([HAND_MADE, OTHER], { displayName: "Contoso's Corso" });
    expect(existing.clientId).toBe(OTHER.appId);
    expect(double?.requests[0]).toBe(
      "/v1.0/applications?$filter=displayName eq 'Contoso''s Corso'&$select=id,appId,displayName",
    );
  });

  it("fails when no application has that client id or name", async () => {
    const byId = await failureOf(reading([OTHER], { clientId: HAND_MADE.appId }));
    expect(byId).toBeInstanceOf(AdoptionError);
    expect(byId.message).toBe(
      `no application with client id ${HAND_MADE.appId} in tenant ${TENANT}: check the Application (client) id in Entra ID > App registrations and --tenant-id`,
    );
    expect((await failureOf(reading([OTHER], { displayName: "Corso Backup" }))).message).toBe(
      `no application with the name 'Corso Backup' in tenant ${TENANT}: check the name in Entra ID > App registrations, or give --client-id and --tenant-id`,
    );
  });

  it("fails when several applications have that name, listing their client ids", async () => {
    const twin = { ...OTHER, displayName: "Corso Backup" };
    const error = await failureOf(reading([HAND_MADE, twin], { displayName: "Corso Backup" }));
    expect(error.message).toBe(
      `2 applications have the name 'Corso Backup' in tenant ${TENANT} (client ids ${HAND_MADE.appId}, ${OTHER.appId}): give the one Corso uses with --client-id`,
    );
  });

  it("fails when the application has no service principal, saying how to make one", async () => {
    const error = await failureOf(
      reading([{ ...HAND_MADE, servicePrincipal: undefined }], { clientId: HAND_MADE.appId }),
    );
    expect(error.message).toBe(
      `application 'Corso Backup' (client id ${HAND_MADE.appId}) has no service principal in tenant ${TENANT}, ` +
        `so it was never granted consent there: create one (az ad sp create --id '${HAND_MADE.appId}') and run corso-adopt again`,
    );
  });

  it("fails without Application.Read.All, naming it", async () => {
    double = await startGraphDouble({
      applications: [HAND_MADE],
      graph: SAMPLE_GRAPH,
      token: TOKEN,
      faults: [
        {
          path: "/v1.0/servicePrincipals",
          times: 1,
          status: 403,
          body: {
            error: {
              code: "Authorization_RequestDenied",
              message: "Insufficient privileges to complete the operation.",
            },
          },
        },
      ],
    });
    started.push(double);
    const graph = new GraphClient({
      endpoint: double.url,
      credential: { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: 0 }) },
    });
    const error = await failureOf(readExistingRegistration(graph, { clientId: HAND_MADE.appId }, TENANT));
    expect(error).toBeInstanceOf(GraphError);
    expect(error.message).toBe(
      `Microsoft Graph refused to read the service principal of 'Corso Backup' (client id ${HAND_MADE.appId}) ` +
        "(403 Authorization_RequestDenied: Insufficient privileges to complete the operation.): the signed-in identity " +
        "needs Application.Read.All (or, signed in as a user, a role that can read app registrations)",
    );
  });

  it("keeps consents to other APIs apart from Graph's", async () => {
    const exchange = {
      id: "x-assignment",
      appRoleId: "dc890d15-9560-4a4c-9b7f-a736ec74ec40",
      resourceId: "e0e0e0e0-0000-4000-8000-000000000000",
      resourceDisplayName: "Office 365 Exchange Online",
    };
    const app = {
      ...HAND_MADE,
      servicePrincipal: {
        id: OTHER.servicePrincipal?.id as string,
        assignments: [graphConsent("Mail.Read", "m"), exchange],
      },
    };
    const existing = await reading([app], { clientId: HAND_MADE.appId });
    expect(existing.consents.map((c) => [c.resourceName, c.graphPermission])).toEqual([
      ["Microsoft Graph", "Mail.Read"],
      ["Office 365 Exchange Online", undefined],
    ]);
  });
});

/** Graph answers the first request under `path` with these items, as a page of a list. */
const answering = (path: string, ...value: unknown[]): DoubleFault => ({
  path,
  times: 1,
  status: 200,
  body: { value },
});
const SP = HAND_MADE.servicePrincipal?.id as string;
const LABEL = `'Corso Backup' (client id ${HAND_MADE.appId})`;
const APP = { id: HAND_MADE.id, appId: HAND_MADE.appId, displayName: HAND_MADE.displayName };
const CONSENT = HAND_MADE.servicePrincipal?.assignments[0] as { id: string; appRoleId: string; resourceId: string };

describe("readExistingRegistration checks what Microsoft Graph answers", () => {
  it("refuses an application whose appId is not the client id asked for, naming both", async () => {
    const error = await failureOf(
      reading([HAND_MADE, OTHER], { clientId: HAND_MADE.appId }, [
        answering("/v1.0/applications", { ...APP, appId: OTHER.appId }),
      ]),
    );
    expect(error).toBeInstanceOf(AdoptionError);
    expect(error.message).toBe(
      `Microsoft Graph answered the search for client id ${HAND_MADE.appId} with an application whose appId is ${OTHER.appId}: ` +
        "refusing to adopt an app other than --client-id",
    );
  });

  it("refuses a service principal of another app than the one found by name, naming both", async () => {
    const error = await failureOf(
      reading([HAND_MADE], { displayName: "Corso Backup" }, [
        answering("/v1.0/servicePrincipals", { id: SP, appId: OTHER.appId }),
      ]),
    );
    expect(error.message).toBe(
      `Microsoft Graph gave for ${LABEL} a service principal of another app, appId ${OTHER.appId}: refusing to adopt it`,
    );
  });

  it.each([
    [
      "the application's id",
      "/v1.0/applications",
      { appId: APP.appId, displayName: APP.displayName },
      "id",
      `the application found with client id ${HAND_MADE.appId}`,
    ],
    [
      "the application's appId",
      "/v1.0/applications",
      { id: APP.id, displayName: APP.displayName },
      "appId",
      `the application found with client id ${HAND_MADE.appId}`,
    ],
    [
      "the service principal's id",
      "/v1.0/servicePrincipals",
      { appId: APP.appId },
      "id",
      `the service principal of ${LABEL}`,
    ],
    [
      "an assignment's id",
      `/v1.0/servicePrincipals/${SP}/appRoleAssignments`,
      { ...CONSENT, id: null },
      "id",
      `an admin consent (app role assignment) of ${LABEL}`,
    ],
    [
      "an owner's id",
      `/v1.0/applications/${HAND_MADE.id}/owners`,
      { "@odata.type": "#microsoft.graph.user" },
      "id",
      `an owner of ${LABEL}`,
    ],
  ])("fails naming what is missing when Graph leaves out %s", async (_, path, item, field, of) => {
    const error = await failureOf(reading([HAND_MADE], { clientId: HAND_MADE.appId }, [answering(path, item)]));
    expect(error).toBeInstanceOf(AdoptionError);
    expect(error.message).toBe(`Microsoft Graph's answer has no ${field} for ${of}: cannot adopt without it`);
  });

  it.each([
    [
      "an application id that is a Graph path",
      "/v1.0/applications",
      { ...APP, id: "../servicePrincipals" },
      "id '../servicePrincipals'",
      "a GUID",
    ],
    [
      "a client id holding a command",
      "/v1.0/servicePrincipals",
      { id: SP, appId: "x';touch pwned;'" },
      "appId 'x';touch pwned;''",
      "a GUID",
    ],
    [
      "an assignment id holding a command",
      `/v1.0/servicePrincipals/${SP}/appRoleAssignments`,
      { ...CONSENT, id: "a$(id)" },
      "id 'a$(id)'",
      "an app role assignment id (letters, digits, '-' and '_')",
    ],
    [
      "an owner id with an escape sequence",
      `/v1.0/applications/${HAND_MADE.id}/owners`,
      { id: "\u001b[2Kx" },
      "id '\\u{001B}[2Kx'",
      "a GUID",
    ],
  ])("refuses %s, showing it escaped", async (_, path, item, shown, expected) => {
    const error = await failureOf(reading([HAND_MADE], { clientId: HAND_MADE.appId }, [answering(path, item)]));
    expect(error).toBeInstanceOf(AdoptionError);
    expect(error.message).toMatch(
      new RegExp(
        `^Microsoft Graph's answer has ${escape(shown)} for .+, which is not ${escape(expected)}: refusing to use it$`,
      ),
    );
    expect(error.message).not.toContain("\u001b");
  });

  it("shows the application's name with its control characters escaped", async () => {
    const named = { ...HAND_MADE, displayName: "Corso\u001b]0;owned\u0007\u202e", servicePrincipal: undefined };
    const error = await failureOf(reading([named], { clientId: HAND_MADE.appId }));
    expect(error.message).toContain(
      `application 'Corso\\u{001B}]0;owned\\u{0007}\\u{202E}' (client id ${HAND_MADE.appId}) has no service principal`,
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
