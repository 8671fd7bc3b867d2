import { Construct } from "constructs";
import { Fn, Op, type TerraformProvider, Token } from "cdktf";
import { ApplicationPasswordA } from "@cdktf/provider-azuread/lib/application-password";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import {
  type PropTypes,
  findPropTypeProblems,
  number,
  required,
  terraformLiterals,
  text,
  throwIfProblems,
} from "../common";
import { ensureDefaultProvider, terraformProviderType } from "./providers";

/** Props of one {@link ClientSecret}. */
export interface ClientSecretProps {
  /** The application's `id` (`/applications/{objectId}`), as `azuread_application_password` takes it. */
  readonly applicationId: string;
  /** Name of the secret in Entra ID > Certificates & secrets. */
  readonly displayName: string;
  /** Days from the secret's creation to its expiry. */
  readonly lifetimeDays: number;
  /** Days after which Terraform replaces the secret with a new one. */
  readonly rotationDays: number;
  /**
   * When the first secret is replaced (RFC 3339); read once, when the clock is created.
   * @default - `rotationDays` after the secret's creation
   */
  readonly firstRotation?: string;
  /**
   * The azuread provider of the password.
   * @default - the stack's unaliased azuread provider
   */
  readonly provider?: TerraformProvider;
  /**
   * The time provider of the clock.
   * @default - the stack's unaliased time provider, which the stack gets when it declares none
   */
  readonly timeProvider?: TerraformProvider;
}

/** The runtime type of every prop, for JavaScript callers: one line each. */
const CLIENT_SECRET_PROP_TYPES: PropTypes<ClientSecretProps> = {
  applicationId: required(text),
  displayName: required(text),
  lifetimeDays: required(number),
  rotationDays: required(number),
  firstRotation: text,
  provider: terraformProviderType,
  timeProvider: terraformProviderType,
};

/**
 * A client secret that Terraform replaces every `rotationDays`, each one valid for `lifetimeDays`.
 *
 * The end date is computed from a `time_rotating` timestamp, never from `timestamp()`, so it is
 * stable between plans; `end_date_relative` is not used because azuread 3.x ignores it (#1424).
 */
export class ClientSecret extends Construct {
  /** The clock that decides when the secret is replaced; its `id` is the secret's start. */
  public readonly rotation: Rotating;
  /** The `azuread_application_password` resource. */
  public readonly password: ApplicationPasswordA;
  /** The secret's expiry (RFC 3339), known once the clock exists. */
  public readonly endDate: string;

  constructor(scope: Construct, id: string, props: ClientSecretProps) {
    super(scope, id);
    throwIfProblems("ClientSecret", findPropTypeProblems(props, CLIENT_SECRET_PROP_TYPES));
    // Whatever the clock uses, the stack keeps exactly one unaliased time provider: its own or this one.
    ensureDefaultProvider(this, "time", (stack, id) => new TimeProvider(stack, id));

    const provider = props.timeProvider;
    this.rotation = new Rotating(
      this,
      "Rotation",
      terraformLiterals(
        props.firstRotation === undefined
          ? { provider, rotationDays: props.rotationDays }
          : // A fixed rotation timestamp would re-trigger on every plan once passed: it is read at creation
            // only, and each replacement computes it again from the expression.
            { provider, rotationRfc3339: props.firstRotation, lifecycle: { ignoreChanges: ["rotation_rfc3339"] } },
      ),
    );
    this.endDate = Fn.timeadd(this.rotation.id, hours(props.lifetimeDays));
    // The display name comes from props: terraformLiterals keeps it text, never a template.
    this.password = new ApplicationPasswordA(
      this,
      "Password",
      terraformLiterals({
        provider: props.provider,
        applicationId: props.applicationId,
        displayName: props.displayName,
        endDate: this.endDate,
        rotateWhenChanged: { rotation: this.rotation.id },
      }),
    );
  }

  /** The secret's value: a token that Terraform resolves at apply time and marks sensitive. */
  public get value(): string {
    return this.password.value;
  }
}

/**
 * A Terraform duration of `days` in hours (`"4320h"`), at `hoursPerDay` (12 gives half the days);
 * a token becomes an expression.
 */
export function hours(days: number, hoursPerDay = 24): string {
  return Token.isUnresolved(days) ? Fn.format("%dh", [Op.mul(days, hoursPerDay)]) : `${days * hoursPerDay}h`;
}
