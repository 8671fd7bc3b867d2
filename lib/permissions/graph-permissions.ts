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

/**
 * What Corso's source (alcionai/corso, release v0.19.0) shows about a permission: `code` when a
 * Corso command calls a Microsoft Graph endpoint that needs it, `documentation` when Corso's setup
 * guide lists it but no Corso command calls an endpoint that needs it.
 */
export type CorsoBasis = "code" | "documentation";

/** The evidence, read in Corso's source, for why a permission is there. */
export interface CorsoEvidence {
  /** Whether Corso's commands call an endpoint that needs it, or only its documentation lists it. */
  readonly basis: CorsoBasis;
  /** With `code`, what Corso calls it for; with `documentation`, why nothing in Corso needs it. */
  readonly evidence: string;
}

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
  /** Whether Corso's code needs it or only Corso's documentation lists it, and the calls it serves. */
  readonly corso: CorsoEvidence;
  /** One line on what the app can do with it. */
  readonly description: string;
}

// Corso's code is cited as file:line in alcionai/corso at tag v0.19.0 (its last release), relative to src/;
// "api/" is src/pkg/services/m365/api/. Least privilege per call: https://learn.microsoft.com/graph/api/<call>.

/** Every Graph application permission the project knows, sorted by name. */
export const GRAPH_PERMISSIONS: readonly GraphPermission[] = [
  {
    name: "Calendars.Read",
    access: "read",
    usedFor: [],
    narrowerThan: "Calendars.ReadWrite",
    corso: { basis: "code", evidence: "backups' calendar reads; restores need Calendars.ReadWrite" },
    description: "Read events in every mailbox's calendars.",
  },
  {
    name: "Calendars.ReadWrite",
    access: "read-write",
    usedFor: ["exchange"],
    // Reads: api/events_pager.go:48-51,109-114,17 (beta delta); writes: api/events.go:48,435,483,502.
    corso: {
      basis: "code",
      evidence: "Exchange calendar backups (calendars, events delta) and restores (calendars, events, attachments)",
    },
    description: "Read, create, change and delete events in every mailbox's calendars.",
  },
  {
    name: "ChannelMessage.Read.All",
    access: "read",
    usedFor: ["groups"],
    // api/channels_pager.go:116-122 (messages delta), :250-257 (replies); api/channels.go:110-117.
    corso: {
      basis: "code",
      evidence: "groups backups of Teams channel messages and replies (GET /teams/{id}/channels/{id}/messages/delta)",
    },
    description: "Read every message posted in Teams channels (a Microsoft protected API).",
  },
  {
    name: "ChannelSettings.Read.All",
    access: "read",
    usedFor: ["groups"],
    // api/channels_pager.go:311-314 (list channels), api/channels.go:47-53 (get channel).
    corso: { basis: "code", evidence: "groups backups listing each team's channels (GET /teams/{id}/channels)" },
    description: "Read the name, description and settings of every Teams channel.",
  },
  {
    name: "Chat.Read.All",
    access: "read",
    usedFor: ["chats"],
    // api/teamsChats_pager.go:155-159 (/users/{id}/chats), :48-52 (/chats/{id}/messages); pre-release command.
    corso: {
      basis: "code",
      evidence: "the pre-release chats backup (GET /users/{id}/chats, GET /chats/{id}/messages)",
    },
    description: "Read every one-to-one and group chat and its messages (a Microsoft protected API).",
  },
  {
    name: "Contacts.Read",
    access: "read",
    usedFor: [],
    narrowerThan: "Contacts.ReadWrite",
    corso: { basis: "code", evidence: "backups' contact reads; restores need Contacts.ReadWrite" },
    description: "Read the contacts in every mailbox.",
  },
  {
    name: "Contacts.ReadWrite",
    access: "read-write",
    usedFor: ["exchange"],
    // Reads: api/contacts_pager.go:45-50,111-116,197-203; writes: api/contacts.go:41 (folders), :193 (contacts).
    corso: {
      basis: "code",
      evidence: "Exchange contact backups (contact folders, contacts delta) and restores (folders, contacts)",
    },
    description: "Read, create, change and delete the contacts in every mailbox.",
  },
  {
    name: "Directory.Read.All",
    access: "read",
    usedFor: ["discovery"],
    // api/groups.go:81-83 (all), :166-169 (by id), :212-214 (by name); group-list also accepts GroupMember.Read.All.
    corso: { basis: "code", evidence: "finding groups and teams (GET /groups, GET /groups/{id})" },
    description: "Read directory data such as users, groups and their relationships.",
  },
  {
    name: "Files.Read.All",
    access: "read",
    usedFor: [],
    narrowerThan: "Files.ReadWrite.All",
    corso: { basis: "code", evidence: "backups' drive and channel-folder reads; restores need Files.ReadWrite.All" },
    description: "Read every file in every OneDrive and document library.",
  },
  {
    name: "Files.ReadWrite.All",
    access: "read-write",
    // Site libraries too: driveitem-delta (api/drive_pager.go:159-165) lists Files.*, not Sites.FullControl.All;
    // so does channel-get-filesfolder (api/groups.go:288-298), whose error stops a group's library backup.
    // Corso's guide added Sites.FullControl.All untested, "going off of microsoft documentation" (a9ffd02).
    usedFor: ["onedrive", "sharepoint", "groups"],
    // Restores: api/drive.go:136-149 (upload session), :164 (folders), :271-285 and :290 (sharing permissions).
    corso: {
      basis: "code",
      evidence: "OneDrive, SharePoint and group library backups (drive delta, channel filesFolder) and restores",
    },
    description: "Read, create, change and delete every file in every OneDrive and document library.",
  },
  {
    name: "Group-Conversation.Read.All",
    access: "read",
    usedFor: ["groups"],
    // api/conversations_pager.go:47-50,114-119,189-196, api/conversations.go:53-62 (group-list-conversations).
    corso: {
      basis: "code",
      evidence: "groups backups of group mailboxes (GET /groups/{id}/conversations); missing from Corso's guide",
    },
    description: "Read the conversations in every Microsoft 365 group mailbox.",
  },
  {
    name: "Mail.Read",
    access: "read",
    usedFor: [],
    narrowerThan: "Mail.ReadWrite",
    corso: { basis: "code", evidence: "backups' mail reads; restores need Mail.ReadWrite" },
    description: "Read the mail in every mailbox.",
  },
  {
    name: "Mail.ReadWrite",
    access: "read-write",
    usedFor: ["exchange"],
    // Reads: api/mail_pager.go:105-110,203-209; writes: api/mail.go:47 (folders), :456 (messages), :526,545.
    corso: {
      basis: "code",
      evidence: "Exchange mail backups (mail folders, messages delta) and restores (folders, messages, attachments)",
    },
    description: "Read, create, change and delete the mail in every mailbox, without sending any.",
  },
  {
    name: "MailboxSettings.Read",
    access: "read",
    usedFor: ["exchange"],
    // api/users.go:222-230, from internal/m365/service/exchange/enabled.go:72; access denied is tolerated (:76-84).
    corso: {
      basis: "code",
      evidence: "reading each mailbox's settings before an Exchange backup, which goes on if it is denied",
    },
    description: "Read every mailbox's settings, such as time zone, language and automatic replies.",
  },
  {
    name: "Member.Read.Hidden",
    access: "read",
    usedFor: ["discovery"],
    // No members, transitiveMembers or memberOf call anywhere under src/, at v0.19.0 or on the archived main.
    corso: { basis: "documentation", evidence: "Corso never reads a group's members" },
    description: "Read the members of groups whose membership is hidden.",
  },
  {
    name: "Sites.FullControl.All",
    access: "full-control",
    usedFor: ["sharepoint", "groups"],
    // Reads: api/sites.go:49-62,145-148, api/groups.go:337-342; restores create lists: api/lists.go:59-65,187-192.
    corso: {
      basis: "code",
      evidence: "SharePoint and group site and list backups (GET /sites) and restores that create lists and libraries",
    },
    description: "Do anything in every SharePoint site, including changing its permissions.",
  },
  {
    name: "Sites.Read.All",
    access: "read",
    usedFor: [],
    narrowerThan: "Sites.FullControl.All",
    corso: { basis: "code", evidence: "backups' site, list and library reads; restores need more" },
    description: "Read items, lists and documents in every SharePoint site.",
  },
  {
    name: "Sites.ReadWrite.All",
    access: "read-write",
    usedFor: [],
    narrowerThan: "Sites.FullControl.All",
    // list-create names Sites.Manage.All as least privileged, Sites.ReadWrite.All as the alternative.
    corso: { basis: "code", evidence: "site, list and library backups and restores, list creation included" },
    description: "Read, create, change and delete items and documents in every SharePoint site.",
  },
  {
    name: "TeamMember.Read.All",
    access: "read",
    usedFor: ["groups"],
    // No /teams/{id}/members call anywhere under src/, at v0.19.0 or on the archived main.
    corso: { basis: "documentation", evidence: "Corso never reads a team's members" },
    description: "Read who belongs to every team.",
  },
  {
    name: "TeamSettings.Read.All",
    access: "read",
    usedFor: ["groups"],
    // GET /teams/{id}: only api/groups.go:137-140, from TeamByID (pkg/services/m365/groups.go:48-54), never called.
    corso: {
      basis: "documentation",
      evidence:
        "only a library function no command uses reads a team (GET /teams/{id}), and Directory.Read.All covers it",
    },
    description: "Read the settings of every team.",
  },
  {
    name: "User.Read.All",
    access: "read",
    usedFor: ["discovery"],
    // api/users.go:77-79 (all users), :138-141 (one user).
    corso: { basis: "code", evidence: "finding users (GET /users, GET /users/{id})" },
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

/**
 * Why a permission is there, in words for a reviewer: "called by Corso's code for ..." or
 * "listed in Corso's documentation, not called by its code: ...".
 */
export function describeCorsoEvidence(permission: GraphPermission): string {
  const { basis, evidence } = permission.corso;
  return basis === "code"
    ? `called by Corso's code for ${evidence}`
    : `listed in Corso's documentation, not called by its code: ${evidence}`;
}
