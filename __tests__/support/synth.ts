import { TerraformStack, Testing } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";

/** A synthesized stack, as Terraform reads it. */
export interface SynthesizedStack {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: string; sensitive?: boolean; description?: string }>;
  readonly provider: Record<string, Record<string, unknown>[]>;
  readonly terraform: Record<string, unknown>;
}

/** A fresh stack with an azuread provider, as a user's stack would have. */
export function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AzureadProvider(stack, "azuread", {});
  return stack;
}

/** Synthesizes a stack with cdktf's validations on, and parses the JSON. */
export function synth(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack, true)) as SynthesizedStack;
}

/** The resources of one type, by Terraform name. */
export function resources(json: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

/** The only resource of a type; fails the test when there is not exactly one. */
export function onlyResource(json: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(resources(json, type));
  if (all.length !== 1) {
    throw new Error(`expected exactly one ${type}, found ${all.length}`);
  }
  return all[0];
}

/** The Terraform address (`type.name`) of the only resource or data source of a type. */
export function addressOf(json: SynthesizedStack, type: string, kind: "resource" | "data" = "resource"): string {
  const names = Object.keys(json[kind][type] ?? {});
  if (names.length !== 1) {
    throw new Error(`expected exactly one ${kind} ${type}, found ${names.length}`);
  }
  return kind === "data" ? `data.${type}.${names[0]}` : `${type}.${names[0]}`;
}
