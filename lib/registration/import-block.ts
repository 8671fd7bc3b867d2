import type { Construct } from "constructs";
import { TerraformElement, type TerraformProvider, type TerraformResource } from "cdktf";

/** Props of {@link ImportBlock}. */
export interface ImportBlockProps {
  /** The resource the existing object is imported into. */
  readonly to: TerraformResource;
  /** The provider's import id of the existing object; may hold references, read at plan time. */
  readonly id: string;
  /**
   * The provider configuration that reads the object; give the resource's own when it has one.
   * @default - the resource's default provider configuration
   */
  readonly provider?: TerraformProvider;
}

/**
 * A Terraform `import` block, written as cdktf's `importFrom` writes it: the same JSON, HCL and stack
 * metadata. `importFrom` also adds a validation that runs `terraform version` for each imported
 * resource (hashicorp/terraform-cdk packages/cdktf/lib/terraform-resource.ts, `importFrom`): one
 * process per object at every synthesis, and a failed synthesis wherever Terraform is not installed
 * (a review job). Terraform itself refuses an import block it cannot handle when it plans.
 */
export class ImportBlock extends TerraformElement {
  private readonly props: ImportBlockProps;

  constructor(scope: Construct, id: string, props: ImportBlockProps) {
    super(scope, id);
    this.props = props;
  }

  private get address(): string {
    return `${this.props.to.terraformResourceType}.${this.props.to.friendlyUniqueId}`;
  }

  public toTerraform(): Record<string, unknown> {
    return { import: [{ provider: this.props.provider?.fqn, id: this.props.id, to: this.address }] };
  }

  public toHclTerraform(): Record<string, unknown> {
    const reference = (value: string) => ({ value, type: "simple", storageClassType: "reference" });
    return {
      import: [
        {
          to: reference(this.address),
          id: { value: this.props.id, type: "simple", storageClassType: "string" },
          provider: this.props.provider === undefined ? undefined : reference(this.props.provider.fqn),
        },
      ],
    };
  }

  public toMetadata(): Record<string, unknown> {
    return { imports: { [this.props.to.terraformResourceType]: [this.props.to.friendlyUniqueId] } };
  }
}
