import type { CorsoService } from "../permissions";
import { type Diagnosis, diagnoseGraph } from "./diagnosis";
import { type GraphReader, field, firstItem } from "./graph-reader";
import { safeText } from "./safe-text";

/** Where a check belongs: finding users (needed by every service), or one Corso service. */
export type CheckArea = "discovery" | CorsoService;

/** How one check went. `warning` is a failure Corso works around; `skipped` had nothing to read. */
export type CheckState = "ok" | "blocked" | "warning" | "skipped";

/** One read-only Graph call made as Corso makes it, and what came of it. */
export interface Check {
  readonly area: CheckArea;
  /** The call with placeholders: `GET /v1.0/users/{user}/mailFolders/inbox`. */
  readonly call: string;
  readonly state: CheckState;
  /** The HTTP status Graph answered a failed call with. */
  readonly status?: number;
  readonly diagnosis?: Diagnosis;
  /** Why a check was skipped, or what a warning means for Corso. */
  readonly note?: string;
}

/** What the checks read with and judge against. */
export interface CallContext {
  readonly graph: GraphReader;
  /** The token's roles. */
  readonly granted: ReadonlySet<string>;
  /** The application permissions the stack requests. */
  readonly requested: ReadonlySet<string>;
  readonly clientId: string;
  readonly checks: Check[];
}

/** The user the per-user calls read, as Graph names them. */
export interface ProbedUser {
  readonly id: string;
  readonly name: string;
}

// Permissions that allow each kind of read, the one Corso requests first
// (https://learn.microsoft.com/graph/api/<call>, "Permissions", application).
const USERS = ["User.Read.All", "Directory.Read.All"];
const MAIL = ["Mail.ReadWrite", "Mail.Read"];
const MAILBOX_SETTINGS = ["MailboxSettings.Read", "MailboxSettings.ReadWrite"];
const CONTACTS = ["Contacts.ReadWrite", "Contacts.Read"];
const CALENDARS = ["Calendars.ReadWrite", "Calendars.Read"];
const FILES = [
  "Files.ReadWrite.All",
  "Files.Read.All",
  "Sites.FullControl.All",
  "Sites.ReadWrite.All",
  "Sites.Read.All",
];
const SITES = ["Sites.FullControl.All", "Sites.ReadWrite.All", "Sites.Read.All"];
const GROUPS = ["Directory.Read.All", "Group.Read.All", "Group.ReadWrite.All"];
const CONVERSATIONS = ["Group-Conversation.Read.All"];
const CHANNELS = ["ChannelSettings.Read.All", "Channel.ReadBasic.All", "ChannelSettings.ReadWrite.All"];
const CHANNEL_MESSAGES = ["ChannelMessage.Read.All"];
const CHATS = ["Chat.Read.All", "Chat.ReadBasic.All", "Chat.ReadWrite.All"];
const CHAT_MESSAGES = ["Chat.Read.All", "Chat.ReadWrite.All"];

// Corso lists users without guests, which needs $count and eventual consistency
// (alcionai/corso src/pkg/services/m365/api/users.go:55,67-79).
const USER_FILTER = "onPremisesSyncEnabled eq true OR userType ne 'Guest'";

/** Makes one call, records the check, and gives the body when it succeeded. */
async function call(
  ctx: CallContext,
  area: CheckArea,
  shown: string,
  path: string,
  anyOf: readonly string[],
  options: { subject?: string; tolerated?: string; headers?: Record<string, string> } = {},
): Promise<unknown> {
  const answer = await ctx.graph.get(path, options.headers);
  if (answer.ok) {
    ctx.checks.push({ area, call: `GET ${shown}`, state: "ok" });
    return answer.body;
  }
  const diagnosis = diagnoseGraph(
    answer.failure,
    { anyOf, subject: options.subject },
    ctx.granted,
    ctx.requested,
    ctx.clientId,
  );
  ctx.checks.push({
    area,
    call: `GET ${shown}`,
    state: options.tolerated === undefined ? "blocked" : "warning",
    status: answer.failure.status,
    diagnosis,
    note: options.tolerated,
  });
  return undefined;
}

function skip(ctx: CallContext, area: CheckArea, shown: string, note: string): void {
  ctx.checks.push({ area, call: `GET ${shown}`, state: "skipped", note });
}

const id = (value: string) => encodeURIComponent(value);

/**
 * Finds the user the per-user calls read: the one given (`--user`, an id or user principal
 * name), else the first of Corso's own user listing. Undefined when there is none or the read failed.
 */
export async function findUser(ctx: CallContext, given: string | undefined): Promise<ProbedUser | undefined> {
  if (given !== undefined) {
    // Corso resolves a --user the same way (alcionai/corso src/pkg/services/m365/api/users.go:137-141).
    const body = await call(
      ctx,
      "discovery",
      "/v1.0/users/{user}",
      `/v1.0/users/${id(given)}?$select=id,userPrincipalName`,
      USERS,
      {
        subject: `user ${safeText(given, 80)}`,
      },
    );
    return toUser(body);
  }
  const query = `$select=id,userPrincipalName&$filter=${encodeURIComponent(USER_FILTER)}&$count=true&$top=1`;
  const body = await call(ctx, "discovery", "/v1.0/users?$filter=...&$top=1", `/v1.0/users?${query}`, USERS, {
    headers: { ConsistencyLevel: "eventual" },
  });
  if (body === undefined) return undefined;
  const user = toUser(firstItem(body));
  if (user === undefined) {
    skip(
      ctx,
      "discovery",
      "/v1.0/users/{user}/...",
      "the tenant lists no member user: nothing for per-user backups to read",
    );
  }
  return user;
}

function toUser(item: unknown): ProbedUser | undefined {
  const userId = field(item, "id");
  if (userId === undefined) return undefined;
  return { id: userId, name: safeText(field(item, "userPrincipalName") ?? userId, 120) };
}

/** Exchange: the calls Corso's Exchange backup starts with, for one mailbox. */
export async function checkExchange(ctx: CallContext, user: ProbedUser): Promise<void> {
  const u = id(user.id);
  const subject = `user ${user.name}`;
  // First, whether the user has a mailbox: GET .../mailFolders/inbox
  // (alcionai/corso src/internal/m365/service/exchange/enabled.go:24, src/pkg/services/m365/api/users.go:235-247).
  const inbox = await call(
    ctx,
    "exchange",
    "/v1.0/users/{user}/mailFolders/inbox",
    `/v1.0/users/${u}/mailFolders/inbox`,
    MAIL,
    { subject },
  );
  if (inbox === undefined) return;
  // Mailbox settings; Corso goes on when they are denied (src/internal/m365/service/exchange/enabled.go:72-84, api/users.go:222-232).
  await call(
    ctx,
    "exchange",
    "/v1.0/users/{user}/mailboxSettings",
    `/v1.0/users/${u}/mailboxSettings`,
    MAILBOX_SETTINGS,
    {
      subject,
      tolerated: "Corso backs the mailbox up without its settings",
    },
  );
  // Mail folders (src/pkg/services/m365/api/mail_pager.go:33-47), contact folders (contacts_pager.go:44-50), calendars (events_pager.go:47-51).
  await call(ctx, "exchange", "/v1.0/users/{user}/mailFolders?$top=1", `/v1.0/users/${u}/mailFolders?$top=1`, MAIL, {
    subject,
  });
  await call(
    ctx,
    "exchange",
    "/v1.0/users/{user}/contactFolders?$top=1",
    `/v1.0/users/${u}/contactFolders?$top=1`,
    CONTACTS,
    { subject },
  );
  await call(ctx, "exchange", "/v1.0/users/{user}/calendars?$top=1", `/v1.0/users/${u}/calendars?$top=1`, CALENDARS, {
    subject,
  });
}

/** OneDrive: the user's default drive, their drives and the first page of the drive's delta. */
export async function checkOneDrive(ctx: CallContext, user: ProbedUser): Promise<void> {
  const u = id(user.id);
  const subject = `user ${user.name}`;
  // Whether the user has a OneDrive (src/internal/m365/service/onedrive/enabled.go:21, api/users.go:250-262).
  const drive = await call(ctx, "onedrive", "/v1.0/users/{user}/drive", `/v1.0/users/${u}/drive`, FILES, { subject });
  if (drive === undefined) return;
  // The user's drives (src/pkg/services/m365/api/drive_pager.go:245-263), then each drive's delta (:137-165).
  await call(ctx, "onedrive", "/v1.0/users/{user}/drives?$top=1", `/v1.0/users/${u}/drives?$top=1`, FILES, { subject });
  const driveId = field(drive, "id");
  if (driveId === undefined) return;
  await call(
    ctx,
    "onedrive",
    "/v1.0/drives/{drive}/root/delta?$top=1",
    `/v1.0/drives/${id(driveId)}/root/delta?$top=1`,
    FILES,
    { subject },
  );
}

/** SharePoint: the root site, the site list, and the root site's libraries and lists. */
export async function checkSharePoint(ctx: CallContext): Promise<void> {
  // Whether the tenant has SharePoint: GET /sites/root (src/internal/m365/service/sharepoint/enabled.go:22, api/sites.go:48-52).
  const root = await call(ctx, "sharepoint", "/v1.0/sites/root", "/v1.0/sites/root", SITES, {
    subject: "the root site",
  });
  // Every site (src/pkg/services/m365/api/sites.go:58-62).
  await call(ctx, "sharepoint", "/v1.0/sites?$top=1", "/v1.0/sites?$top=1", SITES);
  const siteId = field(root, "id");
  if (siteId === undefined) return;
  const s = id(siteId);
  // A site's libraries (src/pkg/services/m365/api/drive_pager.go:320-337) and lists (api/lists_pager.go:43-51).
  await call(ctx, "sharepoint", "/v1.0/sites/{site}/drives?$top=1", `/v1.0/sites/${s}/drives?$top=1`, FILES, {
    subject: "the root site",
  });
  await call(ctx, "sharepoint", "/v1.0/sites/{site}/lists?$top=1", `/v1.0/sites/${s}/lists?$top=1`, SITES, {
    subject: "the root site",
  });
}

/**
 * Groups and teams: a team (else any Microsoft 365 group), the group, its site and conversations,
 * then the team's channels and a channel's messages.
 */
export async function checkGroups(ctx: CallContext, given: string | undefined): Promise<void> {
  let groupId = given;
  if (groupId === undefined) {
    // Corso lists every group (src/pkg/services/m365/api/groups.go:81-83); a team is the one that has it all to read.
    const teams = await call(
      ctx,
      "groups",
      "/v1.0/groups?$filter=<teams>&$top=1",
      `/v1.0/groups?$select=id,displayName&$filter=${encodeURIComponent("resourceProvisioningOptions/Any(x:x eq 'Team')")}&$top=1`,
      GROUPS,
    );
    if (teams === undefined) return;
    groupId = field(firstItem(teams), "id");
    if (groupId === undefined) {
      const unified = await call(
        ctx,
        "groups",
        "/v1.0/groups?$filter=<Microsoft 365 groups>&$top=1",
        `/v1.0/groups?$select=id,displayName&$filter=${encodeURIComponent("groupTypes/any(c:c eq 'Unified')")}&$top=1`,
        GROUPS,
      );
      groupId = field(firstItem(unified), "id");
    }
    if (groupId === undefined) {
      skip(
        ctx,
        "groups",
        "/v1.0/groups/{group}/...",
        "the tenant has no Microsoft 365 group: nothing for a groups backup to read",
      );
      return;
    }
  }
  const g = id(groupId);
  // The group itself, as Corso reads it before a backup (src/internal/m365/service/groups/enabled.go:18, api/groups.go:149-169).
  const group = await call(
    ctx,
    "groups",
    "/v1.0/groups/{group}",
    `/v1.0/groups/${g}?$select=id,displayName,groupTypes,resourceProvisioningOptions`,
    GROUPS,
  );
  if (group === undefined) return;
  const subject = `group ${safeText(field(group, "displayName") ?? groupId, 120)}`;
  // Its site (api/groups.go:327-342) and conversations (api/conversations_pager.go:42-50).
  await call(ctx, "groups", "/v1.0/groups/{group}/sites/root", `/v1.0/groups/${g}/sites/root`, SITES, { subject });
  await call(
    ctx,
    "groups",
    "/v1.0/groups/{group}/conversations?$top=1",
    `/v1.0/groups/${g}/conversations?$top=1`,
    CONVERSATIONS,
    { subject },
  );
  const options = (group as { resourceProvisioningOptions?: unknown }).resourceProvisioningOptions;
  if (!(Array.isArray(options) && options.includes("Team"))) {
    skip(ctx, "groups", "/v1.0/teams/{team}/channels", `${subject} is not a team: channels not checked`);
    return;
  }
  // The team's channels (api/channels_pager.go:300-315; list channels takes no $top), then a channel's messages (:43-53).
  const channels = await call(ctx, "groups", "/v1.0/teams/{team}/channels", `/v1.0/teams/${g}/channels`, CHANNELS, {
    subject,
  });
  const channelId = field(firstItem(channels), "id");
  if (channelId === undefined) return;
  await call(
    ctx,
    "groups",
    "/v1.0/teams/{team}/channels/{channel}/messages?$top=1",
    `/v1.0/teams/${g}/channels/${id(channelId)}/messages?$top=1`,
    CHANNEL_MESSAGES,
    { subject },
  );
}

/** Chats: the user's chats, then a chat's messages. */
export async function checkChats(ctx: CallContext, user: ProbedUser): Promise<void> {
  const subject = `user ${user.name}`;
  // The user's chats (src/pkg/services/m365/api/teamsChats_pager.go:152-160), then a chat's messages (:44-52).
  const chats = await call(
    ctx,
    "chats",
    "/v1.0/users/{user}/chats?$top=1",
    `/v1.0/users/${id(user.id)}/chats?$top=1`,
    CHATS,
    { subject },
  );
  if (chats === undefined) return;
  const chatId = field(firstItem(chats), "id");
  if (chatId === undefined) {
    skip(ctx, "chats", "/v1.0/chats/{chat}/messages?$top=1", `${subject} has no chat: chat messages not checked`);
    return;
  }
  await call(
    ctx,
    "chats",
    "/v1.0/chats/{chat}/messages?$top=1",
    `/v1.0/chats/${id(chatId)}/messages?$top=1`,
    CHAT_MESSAGES,
    { subject },
  );
}
