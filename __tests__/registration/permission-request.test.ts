import { CORSO_PERMISSIONS } from "../../lib";
import { PermissionRequest, chosenServices, resolvePermissions } from "../../lib/registration/permission-request";
import { Token } from "cdktf";

function resolve(request: PermissionRequest): { permissions: string[]; problems: string[] } {
  const problems: string[] = [];
  const permissions = resolvePermissions(request, problems);
  return { permissions, problems };
}

describe("resolvePermissions", () => {
  it("grants Corso's documented 14 when neither permissions nor services are given", () => {
    expect(resolve({})).toEqual({ permissions: [...CORSO_PERMISSIONS].sort(), problems: [] });
  });

  it("sorts explicit permissions so that reordering the list changes nothing", () => {
    expect(resolve({ permissions: ["User.Read.All", "Mail.Read"] }).permissions).toEqual([
      "Mail.Read",
      "User.Read.All",
    ]);
  });

  it("rejects an unknown permission and suggests the closest known one", () => {
    expect(resolve({ permissions: ["Mail.ReadWrit"] }).problems).toEqual([
      "unknown Microsoft Graph permission 'Mail.ReadWrit' in permissions: did you mean 'Mail.ReadWrite'?",
    ]);
    expect(resolve({ permissions: ["sites.fullcontrol.all"] }).problems).toEqual([
      "unknown Microsoft Graph permission 'sites.fullcontrol.all' in permissions: did you mean 'Sites.FullControl.All'?",
    ]);
  });

  it("lists the known permissions when nothing is close", () => {
    const [problem] = resolve({ permissions: ["Bookings.Manage.All"] }).problems;
    expect(problem).toMatch(
      /^unknown Microsoft Graph permission 'Bookings.Manage.All' in permissions: expected one of /,
    );
    expect(problem).toContain("Calendars.ReadWrite, ChannelMessage.Read.All");
  });

  it("rejects a delegated-only permission and points to the application one", () => {
    expect(resolve({ permissions: ["User.Read"] }).problems).toEqual([
      "'User.Read' in permissions is a delegated permission, which needs a signed-in user; " +
        "Corso runs unattended and needs application permissions: did you mean 'User.Read.All'?",
    ]);
  });

  it("rejects duplicates and an empty list", () => {
    expect(resolve({ permissions: ["Mail.Read", "Mail.Read"] }).problems).toEqual([
      "'Mail.Read' appears more than once in permissions: list each one once",
    ]);
    expect(resolve({ permissions: [] }).problems).toEqual([
      "permissions is empty: list at least one Microsoft Graph application permission, or leave it out for Corso's 14",
    ]);
  });

  it("passes a token permission through and rejects a token list", () => {
    const token = Token.asString({ Ref: "permission" });
    expect(resolve({ permissions: [token] })).toEqual({ permissions: [token], problems: [] });
    expect(resolve({ permissions: Token.asList({ Ref: "list" }) }).problems).toEqual([
      "permissions must be a list written out in code, not a token: each one becomes its own consent",
    ]);
  });

  it("rejects permissions and services together", () => {
    expect(resolve({ permissions: ["Mail.Read"], services: ["exchange"] }).problems).toEqual([
      "give either permissions or services, not both: services picks the permissions for you",
    ]);
  });

  it("rejects an unknown service and suggests the closest one", () => {
    expect(resolve({ services: ["exchnage"] }).problems).toEqual([
      "unknown Corso service 'exchnage' in services: did you mean 'exchange'?",
    ]);
    expect(resolve({ services: ["calendar"] }).problems).toEqual([
      "unknown Corso service 'calendar' in services: expected one of exchange, onedrive, sharepoint, groups, teams, chats",
    ]);
  });

  it("rejects an empty or repeated services list", () => {
    expect(resolve({ services: [] }).problems).toEqual([
      "services is empty: list at least one of exchange, onedrive, sharepoint, groups, teams, chats",
    ]);
    expect(resolve({ services: ["chats", "chats"] }).problems).toEqual([
      "'chats' appears more than once in services: list each one once",
    ]);
  });
});

describe("chosenServices", () => {
  it("takes the services given, teams being groups", () => {
    expect(chosenServices({ services: ["teams", "chats"] })).toEqual(["groups", "chats"]);
  });

  it("takes a service from a permission that serves it alone", () => {
    expect(chosenServices({ permissions: ["Chat.Read.All", "Directory.Read.All", "Files.ReadWrite.All"] })).toEqual([
      "chats",
    ]);
    expect(chosenServices({ permissions: ["Mail.Read"] })).toEqual(["exchange"]);
  });

  it("finds none in Corso's 14, the default", () => {
    expect(chosenServices({})).toEqual([]);
  });
});
