import { IConstruct } from "constructs";
import { TerraformProvider, TerraformStack } from "cdktf";

/**
 * Returns the stack's default (unaliased) provider of a type, creating it with `create` when the
 * stack has none yet, so that several constructs in one stack share a single provider block.
 */
export function defaultProvider(
  scope: IConstruct,
  type: string,
  create: (stack: TerraformStack) => TerraformProvider,
): TerraformProvider {
  const stack = TerraformStack.of(scope);
  return findDefaultProvider(stack, type) ?? create(stack);
}

/** Finds the stack's unaliased provider of a type (`"azuread"`, `"time"`), if it has one. */
export function findDefaultProvider(stack: TerraformStack, type: string): TerraformProvider | undefined {
  return stack.node
    .findAll()
    .find(
      (c): c is TerraformProvider =>
        TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === type && c.alias === undefined,
    );
}
