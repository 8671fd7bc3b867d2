import {
  type GraphPermission,
  CORSO_PERMISSIONS,
  DELEGATED_ONLY_PERMISSIONS,
  GRAPH_PERMISSIONS,
  corsoUsesOf,
  describeCorsoEvidence,
  findGraphPermission,
} from "../../lib";

const ACCESS_ORDER = ["read", "read-write", "full-control"];

describe("the Graph permission catalog", () => {
  it("holds Corso's documented 14 permissions, in the guide's order", () => {
    expect(CORSO_PERMISSIONS).toEqual([
      "Calendars.ReadWrite",
      "ChannelMessage.Read.All",
      "ChannelSettings.Read.All",
      "Chat.Read.All",
      "Contacts.ReadWrite",
      "Directory.Read.All",
      "Files.ReadWrite.All",
      "MailboxSettings.Read",
      "Mail.ReadWrite",
      "Member.Read.Hidden",
      "Sites.FullControl.All",
      "TeamMember.Read.All",
      "TeamSettings.Read.All",
      "User.Read.All",
    ]);
    for (const name of CORSO_PERMISSIONS) {
      expect(findGraphPermission(name)?.usedFor.length).toBeGreaterThan(0);
    }
  });

  it("knows the read-only variants and Group-Conversation.Read.All", () => {
    for (const name of ["Calendars.Read", "Contacts.Read", "Files.Read.All", "Mail.Read", "Sites.Read.All"]) {
      expect(findGraphPermission(name)?.access).toBe("read");
    }
    expect(findGraphPermission("Group-Conversation.Read.All")).toMatchObject({ access: "read", usedFor: ["groups"] });
  });

  it("marks Sites.FullControl.All as full control and the ReadWrite permissions as read-write", () => {
    expect(findGraphPermission("Sites.FullControl.All")?.access).toBe("full-control");
    for (const permission of GRAPH_PERMISSIONS.filter((p) => p.name.includes("ReadWrite"))) {
      expect(permission.access).toBe("read-write");
    }
  });

  it("is sorted by name and lists each permission once", () => {
    const names = GRAPH_PERMISSIONS.map((p) => p.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives each narrower permission a wider one that Corso requests", () => {
    for (const permission of GRAPH_PERMISSIONS.filter((p) => p.narrowerThan !== undefined)) {
      const wider = findGraphPermission(permission.narrowerThan as string);
      expect(wider?.usedFor.length).toBeGreaterThan(0);
      expect(ACCESS_ORDER.indexOf(wider?.access as string)).toBeGreaterThan(ACCESS_ORDER.indexOf(permission.access));
      expect(corsoUsesOf(permission)).toEqual(wider?.usedFor);
    }
  });

  it("describes every permission in one line of its own", () => {
    const descriptions = GRAPH_PERMISSIONS.map((p) => p.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
    for (const description of descriptions) {
      expect(description).toMatch(/^[A-Z][^\n]{10,100}\.$/);
    }
  });

  it("tells the permissions Corso's code calls from those only its guide lists", () => {
    const documentedOnly = GRAPH_PERMISSIONS.filter((p) => p.corso.basis === "documentation").map((p) => p.name);
    expect(documentedOnly).toEqual(["Member.Read.Hidden", "TeamMember.Read.All", "TeamSettings.Read.All"]);
    for (const name of documentedOnly) {
      expect(CORSO_PERMISSIONS).toContain(name);
    }
    const evidence = GRAPH_PERMISSIONS.map((p) => p.corso.evidence);
    expect(new Set(evidence).size).toBe(evidence.length);
    for (const text of evidence) {
      expect(text).toMatch(/^[a-zA-Z][^\n|]{20,110}[^.]$/);
    }
  });

  it("says why each permission is there in a reviewer's words", () => {
    expect(describeCorsoEvidence(findGraphPermission("User.Read.All") as GraphPermission)).toBe(
      "called by Corso's code for finding users (GET /users, GET /users/{id})",
    );
    expect(describeCorsoEvidence(findGraphPermission("Member.Read.Hidden") as GraphPermission)).toBe(
      "listed in Corso's documentation, not called by its code: Corso never reads a group's members",
    );
    expect(describeCorsoEvidence(findGraphPermission("MailboxSettings.Read") as GraphPermission)).toContain(
      "goes on if it is denied",
    );
  });

  it("serves SharePoint and group libraries with Files.ReadWrite.All, and its read-only variant alike", () => {
    expect(findGraphPermission("Files.ReadWrite.All")?.usedFor).toEqual(["onedrive", "sharepoint", "groups"]);
    expect(corsoUsesOf(findGraphPermission("Files.Read.All") as GraphPermission)).toEqual([
      "onedrive",
      "sharepoint",
      "groups",
    ]);
  });

  it("keeps delegated-only permissions out of the catalog", () => {
    for (const name of DELEGATED_ONLY_PERMISSIONS) {
      expect(findGraphPermission(name)).toBeUndefined();
    }
  });
});
