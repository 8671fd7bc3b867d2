import { basename } from "node:path";
import { compare } from "../common";
import {
  type JsonObject,
  type JsonPlace,
  asArray,
  asObject,
  asString,
  at,
  fail,
  objectsOf,
  optionalObject,
  readJsonFile,
} from "./json-input";

// The JSON of `terraform show -json PLANFILE`
// (https://developer.hashicorp.com/terraform/internals/json-format#plan-representation).

/** What Terraform will do to one resource, in reviewers' terms. */
export type PlanAction = "create" | "update" | "replace" | "delete" | "read" | "no-op" | "forget" | "unknown";

/** One entry of a plan's `resource_changes`. */
export interface PlanChange {
  readonly address: string;
  readonly type: string;
  readonly mode: "managed" | "data";
  readonly actions: readonly string[];
  readonly action: PlanAction;
  /** Terraform's `action_reason`, such as `replace_because_cannot_update`. */
  readonly reason?: string;
  /** The id of the existing object Terraform imports, when it does. */
  readonly importing?: string;
  readonly before: JsonObject | undefined;
  readonly after: JsonObject | undefined;
  /** Attributes whose new value is known only when Terraform applies. */
  readonly afterUnknown: JsonObject;
  /** Resources the configuration of this one refers to (`azuread_application.x`). */
  readonly references: readonly string[];
  /** The configuration's expressions, when the resource is still configured. */
  readonly expressions: JsonObject;
  /** Which values are sensitive (`true` at their path), before and after: never shown. */
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
  /** The provider configuration the resource uses (`azuread`, or `azuread.other` for an alias), when configured. */
  readonly provider?: string;
}

/** One output whose value the apply changes. */
export interface OutputChange {
  readonly name: string;
  readonly action: PlanAction;
  /** Whether Terraform treats the new value as sensitive. */
  readonly sensitive: boolean;
  /** The references of the output's expression, when the plan's configuration has it. */
  readonly references?: readonly string[];
}

/** One plan file, read and checked. */
export interface PlanReview {
  readonly file: string;
  /** When Terraform made the plan (RFC 3339). */
  readonly timestamp?: string;
  readonly errored: boolean;
  readonly changes: readonly PlanChange[];
  /** Outputs whose value changes, with Terraform's actions. */
  readonly outputs: readonly OutputChange[];
  /** Every configured resource and data source of the root module: address -> expressions. */
  readonly configuration: ReadonlyMap<string, ConfiguredResource>;
  /** Input variables the configuration marks sensitive. */
  readonly sensitiveVariables: ReadonlySet<string>;
  /** The values of the data sources Terraform read while planning (`prior_state`), by address. */
  readonly dataValues: ReadonlyMap<string, JsonObject>;
}

/** Reads the JSON of a saved plan (`terraform show -json PLANFILE`); a file of another shape is a named error. */
export function readPlan(file: string): PlanReview {
  const place: JsonPlace = { file, path: "" };
  const json = asObject(readJsonFile(file, file), place);
  const version = json.format_version;
  if (typeof version !== "string" || !/^1\.\d+$/.test(version)) {
    fail(
      at(place, "format_version"),
      "expected the JSON of a Terraform plan (terraform show -json PLANFILE), format 1.x",
    );
  }
  if (json.resource_changes === undefined && json.planned_values === undefined) {
    fail(place, "has neither resource_changes nor planned_values: not the JSON of a Terraform plan");
  }
  const configured = configuredRoot(json, place);
  const configuration = configured.resources;
  const changes = (
    json.resource_changes === undefined ? [] : asArray(json.resource_changes, at(place, "resource_changes"))
  )
    .map((entry, i) => readChange(entry, at(at(place, "resource_changes"), i), configuration))
    .sort((a, b) => compare(a.address, b.address));
  const outputs = objectsOf(json.output_changes, at(place, "output_changes"))
    .map(([name, output, outputPlace]): OutputChange => {
      const expression = configured.outputs.get(name);
      return {
        name,
        action: classify(readActions(output.actions, at(outputPlace, "actions"))),
        sensitive: output.after_sensitive === true || expression?.sensitive === true,
        references: expression === undefined ? undefined : referencePaths(expression.expression),
      };
    })
    .filter((o) => o.action !== "no-op")
    .sort((a, b) => compare(a.name, b.name));
  return {
    file,
    timestamp: typeof json.timestamp === "string" ? json.timestamp : undefined,
    errored: json.errored === true,
    changes,
    outputs,
    configuration,
    sensitiveVariables: configured.sensitiveVariables,
    dataValues: priorData(json, place),
  };
}

/** The plan file's name, as the report calls it. */
export function planLabel(plan: PlanReview): string {
  return basename(plan.file);
}

function readChange(entry: unknown, place: JsonPlace, configuration: Map<string, ConfiguredResource>): PlanChange {
  const body = asObject(entry, place);
  const address = asString(body.address, at(place, "address"));
  const type = asString(body.type, at(place, "type"));
  const mode = asString(body.mode, at(place, "mode"));
  if (mode !== "managed" && mode !== "data") fail(at(place, "mode"), "expected managed or data");
  const change = asObject(body.change, at(place, "change"));
  const actions = readActions(change.actions, at(at(place, "change"), "actions"));
  const importing = optionalObject(change.importing, at(at(place, "change"), "importing"));
  const importId =
    importing === undefined ? undefined : typeof importing.id === "string" ? importing.id : "(an identity)";
  const configured = configuration.get(address.replace(/\[[^\]]*\]$/, ""));
  const expressions = configured?.expressions ?? {};
  return {
    address,
    type,
    mode,
    actions,
    action: classify(actions),
    reason: typeof body.action_reason === "string" ? body.action_reason : undefined,
    importing: importId,
    before: valueOrUndefined(change.before, at(at(place, "change"), "before")),
    after: valueOrUndefined(change.after, at(at(place, "change"), "after")),
    afterUnknown: optionalObject(change.after_unknown, at(at(place, "change"), "after_unknown")) ?? {},
    references: referencesOf(expressions),
    expressions,
    beforeSensitive: change.before_sensitive,
    afterSensitive: change.after_sensitive,
    provider: configured?.provider,
  };
}

function readActions(value: unknown, place: JsonPlace): string[] {
  return asArray(value, place).map((action, i) => asString(action, at(place, i)));
}

function valueOrUndefined(value: unknown, place: JsonPlace): JsonObject | undefined {
  return value === null || value === undefined ? undefined : asObject(value, place);
}

/** Terraform's action lists in reviewers' terms; a list it does not document is `unknown`. */
export function classify(actions: readonly string[]): PlanAction {
  const key = actions.join(",");
  switch (key) {
    case "no-op":
    case "create":
    case "read":
    case "update":
    case "delete":
    case "forget":
      return key;
    case "delete,create":
    case "create,delete":
      return "replace";
    default:
      return "unknown";
  }
}

/** A resource or data source as configured: its expressions and provider configuration key. */
export interface ConfiguredResource {
  readonly expressions: JsonObject;
  readonly provider?: string;
}

interface ConfiguredRoot {
  readonly resources: Map<string, ConfiguredResource>;
  readonly outputs: Map<string, JsonObject>;
  readonly sensitiveVariables: Set<string>;
}

/** The root module of the plan's configuration: resources (address -> expressions), outputs, sensitive variables. */
function configuredRoot(json: JsonObject, place: JsonPlace): ConfiguredRoot {
  const found: ConfiguredRoot = { resources: new Map(), outputs: new Map(), sensitiveVariables: new Set() };
  const configuration = optionalObject(json.configuration, at(place, "configuration"));
  if (configuration === undefined) return found;
  const rootPlace = at(at(place, "configuration"), "root_module");
  const root = optionalObject(configuration.root_module, rootPlace);
  if (root === undefined) return found;
  if (root.resources !== undefined) {
    asArray(root.resources, at(rootPlace, "resources")).forEach((item, i) => {
      const resourcePlace = at(at(rootPlace, "resources"), i);
      const resource = asObject(item, resourcePlace);
      const address = asString(resource.address, at(resourcePlace, "address"));
      found.resources.set(address, {
        expressions: optionalObject(resource.expressions, at(resourcePlace, "expressions")) ?? {},
        provider: typeof resource.provider_config_key === "string" ? resource.provider_config_key : undefined,
      });
    });
  }
  for (const [name, output] of objectsOf(root.outputs, at(rootPlace, "outputs"))) found.outputs.set(name, output);
  for (const [name, variable] of objectsOf(root.variables, at(rootPlace, "variables"))) {
    if (variable.sensitive === true) found.sensitiveVariables.add(name);
  }
  return found;
}

/** The data sources of the root module as Terraform read them while planning. */
function priorData(json: JsonObject, place: JsonPlace): Map<string, JsonObject> {
  const found = new Map<string, JsonObject>();
  const prior = optionalObject(json.prior_state, at(place, "prior_state"));
  const values = optionalObject(prior?.values, at(at(place, "prior_state"), "values"));
  const rootPlace = at(at(at(place, "prior_state"), "values"), "root_module");
  const root = optionalObject(values?.root_module, rootPlace);
  if (root?.resources === undefined) return found;
  asArray(root.resources, at(rootPlace, "resources")).forEach((item, i) => {
    const resource = asObject(item, at(at(rootPlace, "resources"), i));
    if (resource.mode !== "data" || typeof resource.address !== "string") return;
    const value = optionalObject(resource.values, at(at(at(rootPlace, "resources"), i), "values"));
    if (value !== undefined) found.set(resource.address, value);
  });
  return found;
}

/** Every reference an expression tree makes, as Terraform lists them (`azuread_application.x.id`, `local.y`). */
export function referencePaths(expressions: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "references" && Array.isArray(inner)) {
          for (const ref of inner) if (typeof ref === "string") found.add(ref);
        } else visit(inner);
      }
    }
  };
  visit(expressions);
  return [...found].sort(compare);
}

/** Every resource address an expression tree refers to (`azuread_application.x.id` -> `azuread_application.x`). */
function referencesOf(expressions: JsonObject): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "references" && Array.isArray(inner)) {
          for (const ref of inner) {
            const match = typeof ref === "string" ? /^((?:data\.)?[A-Za-z][\w-]*\.[A-Za-z_][\w-]*)/.exec(ref) : null;
            if (match !== null) found.add(match[1]);
          }
        } else visit(inner);
      }
    }
  };
  visit(expressions);
  return [...found].sort(compare);
}

/** A known string attribute of a value, or undefined. */
export function attribute(value: JsonObject | undefined, name: string): string | undefined {
  const found = value?.[name];
  return typeof found === "string" ? found : undefined;
}
