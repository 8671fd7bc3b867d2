import { Construct } from "constructs";
import { Fn, Op, type TerraformProvider } from "cdktf";
import { ClientSecret, hours } from "./client-secret";

/** How a registration's client secrets overlap. */
export interface SecretSlotsProps {
  readonly applicationId: string;
  readonly displayName: string;
  readonly lifetimeDays: number;
  readonly rotationDays: number;
  /** 1 for a single secret, 2 for two overlapping ones. */
  readonly slots: 1 | 2;
  /** The azuread provider of the passwords; the stack's unaliased one when left out. */
  readonly provider?: TerraformProvider;
  /** The time provider of the clocks; the stack's unaliased one when left out. */
  readonly timeProvider?: TerraformProvider;
}

/** The secrets of a registration and which one Corso should use. */
export interface SecretSlots {
  /** Slot A, then slot B when there are two. */
  readonly slots: readonly ClientSecret[];
  /** The newer slot's value: the secret Corso should use. */
  readonly currentValue: string;
  /** The newer slot's expiry (RFC 3339). */
  readonly currentEndDate: string;
}

/**
 * Creates one or two client secrets. With two, slot B is replaced half a rotation period after
 * slot A, so that one secret is always at most half a period old: each rotation leaves the other
 * slot's secret valid while Corso's runners pick up the new one.
 *
 * Slot A rotates every `rotationDays` from its creation. Slot B's next rotation is computed, each
 * time it is created, as slot A's next rotation plus half a period: A at day 0, R, 2R...; B at
 * 1.5R, 2.5R... The newer slot is the one created last (`time_rotating.unix`), decided by Terraform.
 */
export function createSecretSlots(scope: Construct, props: SecretSlotsProps): SecretSlots {
  const slot = (id: string, firstRotation?: string) =>
    new ClientSecret(scope, `ClientSecret${id}`, {
      applicationId: props.applicationId,
      displayName: `${props.displayName} secret ${id}`,
      lifetimeDays: props.lifetimeDays,
      rotationDays: props.rotationDays,
      firstRotation,
      provider: props.provider,
      timeProvider: props.timeProvider,
    });

  const a = slot("A");
  if (props.slots === 1) {
    return { slots: [a], currentValue: a.value, currentEndDate: a.endDate };
  }
  const b = slot("B", Fn.timeadd(a.rotation.rotationRfc3339, hours(props.rotationDays, 12)));
  const bIsNewer = Op.gte(b.rotation.unix, a.rotation.unix);
  return {
    slots: [a, b],
    currentValue: Fn.conditional(bIsNewer, b.value, a.value) as string,
    currentEndDate: Fn.conditional(bIsNewer, b.endDate, a.endDate) as string,
  };
}
