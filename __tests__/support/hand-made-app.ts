import plan from "../fixtures/adoption-plan.json";
import type { DoubleApplication, DoubleAssignment, GraphDoubleOptions } from "./graph-double";

/** The adoption plan sample: what Terraform planned for the hand-made app below. */
export const ADOPTION_PLAN = plan;

const GRAPH_OBJECT_ID = plan.microsoft_graph.object_id;
const roleIds: Record<string, string> = plan.microsoft_graph.app_role_ids;

/** The assignment id of each consent the sample imported, by permission (from its import ids). */
export const SAMPLE_CONSENTS: Record<string, string> = Object.fromEntries(
  plan.resource_changes
    .filter((c) => c.address.startsWith("azuread_app_role_assignment.") && c.importing_id !== undefined)
    .map((c) => {
      const role = (plan.configuration as unknown as Record<string, Record<string, string>>)[c.address].app_role_id;
      const permission = /app_role_ids\["([^"]+)"\]/.exec(role)?.[1] as string;
      return [permission, (c.importing_id as string).split("/").pop() as string];
    }),
);

const SAMPLE_SP = (
  plan.resource_changes.find((c) => c.address.startsWith("azuread_service_principal."))?.importing_id as string
)
  .split("/")
  .pop() as string;

/** The sample's application: made in the portal, 5 of Corso's 14 permissions consented. */
export const HAND_MADE: DoubleApplication = {
  id: plan.application_before.object_id,
  appId: plan.application_before.client_id,
  displayName: plan.application_before.display_name,
  owners: plan.application_before.owners,
  servicePrincipal: {
    id: SAMPLE_SP,
    assignments: Object.entries(SAMPLE_CONSENTS).map(([permission, id]) => graphConsent(permission, id)),
  },
};

/** An app role assignment to Microsoft Graph for a permission of the sample's Graph. */
export function graphConsent(permission: string, id: string): DoubleAssignment {
  return { id, appRoleId: roleIds[permission], resourceId: GRAPH_OBJECT_ID, resourceDisplayName: "Microsoft Graph" };
}

/** The double's Graph, as the sample's tenant has it. */
export const SAMPLE_GRAPH: GraphDoubleOptions["graph"] = { id: GRAPH_OBJECT_ID, appRoleIds: roleIds };
