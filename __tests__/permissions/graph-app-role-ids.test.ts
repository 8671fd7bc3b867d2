import {
  GRAPH_PERMISSIONS,
  GRAPH_PERMISSION_ID_COUNTS,
  graphAppRoleId,
  graphAppRoleName,
  graphDelegatedScopeName,
} from "../../lib/permissions";

describe("published Microsoft Graph permission ids", () => {
  it("names the app roles Microsoft publishes, whatever the id's letter case", () => {
    expect(graphAppRoleName("4f0a8235-6f6f-4ec7-9500-34b452a4a0c3")).toBe("Group-Conversation.Read.All");
    expect(graphAppRoleName("19DBC75E-C2E2-444C-A770-EC69D8559FC7")).toBe("Directory.ReadWrite.All");
    expect(graphAppRoleId("Mail.ReadWrite")).toBe("e2a3a72e-5f79-4c64-b1b1-878b674786c9");
  });

  it("knows every permission of the catalog and the high-privilege ones a hostile change would ask for", () => {
    const highPrivilege = [
      "Directory.ReadWrite.All",
      "Application.ReadWrite.All",
      "AppRoleAssignment.ReadWrite.All",
      "RoleManagement.ReadWrite.Directory",
      "Mail.Send",
      "User.ReadWrite.All",
      "Group.ReadWrite.All",
      "Sites.ReadWrite.All",
      "Files.ReadWrite.All",
    ];
    for (const name of [...GRAPH_PERMISSIONS.map((p) => p.name), ...highPrivilege]) {
      const id = graphAppRoleId(name);
      expect([name, id && graphAppRoleName(id)]).toEqual([name, name]);
    }
    expect(GRAPH_PERMISSION_ID_COUNTS.appRoles).toBeGreaterThan(600);
  });

  it("tells delegated scopes from app roles, and leaves an unknown id unknown", () => {
    expect(graphDelegatedScopeName("e1fe6dd8-ba31-4d61-89e7-88639da4683d")).toBe("User.Read");
    expect(graphAppRoleName("e1fe6dd8-ba31-4d61-89e7-88639da4683d")).toBeUndefined();
    expect(graphAppRoleName("00000000-1111-2222-3333-444444444444")).toBeUndefined();
  });
});
