/**
 * The Microsoft Graph application permissions this project knows, and what Corso uses each one for.
 *
 * Names and access levels follow Microsoft's Graph permissions reference
 * (https://learn.microsoft.com/graph/permissions-reference); descriptions are our own summaries.
 * App role ids are not recorded here: the construct resolves them by name from the tenant's
 * Microsoft Graph service principal (`app_role_ids`), so a plan shows names rather than GUIDs.
 */

/** Client id of Microsoft Graph, the same in every tenant (Microsoft's first-party app id). */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** A Corso backup service, spelled as Corso's CLI spells it. */
export type CorsoService = "exchange" | "onedrive" | "sharepoint" | "groups" | "chats";

/** Why Corso asks for a permission: finding users and groups, or backing up one of its services. */
export type CorsoUse = "discovery" | CorsoService;

/** How much a permission lets the app do, from least to most. */
export type AccessLevel = "read" | "read-write" | "full-control";

/** One Microsoft Graph application permission (an app role with `type = "Role"`). */
export interface GraphPermission {
  /** The permission's value, as Microsoft Graph names it. */
  readonly name: string;
  /** How much the permission lets the app do. */
  readonly access: AccessLevel;
  /** What Corso needs it for; empty for a permission Corso does not request by itself. */
  readonly usedFor: readonly CorsoUse[];
  /** For a narrower alternative, the permission Corso requests in its place. */
  readonly narrowerThan?: string;
  /** One line on what the app can do with it. */
  readonly description: string;
}

/** Every Graph application permission the project knows, sorted by name. */
export const GRAPH_PERMISSIONS: readonly GraphPermission[] = [
  {
    name: "Calendars.Read",
    access: "read",
    usedFor: [],
    narrowerThan: "Calendars.ReadWrite",
    description: "Read events in every mailbox's calendars.",
  },
  {
    name: "Calendars.ReadWrite",
    access: "read-write",
    usedFor: ["exchange"],
    description: "Read, create, change and delete events in every mailbox's calendars.",
  },
  {
    name: "ChannelMessage.Read.All",
    access: "read",
    usedFor: ["groups"],
    description: "Read every message posted in Teams channels (a Microsoft protected API).",
  },
  {
    name: "ChannelSettings.Read.All",
    access: "read",
    usedFor: ["groups"],
    description: "Read the name, description and settings of every Teams channel.",
  },
  {
    name: "Chat.Read.All",
    access: "read",
    usedFor: ["chats"],
    description: "Read every one-to-one and group chat and its messages (a Microsoft protected API).",
  },
  {
    name: "Contacts.Read",
    access: "read",
    usedFor: [],
    narrowerThan: "Contacts.ReadWrite",
    description: "Read the contacts in every mailbox.",
  },
  {
    name: "Contacts.ReadWrite",
    access: "read-write",
    usedFor: ["exchange"],
    description: "Read, create, change and delete the contacts in every mailbox.",
  },
  {
    name: "Directory.Read.All",
    access: "read",
    usedFor: ["discovery"],
    description: "Read directory data such as users, groups and their relationships.",
  },
  {
    name: "Files.Read.All",
    access: "read",
    usedFor: [],
    narrowerThan: "Files.ReadWrite.All",
    description: "Read every file in every OneDrive and document library.",
  },
  {
    name: "Files.ReadWrite.All",
    access: "read-write",
    usedFor: ["onedrive"],
    description: "Read, create, change and delete every file in every OneDrive and document library.",
  },
  {
    name: "Group-Conversation.Read.All",
    access: "read",
    usedFor: ["groups"],
    description: "Read the conversations in every Microsoft 365 group mailbox.",
  },
  {
    name: "Mail.Read",
    access: "read",
    usedFor: [],
    narrowerThan: "Mail.ReadWrite",
    description: "Read the mail in every mailbox.",
  },
  {
    name: "Mail.ReadWrite",
    access: "read-write",
    usedFor: ["exchange"],
    description: "Read, create, change and delete the mail in every mailbox, without sending any.",
  },
  {
    name: "MailboxSettings.Read",
    access: "read",
    usedFor: ["exchange"],
    description: "Read every mailbox's settings, such as time zone, language and automatic replies.",
  },
  {
    name: "Member.Read.Hidden",
    access: "read",
    usedFor: ["discovery"],
    description: "Read the members of groups whose membership is hidden.",
  },
  {
    name: "Sites.FullControl.All",
    access: "full-control",
    usedFor: ["sharepoint", "groups"],
    description: "Do anything in every SharePoint site, including changing its permissions.",
  },
  {
    name: "Sites.Read.All",
    access: "read",
    usedFor: [],
    narrowerThan: "Sites.FullControl.All",
    description: "Read items, lists and documents in every SharePoint site.",
  },
  {
    name: "Sites.ReadWrite.All",
    access: "read-write",
    usedFor: [],
    narrowerThan: "Sites.FullControl.All",
    description: "Read, create, change and delete items and documents in every SharePoint site.",
  },
  {
    name: "TeamMember.Read.All",
    access: "read",
    usedFor: ["groups"],
    description: "Read who belongs to every team.",
  },
  {
    name: "TeamSettings.Read.All",
    access: "read",
    usedFor: ["groups"],
    description: "Read the settings of every team.",
  },
  {
    name: "User.Read.All",
    access: "read",
    usedFor: ["discovery"],
    description: "Read the full profile of every user.",
  },
];

/**
 * The 14 permissions Corso's setup guide asks for, in the guide's order.
 * Group-Conversation.Read.All is not among them, although backing up group mailboxes needs it.
 */
export const CORSO_PERMISSIONS: readonly string[] = [
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
];

/**
 * Permissions Microsoft offers only as delegated permissions (with a signed-in user).
 * Corso runs unattended, so these cannot be granted to it; listed to give a precise error.
 */
export const DELEGATED_ONLY_PERMISSIONS: readonly string[] = [
  "Calendars.Read.Shared",
  "Calendars.ReadWrite.Shared",
  "Contacts.Read.Shared",
  "Contacts.ReadWrite.Shared",
  "Files.Read",
  "Files.ReadWrite",
  "Mail.Read.Shared",
  "Mail.ReadWrite.Shared",
  "Mail.Send.Shared",
  "User.Read",
  "User.ReadWrite",
  "email",
  "offline_access",
  "openid",
  "profile",
];

const BY_NAME = new Map(GRAPH_PERMISSIONS.map((permission) => [permission.name, permission]));

/** Looks up a permission of the catalog by its exact name. */
export function findGraphPermission(name: string): GraphPermission | undefined {
  return BY_NAME.get(name);
}

/** The Corso uses a permission serves, including those of the permission it can stand in for. */
export function corsoUsesOf(permission: GraphPermission): readonly CorsoUse[] {
  if (permission.usedFor.length > 0 || permission.narrowerThan === undefined) {
    return permission.usedFor;
  }
  return findGraphPermission(permission.narrowerThan)?.usedFor ?? [];
}
