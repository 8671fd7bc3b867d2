import { redactSecrets } from "./redact";
import { safeText } from "./safe-text";

/** What stands in Corso's way, as the preflight tells it apart. */
export type BlockKind =
  | "secret-invalid"
  | "secret-expired"
  | "wrong-tenant"
  | "conditional-access"
  | "sign-in-refused"
  | "consent-missing"
  | "not-requested"
  | "protected-api"
  | "mailbox-restricted"
  | "no-mailbox"
  | "no-onedrive"
  | "no-sharepoint"
  | "access-denied"
  | "graph-error";

/** A failure with its cause and its fix, in words for whoever runs Corso. */
export interface Diagnosis {
  readonly kind: BlockKind;
  readonly cause: string;
  readonly fix: string;
  /** The error code Microsoft answered with (`AADSTS7000215`, `ErrorAccessDenied`), when it gave one. */
  readonly code?: string;
}

/** What the token endpoint answered instead of a token. */
export interface TokenFailure {
  readonly status: number;
  /** `AADSTS` and the number, from `error_codes` or the description. */
  readonly aadsts?: string;
  /** The OAuth error (`invalid_client`, `unauthorized_client`, ...). */
  readonly error?: string;
  /** The first line of `error_description`, made safe for a terminal. */
  readonly description: string;
}

/** Sign-in failures that may heal on their own within minutes, right after a deploy. */
const PROPAGATING = new Set(["AADSTS7000215", "AADSTS700016"]);

/** Whether a refused sign-in is worth retrying while a new secret or app propagates (or the service hiccups). */
export function mayPropagate(failure: TokenFailure): boolean {
  return (
    (failure.aadsts !== undefined && PROPAGATING.has(failure.aadsts)) || failure.status === 429 || failure.status >= 500
  );
}

/**
 * The cause and fix of a refused sign-in. Codes and meanings:
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
export function diagnoseSignIn(failure: TokenFailure, ids: { tenantId: string; clientId: string }): Diagnosis {
  const code = failure.aadsts;
  switch (code) {
    // AADSTS7000215 "Invalid client secret provided" (also a secret's id given for its value).
    case "AADSTS7000215":
      return {
        kind: "secret-invalid",
        code,
        cause: "the client secret is not one of this app's secrets (AADSTS7000215 invalid client secret)",
        fix: "give Corso the stack's current AZURE_CLIENT_SECRET output (the secret's value, not its id); a secret made moments ago can take a few minutes to work",
      };
    // AADSTS7000222 "The provided client secret keys for app are expired".
    case "AADSTS7000222":
      return {
        kind: "secret-expired",
        code,
        cause: "the client secret has expired (AADSTS7000222)",
        fix: "apply the stack, which replaces an expired slot, and give Corso the new AZURE_CLIENT_SECRET; schedule daily applies and corso-status so that it never happens again",
      };
    // AADSTS700016 "Application with identifier ... was not found in the directory".
    case "AADSTS700016":
      return {
        kind: "wrong-tenant",
        code,
        cause: `tenant ${ids.tenantId} has no application with client id ${ids.clientId} (AADSTS700016 app not found)`,
        fix: "take AZURE_TENANT_ID and AZURE_CLIENT_ID from the same deployed stack; an app created moments ago can take a few minutes to appear",
      };
    // AADSTS90002 "Tenant '...' not found": no such tenant, or one with no active subscription.
    case "AADSTS90002":
      return {
        kind: "wrong-tenant",
        code,
        cause: `there is no tenant ${ids.tenantId} (AADSTS90002 tenant not found)`,
        fix: "AZURE_TENANT_ID must be the directory (tenant) id the stack deployed to, from its AZURE_TENANT_ID output",
      };
    // AADSTS53003 "Access has been blocked by Conditional Access policies"; for an app, Conditional
    // Access for workload identities: https://learn.microsoft.com/entra/identity/conditional-access/workload-identity
    case "AADSTS53003":
      return {
        kind: "conditional-access",
        code,
        cause: "a Conditional Access policy for workload identities blocks this app's sign-in (AADSTS53003)",
        fix: "find the policy in Entra ID > Sign-in logs > Service principal sign-ins (Conditional Access tab), then exclude Corso's service principal from it or allow the network Corso runs from",
      };
    default:
      return {
        kind: "sign-in-refused",
        code,
        cause: `the identity platform refused the sign-in (HTTP ${failure.status}${failure.error === undefined ? "" : ` ${failure.error}`}): ${failure.description}`,
        fix:
          code === undefined
            ? "check that the token endpoint is reachable and answers as the Microsoft identity platform"
            : `see https://login.microsoftonline.com/error?code=${code.slice("AADSTS".length)}`,
      };
  }
}

/** What Microsoft Graph answered instead of the data. */
export interface GraphFailure {
  readonly status: number;
  /** `error.code`, e.g. `ErrorAccessDenied`, `Authorization_RequestDenied`. */
  readonly code?: string;
  /** `error.message`, made safe for a terminal. */
  readonly message: string;
}

/** What a call needs: any one of these application permissions. */
export interface CallNeeds {
  readonly anyOf: readonly string[];
  /** Whom the call reads, for the message: `user alice@contoso.com`. */
  readonly subject?: string;
}

/**
 * The cause and fix of a failed Graph call, from Graph's error and what the token holds.
 * `requested` are the permissions the stack asks for; `granted` the token's roles.
 */
export function diagnoseGraph(
  failure: GraphFailure,
  needs: CallNeeds,
  granted: ReadonlySet<string>,
  requested: ReadonlySet<string>,
  clientId: string,
): Diagnosis {
  const { code, message } = failure;
  const subject = needs.subject ?? "the probed object";
  // "Invoked API requires Protected API access in application-only context when not using
  // Resource Specific Consent": https://learn.microsoft.com/graph/teams-protected-apis
  if (/protected api/i.test(message)) {
    return {
      kind: "protected-api",
      code,
      cause:
        "Microsoft has not approved this app for the Teams protected APIs (channel messages and chats read as the app)",
      fix: "request access with Microsoft's form, https://aka.ms/teamsgraph/requestaccess (see https://learn.microsoft.com/graph/teams-protected-apis), giving this app's client id; until then Corso cannot back up these messages",
    };
  }
  // ErrorAccessDenied "Access to OData is disabled" (application access policy,
  // https://learn.microsoft.com/graph/auth-limit-mailbox-access#handling-api-errors), with
  // "[RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings" under RBAC for Applications
  // (https://learn.microsoft.com/exchange/permissions-exo/application-rbac).
  if (/access to odata is disabled|apponly accesspolicy|\[raop\]/i.test(message)) {
    return {
      kind: "mailbox-restricted",
      code,
      cause: `Exchange Online limits this app to some mailboxes (an application access policy or RBAC for Applications), and ${subject}'s is not among them`,
      fix: `an Exchange administrator checks with Test-ApplicationAccessPolicy -AppId ${clientId} -Identity <mailbox> (or Test-ServicePrincipalAuthorization) and adds the mailboxes Corso backs up to the policy's group or the role assignment's scope`,
    };
  }
  // MailboxNotEnabledForRESTAPI "REST API is not yet supported for this mailbox": no Exchange Online
  // mailbox (no licence, on-premises, inactive or soft-deleted); Corso skips such a user
  // (alcionai/corso src/internal/m365/service/exchange/enabled.go:24-33).
  if (
    code === "MailboxNotEnabledForRESTAPI" ||
    code === "MailboxNotSupportedForRESTAPI" ||
    /REST API is not yet supported for this mailbox/i.test(message)
  ) {
    return {
      kind: "no-mailbox",
      code,
      cause: `${subject} has no Exchange Online mailbox (no licence with Exchange Online, or the mailbox is on-premises, inactive or soft-deleted)`,
      fix: "assign the user a licence that includes Exchange Online, or check a user who has a mailbox with --user",
    };
  }
  // "user's mysite not found": the user has no OneDrive (alcionai/corso src/pkg/services/m365/api/graph/errors.go:93-94).
  if (/mysite (url )?not found|unable to retrieve user's mysite/i.test(message)) {
    return {
      kind: "no-onedrive",
      code,
      cause: `${subject} has no OneDrive (no licence with SharePoint Online, or OneDrive was never set up for them)`,
      fix: "assign a licence that includes OneDrive and let it provision (the user opening OneDrive once does it), or check another user with --user",
    };
  }
  // "Tenant does not have a SPO license" (alcionai/corso src/pkg/services/m365/api/graph/errors.go:95).
  if (/does not have a SPO license/i.test(message)) {
    return {
      kind: "no-sharepoint",
      code,
      cause: "the tenant has no SharePoint Online licence",
      fix: "add a subscription that includes SharePoint Online, or leave sharepoint out of the stack's services",
    };
  }
  if (failure.status === 401 || failure.status === 403) {
    const held = needs.anyOf.filter((name) => granted.has(name));
    if (held.length === 0) {
      const wanted = needs.anyOf[0];
      const asked = needs.anyOf.filter((name) => requested.has(name));
      if (asked.length === 0) {
        return {
          kind: "not-requested",
          code,
          cause: `the stack does not request ${wanted}, which this call needs${code === undefined ? "" : ` (Graph answered ${failure.status} ${code})`}`,
          fix: `add ${wanted} to the registration (the services prop requests what Corso calls), apply, and run the preflight again`,
        };
      }
      return {
        kind: "consent-missing",
        code,
        cause: `admin consent to ${asked.join(" or ")} is missing: the token holds no such role${code === undefined ? "" : ` (Graph answered ${failure.status} ${code})`}`,
        fix: "apply the stack, which grants admin consent to every permission it requests (or grant it in Entra ID > App registrations > API permissions); consent can take a few minutes to reach sign-in",
      };
    }
    return {
      kind: "access-denied",
      code,
      cause: `Graph denied the call although the token holds ${held.join(", ")}: ${failure.status}${code === undefined ? "" : ` ${code}`}: ${message}`,
      fix: "look for a tenant setting that restricts this app (SharePoint or Exchange access controls, Conditional Access); Graph's message above names what refused",
    };
  }
  return {
    kind: "graph-error",
    code,
    cause: `Graph answered ${failure.status}${code === undefined ? "" : ` ${code}`}: ${message}`,
    fix:
      failure.status === 429 || failure.status >= 500
        ? "Graph is busy or failing: run the preflight again later"
        : "Graph's message above says what it refused",
  };
}

/** Graph's error body (`{ error: { code, message } }`), read defensively: any other shape gives the status alone. */
export function readGraphFailure(status: number, body: string, secrets: readonly string[] = []): GraphFailure {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const error = parsed !== null && typeof parsed === "object" ? parsed.error : undefined;
    if (error !== undefined && error !== null && typeof error === "object") {
      return {
        status,
        code: typeof error.code === "string" ? safeText(error.code, 80) : undefined,
        message: safeText(typeof error.message === "string" ? redactSecrets(error.message, secrets) : error.message),
      };
    }
  } catch {
    // Not JSON: a proxy's or load balancer's page, shown by status only.
  }
  return { status, message: `(no Graph error in the answer, HTTP ${status})` };
}
