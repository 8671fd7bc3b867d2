import { IConstruct } from "constructs";
import { Aspects, type IAspect, TerraformProvider, TerraformStack } from "cdktf";
import { type PropType, show, simpleType } from "../common";

/** Makes the provider a stack gets when it declares none of that type itself. */
export type ProviderFactory = (stack: TerraformStack, id: string) => TerraformProvider;

/**
 * Gives the stack of `scope` an unaliased provider of `type` (`"time"`) when it is synthesized,
 * unless the stack declares one of its own by then. The check runs at synthesis, not now, so
 * that a provider the stack declares after the construct, under any id, is the one used, and the
 * stack never ends up with two. Several calls for one stack and type add one provider.
 */
export function ensureDefaultProvider(scope: IConstruct, type: string, create: ProviderFactory): void {
  const stack = TerraformStack.of(scope);
  const aspects = Aspects.of(stack);
  if (!aspects.all.some((a) => a instanceof DefaultProvider && a.type === type)) {
    aspects.add(new DefaultProvider(stack, type, create));
  }
}

/** Finds the stack's unaliased provider of a type (`"azuread"`, `"time"`), if it has one. */
export function findDefaultProvider(stack: TerraformStack, type: string): TerraformProvider | undefined {
  return providersOf(stack, type).find((p) => p.alias === undefined);
}

/** Every provider of a type in the stack, aliased or not, in the order they were declared. */
export function providersOf(stack: TerraformStack, type: string): TerraformProvider[] {
  return stack.node
    .findAll()
    .filter(
      (c): c is TerraformProvider => TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === type,
    );
}

/** The type of a provider prop that is checked here alone: any Terraform provider. */
export const terraformProviderType = simpleType("a Terraform provider", "Terraform providers", (v) =>
  TerraformProvider.isTerraformProvider(v),
);

/**
 * The type of a provider prop that {@link findProviderProblems} checks with its meaning (a provider,
 * of the right kind, in the construct's stack), so that the type check lets every value through.
 */
export const PROVIDER_PROP: PropType = {
  allowed: "a Terraform provider",
  plural: "Terraform providers",
  required: false,
  mismatch: () => undefined,
};

/**
 * Problems with a provider given in a prop: it must be a provider of `type` declared in the same
 * stack as the construct (a provider of another stack does not exist in this stack's configuration).
 */
export function findProviderProblems(
  scope: IConstruct,
  provider: unknown,
  type: string,
  field: string,
  hint: string,
): string[] {
  if (provider === undefined) {
    return [];
  }
  if (!TerraformProvider.isTerraformProvider(provider)) {
    return [`${field} ${describe(provider)} is not a Terraform provider: pass ${hint}`];
  }
  if (provider.terraformResourceType !== type) {
    return [
      `${field} is ${article(provider.terraformResourceType)} provider ('${provider.node.path}'), ` +
        `not ${article(type)} provider: pass ${hint}`,
    ];
  }
  const own = TerraformStack.of(scope);
  const its = TerraformStack.of(provider);
  if (its !== own) {
    return [
      `${field} '${provider.node.path}' is declared in stack '${its.node.path}', not in stack ` +
        `'${own.node.path}' where the construct is: pass ${article(type)} provider declared in the same stack`,
    ];
  }
  return [];
}

function describe(value: unknown): string {
  if (value === null || typeof value !== "object") {
    return show(value);
  }
  const name = value.constructor?.name;
  return name === undefined || name === "Object" ? "(a plain object)" : `(an instance of ${name})`;
}

/** "an azuread", "a time": the provider type with its article. */
function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}

/** The aspect behind {@link ensureDefaultProvider}; it runs on every synthesis of the stack. */
class DefaultProvider implements IAspect {
  private created?: TerraformProvider;

  constructor(
    private readonly stack: TerraformStack,
    public readonly type: string,
    private readonly create: ProviderFactory,
  ) {}

  public visit(node: IConstruct): void {
    if (node !== this.stack) {
      return;
    }
    const declared = providersOf(this.stack, this.type).filter((p) => p !== this.created && p.alias === undefined);
    if (declared.length > 0) {
      // Declared since an earlier synthesis of the same stack: the stack's own replaces ours.
      if (this.created !== undefined) {
        this.stack.node.tryRemoveChild(this.created.node.id);
        this.created = undefined;
      }
    } else if (this.created === undefined) {
      this.created = this.create(this.stack, this.freeId());
    }
  }

  /** An id no child of the stack has; the provider's id appears nowhere in the synthesized JSON. */
  private freeId(): string {
    const base = `corso-default-${this.type}`;
    let id = base;
    for (let n = 2; this.stack.node.tryFindChild(id) !== undefined; n++) {
      id = `${base}-${n}`;
    }
    return id;
  }
}
