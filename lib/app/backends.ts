import { AzurermBackend, CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import type { BackendConfig } from "./config-schema";

/** Defaults that give each tenant's stack its own state in a shared backend. */
export const BACKEND_DEFAULTS = {
  azurermKeyPrefix: "corso/",
  cloudWorkspacePrefix: "corso-",
} as const;

/**
 * Configures where a stack keeps its Terraform state, one state per stack:
 * a local file (default), an Azure Storage blob (`<keyPrefix><stack>.tfstate`, locked by blob lease,
 * Entra ID auth unless turned off) or an HCP Terraform workspace (`<workspacePrefix><stack>`).
 */
export function addBackend(stack: TerraformStack, backend: BackendConfig | undefined, stackName: string): void {
  switch (backend?.type) {
    case undefined:
    case "local":
      // cdktf's own default is an absolute path; a relative one (from cdktf.out/stacks/<stack>/ to the
      // project root, where cdktf keeps it too) synthesizes the same on every machine.
      new LocalBackend(stack, { path: backend?.path ?? `../../../terraform.${stackName}.tfstate` });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: `${backend.keyPrefix ?? BACKEND_DEFAULTS.azurermKeyPrefix}${stackName}.tfstate`,
        resourceGroupName: backend.resourceGroupName,
        subscriptionId: backend.subscriptionId,
        tenantId: backend.tenantId,
        useAzureadAuth: backend.useAzureadAuth ?? true,
        useOidc: backend.useOidc,
        useMsi: backend.useMsi,
        environment: backend.environment,
        snapshot: backend.snapshot,
      });
      return;
    case "cloud":
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(
          `${backend.workspacePrefix ?? BACKEND_DEFAULTS.cloudWorkspacePrefix}${stackName}`,
        ),
      });
      return;
  }
}
