import { type Dirent, existsSync, readdirSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { compare } from "../common";
import {
  type ImportReview,
  type NotReviewed,
  type NotReviewedKind,
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
import { SecretReach } from "./secret-reach";
import { StackIndex, fingerprint } from "./stack-index";
import { type ProviderReview, readProviders, readUnknownElements } from "./terraform-model";
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
  | { readonly kind: "cloud"; readonly organization: string; readonly workspace?: string; readonly hostname?: string }
  | { readonly kind: "other"; readonly backend: string };

/** One synthesized stack. */
export interface StackReview {
  readonly name: string;
  readonly state: StateLocation;
  /** Every setting of the state backend by key path (`backend.azurerm.use_msi`), as JSON. */
  readonly stateSettings: Readonly<Record<string, string>>;
  /** The provider configurations: which identities and tenants the stack signs in as. */
  readonly providers: readonly ProviderReview[];
  readonly registrations: readonly RegistrationReview[];
  /** Principals outside the stack's applications that it grants access to, signs in as or owns. */
  readonly others: readonly PrincipalReview[];
  readonly imports: readonly ImportReview[];
  readonly notReviewed: readonly NotReviewed[];
  /** Every resource's Terraform address, sorted. */
  readonly addresses: readonly string[];
}

/**
 * Reads every stack of a synthesis directory from where the deploy runs it, `stacks/<name>/cdk.tf.json`
 * (`terraform -chdir=cdktf.out/stacks/<name>`): the stacks `manifest.json` lists and every stack
 * directory beside them. A manifest that names another file for a stack (which must lie inside the
 * directory) is listed under "Not reviewed" when that file differs. Anything unreadable or of the
 * wrong shape is a {@link ReviewInputError}.
 */
export function readSynthesis(dir: string): SynthesisReview {
  const manifestPlace: JsonPlace = { file: join(dir, "manifest.json"), path: "" };
  const manifest = asObject(readJsonInside(dir, "manifest.json", manifestPlace.file), manifestPlace);
  const stacks = asObject(manifest.stacks, at(manifestPlace, "stacks"));
  const names = [...new Set([...Object.keys(stacks), ...stackDirectories(dir)])].sort(compare);
  return {
    stacks: names.map((name) => {
      const layoutPath = posix.join("stacks", name, "cdk.tf.json");
      const notes: NotReviewed[] = [];
      let relativePath = layoutPath;
      if (!Object.prototype.hasOwnProperty.call(stacks, name)) {
        notes.push({
          kind: "file",
          address: layoutPath,
          why: "the deploy runs this stack, and manifest.json does not list it",
          fingerprint: layoutPath,
        });
      } else {
        const entryPlace = at(at(manifestPlace, "stacks"), name);
        const settings = asObject(stacks[name], entryPlace);
        if (settings.synthesizedStackPath !== undefined) {
          const declared = asString(settings.synthesizedStackPath, at(entryPlace, "synthesizedStackPath"));
          if (posix.normalize(declared) !== layoutPath) {
            const declaredFile = join(dir, declared);
            const declaredJson = asObject(readJsonInside(dir, declared, declaredFile), {
              file: declaredFile,
              path: "",
            });
            if (existsSync(join(dir, layoutPath))) {
              const deployed = readJsonInside(dir, layoutPath, join(dir, layoutPath));
              if (fingerprint(deployed) !== fingerprint(declaredJson)) {
                notes.push({
                  kind: "file",
                  address: "manifest.json",
                  path: `stacks.${name}.synthesizedStackPath`,
                  why: `the manifest points the review at ${declared}, while the deploy runs ${layoutPath}, which differs: the review reads ${layoutPath}`,
                  fingerprint: declared,
                });
              }
            } else {
              relativePath = declared;
              notes.push({
                kind: "file",
                address: "manifest.json",
                path: `stacks.${name}.synthesizedStackPath`,
                why: `the manifest points the review at ${declared}, and the deploy runs ${layoutPath}, which does not exist`,
                fingerprint: declared,
              });
            }
          }
        }
      }
      const file = join(dir, relativePath);
      const place: JsonPlace = { file, path: "" };
      const json = asObject(readJsonInside(dir, relativePath, file), place);
      return reviewStack(name, json, place, besideTheStack(dir, relativePath), notes);
    }),
  };
}

/** The stack directories of a synthesis: `stacks/<name>/` holding a `cdk.tf.json`. */
function stackDirectories(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(dir, "stacks"), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && existsSync(join(dir, "stacks", e.name, "cdk.tf.json")))
    .map((e) => e.name);
}

function reviewStack(
  name: string,
  json: JsonObject,
  place: JsonPlace,
  extraFiles: string[],
  notes: readonly NotReviewed[],
): StackReview {
  const index = new StackIndex(json, place);
  const access = readStackAccess(index);
  const listed: NotReviewed[] = [
    ...notes,
    ...access.notReviewed,
    ...extraFiles.map((file): NotReviewed => ({
      kind: "file",
      address: file,
      why: "a Terraform file beside the stack: Terraform reads it, the review does not",
      fingerprint: file,
    })),
  ];
  const unknown = readUnknownElements(index, new SecretReach(json), listed);
  const terraform = optionalObject(json.terraform, at(place, "terraform")) ?? {};
  return {
    name,
    state: readState(terraform, at(place, "terraform")),
    stateSettings: flatSettings({ backend: terraform.backend, cloud: terraform.cloud }),
    providers: readProviders(json),
    registrations: access.registrations,
    others: access.others,
    imports: access.imports,
    notReviewed: [...listed, ...unknown].sort(byKind),
    addresses: index.blocks.filter((b) => !b.data).map((b) => b.address),
  };
}

/** A JSON value's leaves by key path, each as JSON. */
function flatSettings(value: unknown, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key !== "//") flatSettings(inner, prefix === "" ? key : `${prefix}.${key}`, out);
    }
  } else if (value !== undefined) {
    out[prefix] = JSON.stringify(value);
  }
  return out;
}

const KIND_ORDER: readonly NotReviewedKind[] = [
  "file",
  "block",
  "type",
  "argument",
  "expression",
  "provider",
  "terraform",
  "output",
  "import",
];

function byKind(a: NotReviewed, b: NotReviewed): number {
  return (
    KIND_ORDER.indexOf(a.kind ?? "type") - KIND_ORDER.indexOf(b.kind ?? "type") ||
    compare(a.address, b.address) ||
    compare(a.path ?? "", b.path ?? "") ||
    compare(a.why, b.why)
  );
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
    return {
      kind: "cloud",
      organization: shown(cloud.organization),
      ...(workspaces.name === undefined ? {} : { workspace: shown(workspaces.name) }),
      ...(cloud.hostname === undefined ? {} : { hostname: shown(cloud.hostname) }),
    };
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
