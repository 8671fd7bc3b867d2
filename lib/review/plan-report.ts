import { code } from "./markdown";
import type { ApplyEffect, FailOn, PlanApply } from "./plan-effects";

/** An effect with the plan and registration it belongs to, for the lists at the top. */
interface Placed {
  readonly where: string;
  readonly effect: ApplyEffect;
}

/** Every effect of the plans, each with where it happens, in report order. */
function placed(plans: readonly PlanApply[]): Placed[] {
  return plans.flatMap((plan) => {
    const prefix = `${code(plan.label)}${plan.stack === undefined ? "" : ` (stack ${code(plan.stack)})`}`;
    return [
      ...plan.registrations.flatMap((r) =>
        r.effects.map((effect) => ({ where: `${prefix}: ${code(r.name)}`, effect })),
      ),
      ...plan.general.map((effect) => ({ where: prefix, effect })),
    ];
  });
}

/** The effects a `--fail-on` list refuses. */
export function refused(plans: readonly PlanApply[], failOn: readonly FailOn[]): Placed[] {
  return placed(plans).filter((p) => p.effect.failOn !== undefined && failOn.includes(p.effect.failOn));
}

/** True when any plan escalates. */
export function plansEscalate(plans: readonly PlanApply[]): boolean {
  return placed(plans).some((p) => p.effect.escalation);
}

/** Markdown of what the apply of each plan will do: escalations and refusals first, then plan by plan. */
export function renderApply(plans: readonly PlanApply[], failOn: readonly FailOn[]): string {
  const lines = ["## What the apply will do", ""];
  const refusals = refused(plans, failOn);
  if (refusals.length > 0) {
    lines.push(
      `**Refused by \`--fail-on ${failOn.join(",")}\` (${refusals.length}): do not apply this plan**`,
      "",
      ...refusals.map((p) => `- ${p.where}: ${p.effect.markdown}`),
      "",
    );
  }
  const escalations = placed(plans).filter((p) => p.effect.escalation);
  if (escalations.length > 0) {
    lines.push(
      `**Escalations (${escalations.length}): ask for a security review**`,
      "",
      ...escalations.map((p) => `- ${p.where}: ${p.effect.markdown}`),
      "",
    );
  }
  for (const plan of plans) {
    lines.push(`### Plan ${code(plan.label)}${plan.stack === undefined ? "" : `, stack ${code(plan.stack)}`}`, "");
    if (plan.nothingChanges) {
      lines.push("Nothing will change.", "");
      continue;
    }
    for (const r of plan.registrations) {
      lines.push(`- ${code(r.name)}: ${r.effects.map((e) => e.markdown).join("; ")}.`);
    }
    for (const effect of plan.general) lines.push(`- ${effect.markdown}`);
    lines.push("");
    if (plan.details.length > 0) {
      lines.push(
        `<details><summary>Terraform's changes (${plan.details.length})</summary>`,
        "",
        ...plan.details.map((d) => `- ${d}`),
        "",
        "</details>",
        "",
      );
    }
  }
  return lines.join("\n");
}
