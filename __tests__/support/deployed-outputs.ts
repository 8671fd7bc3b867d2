/** The moment the status tests judge at. */
export const NOW = new Date("2026-03-01T09:30:00Z");

/** A client secret as Entra ID makes them, with the characters that break careless quoting. */
export const SECRET = "Qx8~vT3.sEcReT_$'\"`-value";

const DAY = 86_400_000;

/** Schedule settings of a deployed stack. */
export interface Deployment {
  readonly rotationDays?: number;
  readonly lifetimeDays?: number;
  readonly slots?: 1 | 2;
}

/**
 * The outputs of a deployed `CorsoStack` whose current secret (slot A, the newer) expires
 * `daysLeft` days after `now`: slot B, if any, was created half a period before it, as the
 * construct staggers them. Values as `terraform output` prints them.
 */
export function deployedOutputs(daysLeft: number, now = NOW, deployment: Deployment = {}): Record<string, unknown> {
  const rotation = deployment.rotationDays ?? 90;
  const lifetime = deployment.lifetimeDays ?? 180;
  const time = (days: number) => new Date(now.getTime() + days * DAY).toISOString().replace(/\.000Z$/, "Z");
  const createdA = daysLeft - lifetime;
  const createdB = createdA - rotation / 2;
  const slots = [{ slot: "A", end_date: time(daysLeft), next_rotation: time(createdA + rotation) }];
  if ((deployment.slots ?? 2) === 2) {
    slots.push({ slot: "B", end_date: time(createdB + lifetime), next_rotation: time(createdA + rotation / 2) });
  }
  return {
    AZURE_CLIENT_ID: "0e5c6a4b-7d43-4f7e-9a2b-3c1d2e4f5a6b",
    AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    AZURE_CLIENT_SECRET: SECRET,
    client_secret_end_date: time(daysLeft),
    client_secret_schedule: { rotation_days: rotation, lifetime_days: lifetime, slots },
  };
}

/** The same outputs as `terraform output -json` prints them: each with its type and sensitivity. */
export function asTerraformOutputJson(values: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(values).map(([name, value]) => [
        name,
        {
          sensitive: name === "AZURE_CLIENT_SECRET",
          type: typeof value === "string" ? "string" : ["object", {}],
          value,
        },
      ]),
    ),
  );
}
