import { Construct } from "constructs";
import type { CorsoServiceName } from "../permissions";
import type { CorsoConfig, TenantConfig } from "./config-schema";
import { CorsoStack, type CorsoStackProps } from "./corso-stack";

/** Adds one {@link CorsoStack} per tenant of the config file, each with its own provider and state. */
export function addTenantStacks(scope: Construct, config: CorsoConfig): CorsoStack[] {
  return config.tenants.map((tenant) => new CorsoStack(scope, tenant.name, stackProps(tenant, config)));
}

function stackProps(tenant: TenantConfig, config: CorsoConfig): CorsoStackProps {
  return {
    tenantId: tenant.tenantId,
    backend: tenant.backend ?? config.backend,
    registration: {
      displayName: tenant.displayName,
      permissions: tenant.permissions,
      services: tenant.services as CorsoServiceName[] | undefined,
      owners: tenant.owners,
      deployerIsOwner: tenant.deployerIsOwner,
      secretLifetimeDays: tenant.secret?.lifetimeDays,
      secretRotationDays: tenant.secret?.rotationDays,
      secretSlots: tenant.secret?.slots as 1 | 2 | undefined,
      notes: tenant.notes,
      serviceManagementReference: tenant.serviceManagementReference,
      tags: tenant.tags,
      protectFromDestroy: tenant.protectFromDestroy,
      adopt: tenant.adopt,
    },
    keyVault:
      tenant.keyVault === undefined
        ? undefined
        : { keyVaultId: tenant.keyVault.id, passphrase: tenant.keyVault.passphrase, tags: tenant.keyVault.tags },
  };
}
