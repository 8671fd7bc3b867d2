import { CORSO_PERMISSIONS, CorsoAppRegistration, permissionsForServices } from "../../lib";
import { newStack, onlyResource, synth } from "../support/synth";

const DISCOVERY = ["Directory.Read.All", "Member.Read.Hidden", "User.Read.All"];
const sorted = (names: string[]) => [...names].sort();

describe("permissions per Corso service", () => {
  it("exchange: discovery plus mail, contacts, calendars and mailbox settings", () => {
    expect(permissionsForServices(["exchange"])).toEqual(
      sorted([...DISCOVERY, "Mail.ReadWrite", "Contacts.ReadWrite", "Calendars.ReadWrite", "MailboxSettings.Read"]),
    );
  });

  it("onedrive: discovery plus Files.ReadWrite.All", () => {
    expect(permissionsForServices(["onedrive"])).toEqual(sorted([...DISCOVERY, "Files.ReadWrite.All"]));
  });

  it("sharepoint: discovery plus Sites.FullControl.All", () => {
    expect(permissionsForServices(["sharepoint"])).toEqual(sorted([...DISCOVERY, "Sites.FullControl.All"]));
  });

  it("groups: discovery plus channels, teams, group libraries and group mailboxes", () => {
    expect(permissionsForServices(["groups"])).toEqual(
      sorted([
        ...DISCOVERY,
        "ChannelMessage.Read.All",
        "ChannelSettings.Read.All",
        "TeamMember.Read.All",
        "TeamSettings.Read.All",
        "Sites.FullControl.All",
        "Group-Conversation.Read.All",
      ]),
    );
  });

  it("teams: the same as groups", () => {
    expect(permissionsForServices(["teams"])).toEqual(permissionsForServices(["groups"]));
  });

  it("chats: discovery plus Chat.Read.All", () => {
    expect(permissionsForServices(["chats"])).toEqual(sorted([...DISCOVERY, "Chat.Read.All"]));
  });

  it("a combination is the union, each permission once", () => {
    expect(permissionsForServices(["sharepoint", "groups"])).toEqual(permissionsForServices(["groups"]));
    expect(permissionsForServices(["exchange", "onedrive"])).toEqual(
      sorted([...permissionsForServices(["exchange"]), "Files.ReadWrite.All"]),
    );
  });

  it("all services are Corso's 14 plus the Group-Conversation.Read.All they lack", () => {
    expect(permissionsForServices(["exchange", "onedrive", "sharepoint", "groups", "chats"])).toEqual(
      sorted([...CORSO_PERMISSIONS, "Group-Conversation.Read.All"]),
    );
  });

  it("synthesizes exactly the service's permissions and consents", () => {
    const stack = newStack();
    new CorsoAppRegistration(stack, "Corso", { services: ["onedrive"] });
    const json = synth(stack);
    const access = onlyResource(json, "azuread_application").required_resource_access as {
      resource_access: { id: string }[];
    }[];
    const names = access[0].resource_access.map((a) => /app_role_ids\["(.+)"\]/.exec(a.id)?.[1]);
    expect(names).toEqual(sorted([...DISCOVERY, "Files.ReadWrite.All"]));
    expect(Object.keys(json.resource.azuread_app_role_assignment)).toHaveLength(4);
  });
});
