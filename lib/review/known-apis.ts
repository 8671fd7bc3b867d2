import { MICROSOFT_GRAPH_APP_ID, graphAppRoleName, graphDelegatedScopeName } from "../permissions";

/** A Microsoft API a registration can request access to, known by its client (app) id. */
export interface KnownApi {
  readonly appId: string;
  readonly name: string;
}

// Client ids of Microsoft's first-party APIs, the same in every tenant; the keys are the names
// `data.azuread_application_published_app_ids` uses (manicminer/hamilton, environments/published.go).
const PUBLISHED: Readonly<Record<string, KnownApi>> = {
  MicrosoftGraph: { appId: MICROSOFT_GRAPH_APP_ID, name: "Microsoft Graph" },
  Office365ExchangeOnline: { appId: "00000002-0000-0ff1-ce00-000000000000", name: "Office 365 Exchange Online" },
  Office365SharePointOnline: { appId: "00000003-0000-0ff1-ce00-000000000000", name: "Office 365 SharePoint Online" },
  AzureActiveDirectoryGraph: { appId: "00000002-0000-0000-c000-000000000000", name: "Azure Active Directory Graph" },
};

const BY_APP_ID = new Map(Object.values(PUBLISHED).map((api) => [api.appId, api]));

/** The API with this client id, when it is one of Microsoft's that the review names. */
export function knownApiByAppId(appId: string): KnownApi | undefined {
  return BY_APP_ID.get(appId.toLowerCase());
}

/** The API `data.azuread_application_published_app_ids` returns under this key, when the review names it. */
export function knownApiByPublishedName(key: string): KnownApi | undefined {
  return Object.prototype.hasOwnProperty.call(PUBLISHED, key) ? PUBLISHED[key] : undefined;
}

// Exchange Online's application permission for full mailbox access over EWS
// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-authenticate-an-ews-application-by-using-oauth).
const EXCHANGE_ROLES: ReadonlyMap<string, string> = new Map([
  ["dc890d15-9560-4a4c-9b7f-a736ec74ec40", "full_access_as_app"],
]);

/** The name of a permission of a known API, written as its id; `Role` for an app role, `Scope` for a delegated one. */
export function permissionNameById(appId: string | undefined, type: string, id: string): string | undefined {
  const lower = id.toLowerCase();
  if (appId === MICROSOFT_GRAPH_APP_ID) {
    return type === "Scope" ? graphDelegatedScopeName(lower) : graphAppRoleName(lower);
  }
  if (appId === PUBLISHED.Office365ExchangeOnline.appId && type !== "Scope") return EXCHANGE_ROLES.get(lower);
  return undefined;
}

// Template ids of Microsoft Entra built-in roles, the same in every tenant
// (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference).
const DIRECTORY_ROLES: ReadonlyMap<string, string> = new Map([
  ["62e90394-69f5-4237-9190-012177145e10", "Global Administrator"],
  ["e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"],
  ["7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator"],
  ["9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"],
  ["158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"],
  ["fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"],
  ["29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"],
  ["f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"],
  ["194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"],
  ["729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"],
  ["f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"],
]);

/** The name of a built-in directory role by its template id, when the review knows it. */
export function directoryRoleName(templateId: string): string | undefined {
  return DIRECTORY_ROLES.get(templateId.toLowerCase());
}
