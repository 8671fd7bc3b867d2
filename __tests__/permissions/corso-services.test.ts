import { CORSO_PERMISSIONS, CorsoAppRegistration, permissionsForServices } from "../../lib";
import { newStack, onlyResource, synth } from "../support/synth";

const DISCOVERY = ["Directory.Read.All", "User.Read.All"];
// Listed in Corso's guide, but no Corso command calls an endpoint that needs them.
const DOCUMENTED_ONLY = ["Member.Read.Hidden", "TeamMember.Read.All", "TeamSettings.Read.All"];
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

  it("sharepoint: discovery plus Sites.FullControl.All and Files.ReadWrite.All for the libraries", () => {
    expect(permissionsForServices(["sharepoint"])).toEqual(
      sorted([...DISCOVERY, "Files.ReadWrite.All", "Sites.FullControl.All"]),
    );
  });

  it("groups: discovery plus channels, group sites and libraries, and group mailboxes", () => {
    expect(permissionsForServices(["groups"])).toEqual(
      sorted([
        ...DISCOVERY,
        "ChannelMessage.Read.All",
        "ChannelSettings.Read.All",
        "Files.ReadWrite.All",
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
    expect(permissionsForServices(["onedrive", "sharepoint"])).toEqual(permissionsForServices(["sharepoint"]));
    expect(permissionsForServices(["exchange", "onedrive"])).toEqual(
      sorted([...permissionsForServices(["exchange"]), "Files.ReadWrite.All"]),
    );
  });

  it("all services are Corso's 14 less what only its guide lists, plus the Group-Conversation.Read.All it lacks", () => {
    expect(permissionsForServices(["exchange", "onedrive", "sharepoint", "groups", "chats"])).toEqual(
      sorted([...CORSO_PERMISSIONS.filter((p) => !DOCUMENTED_ONLY.includes(p)), "Group-Conversation.Read.All"]),
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
    expect(Object.keys(json.resource.azuread_app_role_assignment)).toHaveLength(3);
  });
});
