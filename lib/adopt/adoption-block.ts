import { compare, displayText } from "../common";
import { findGraphPermission } from "../permissions";
import type { CorsoAdoption } from "../registration";
import type { ExistingRegistration } from "./existing-registration";
import { commandAssignmentId, commandGuid, shellCommand } from "./shell-command";

/** The `adopt` block for an existing registration, and what the user should know before planning. */
export interface Adoption {
  readonly block: CorsoAdoption;
  /**
   * One line each: consents that stay as they are, owners, the signed-in identity. Text from
   * Microsoft Graph is escaped for display, and the commands they suggest quote every value.
   */
  readonly notes: readonly string[];
}

/** Context that decides the notes. */
export interface AdoptionContext {
  /** The permissions the tenant's registration requests. */
  readonly requested: readonly string[];
  /** Object id of the signed-in identity, when its token says. */
  readonly signedInObjectId?: string;
  /** Microsoft Graph's root, for the revoke commands. */
  readonly graphEndpoint: string;
}

/**
 * Builds the `adopt` block: the app's ids, its owners, and every consent to a Microsoft Graph
 * permission of the catalog (those the registration does not request stay in it, so that
 * requesting them later imports them; synthesis warns about them meanwhile). A suggested command
 * is refused (ShellCommandError) when one of its ids is not of its form.
 */
export function adoptionOf(existing: ExistingRegistration, context: AdoptionContext): Adoption {
  const consents: Record<string, string> = {};
  const notes: string[] = [];
  const revoke = (assignmentId: string) => {
    const principal = commandGuid(existing.servicePrincipalObjectId, "the service principal's object id");
    const assignment = commandAssignmentId(assignmentId, "the app role assignment id");
    const url = `${context.graphEndpoint}/v1.0/servicePrincipals/${principal}/appRoleAssignments/${assignment}`;
    return shellCommand`az rest --method DELETE --url ${url}`;
  };

  const sorted = [...existing.consents].sort((a, b) =>
    compare(a.graphPermission ?? a.resourceName, b.graphPermission ?? b.resourceName),
  );
  for (const consent of sorted) {
    const permission = consent.graphPermission;
    if (permission !== undefined && findGraphPermission(permission)) {
      consents[permission] = consent.assignmentId;
      if (!context.requested.includes(permission)) {
        notes.push(
          `'${permission}' is consented but the registration does not request it: after the adoption, revoke it with ${revoke(consent.assignmentId)}`,
        );
      }
    } else if (permission !== undefined) {
      notes.push(
        `'${displayText(permission)}' (Microsoft Graph) is consented but is no permission this project manages: it stays granted; revoke it with ${revoke(consent.assignmentId)}`,
      );
    } else if (consent.resourceObjectId === existing.graphObjectId) {
      notes.push(`a consent to an unknown Microsoft Graph role ${displayText(consent.appRoleId)} stays as it is`);
    } else {
      notes.push(
        `a consent to ${displayText(consent.resourceName)} (role ${displayText(consent.appRoleId)}) stays as it is: only Microsoft Graph's are managed`,
      );
    }
  }

  if (existing.owners.length === 0) {
    notes.push("the application has no owners: the registration's owners become its owners");
  } else if (context.signedInObjectId === undefined) {
    notes.push("could not tell who is signed in: make sure the identity that deploys is an owner of the application");
  } else if (!existing.owners.some((o) => o.toLowerCase() === context.signedInObjectId?.toLowerCase())) {
    const signedIn = commandGuid(context.signedInObjectId, "the signed-in identity's object id (its token's oid)");
    const add = shellCommand`az ad app owner add --id ${commandGuid(existing.clientId, "the client id")} --owner-object-id ${signedIn}`;
    notes.push(
      `the signed-in identity (${signedIn}) is not an owner of the application: if it also deploys, ` +
        `add it first (${add}) ` +
        "or deploy with Application.ReadWrite.All; Application.ReadWrite.OwnedBy cannot update an app it does not own",
    );
  }

  const block: CorsoAdoption = {
    clientId: existing.clientId,
    applicationObjectId: existing.applicationObjectId,
    servicePrincipalObjectId: existing.servicePrincipalObjectId,
    ...(Object.keys(consents).length > 0 ? { consents } : {}),
    ...(existing.owners.length > 0 ? { owners: [...existing.owners] } : {}),
  };
  return { block, notes };
}
