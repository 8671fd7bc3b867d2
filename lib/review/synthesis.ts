import { readdirSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { compare } from "../common";
import {
  type ImportReview,
  type NotReviewed,
  type PrincipalReview,
  type RegistrationReview,
  readStackAccess,
} from "./access-model";
import {
  type JsonObject,
  type JsonPlace,
  asObject,
  asString,
  at,
  fail,
  optionalObject,
  readJsonInside,
} from "./json-input";
import { StackIndex } from "./stack-index";
import { shown } from "./terraform-values";

/** What a reviewer needs to know of one synthesized directory (`cdktf.out`), read from its JSON alone. */
export interface SynthesisReview {
  readonly stacks: readonly StackReview[];
}

/** Where Terraform keeps a stack's state. */
export type StateLocation =
  | { readonly kind: "local"; readonly path: string }
  | {
      readonly kind: "azurerm";
      readonly account: string;
      readonly container: string;
      readonly key: string;
      readonly entraAuth: boolean;
    }
  | { readonly kind: "cloud"; readonly organization: string; readonly workspace: string }
  | { readonly kind: "other"; readonly backend: string };

/** One synthesized stack. */
export interface StackReview {
  readonly name: string;
  readonly state: StateLocation;
  readonly registrations: readonly RegistrationReview[];
  /** Principals outside the stack's applications that it grants access to, signs in as or owns. */
  readonly others: readonly PrincipalReview[];
  readonly imports: readonly ImportReview[];
  readonly notReviewed: readonly NotReviewed[];
  /** Every resource's Terraform address, sorted. */
  readonly addresses: readonly string[];
}

/**
 * Reads every stack of a synthesis directory: `manifest.json` names each stack's file, which must
 * lie inside the directory. Anything unreadable or of the wrong shape is a {@link ReviewInputError}.
 */
export function readSynthesis(dir: string): SynthesisReview {
  const manifestPlace: JsonPlace = { file: join(dir, "manifest.json"), path: "" };
  const manifest = asObject(readJsonInside(dir, "manifest.json", manifestPlace.file), manifestPlace);
  const stacks = asObject(manifest.stacks, at(manifestPlace, "stacks"));
  return {
    stacks: Object.entries(stacks)
      .map(([name, entry]) => {
        const entryPlace = at(at(manifestPlace, "stacks"), name);
        const settings = asObject(entry, entryPlace);
        const relativePath =
          settings.synthesizedStackPath === undefined
            ? posix.join("stacks", name, "cdk.tf.json")
            : asString(settings.synthesizedStackPath, at(entryPlace, "synthesizedStackPath"));
        const file = join(dir, relativePath);
        const place: JsonPlace = { file, path: "" };
        const json = asObject(readJsonInside(dir, relativePath, file), place);
        return reviewStack(name, json, place, besideTheStack(dir, relativePath));
      })
      .sort((a, b) => compare(a.name, b.name)),
  };
}

function reviewStack(name: string, json: JsonObject, place: JsonPlace, extraFiles: string[]): StackReview {
  const index = new StackIndex(json, place);
  const access = readStackAccess(index);
  const notReviewed: NotReviewed[] = [
    ...access.notReviewed,
    ...extraFiles.map((file) => ({
      address: file,
      why: "a Terraform file beside the stack: Terraform reads it, the review does not",
      fingerprint: file,
    })),
  ];
  return {
    name,
    state: readState(optionalObject(json.terraform, at(place, "terraform")) ?? {}, at(place, "terraform")),
    registrations: access.registrations,
    others: access.others,
    imports: access.imports,
    notReviewed,
    addresses: index.blocks.filter((b) => !b.data).map((b) => b.address),
  };
}

/** Terraform configuration files next to the stack's own, which Terraform would load with it. */
function besideTheStack(dir: string, stackFile: string): string[] {
  const folder = dirname(stackFile);
  let names: string[];
  try {
    names = readdirSync(join(dir, folder));
  } catch {
    return [];
  }
  return names
    .filter((n) => /\.tf(\.json)?$/.test(n) && posix.join(folder, n) !== posix.normalize(stackFile))
    .map((n) => posix.join(folder, n))
    .sort(compare);
}

function readState(terraform: JsonObject, place: JsonPlace): StateLocation {
  const cloud = optionalObject(terraform.cloud, at(place, "cloud"));
  if (cloud !== undefined) {
    const workspaces = optionalObject(cloud.workspaces, at(at(place, "cloud"), "workspaces")) ?? {};
    return { kind: "cloud", organization: shown(cloud.organization), workspace: shown(workspaces.name) };
  }
  const backends = Object.entries(optionalObject(terraform.backend, at(place, "backend")) ?? { local: {} });
  if (backends.length !== 1) fail(at(place, "backend"), `expected one backend, got ${backends.length}`);
  const [type, value] = backends[0];
  const settings = asObject(value, at(at(place, "backend"), type));
  switch (type) {
    case "local":
      return { kind: "local", path: settings.path === undefined ? "terraform.tfstate" : shown(settings.path) };
    case "azurerm":
      return {
        kind: "azurerm",
        account: shown(settings.storage_account_name),
        container: shown(settings.container_name),
        key: shown(settings.key),
        entraAuth: settings.use_azuread_auth === true,
      };
    default:
      return { kind: "other", backend: type };
  }
}
