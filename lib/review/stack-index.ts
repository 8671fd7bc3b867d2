import { compare } from "../common";
import { type JsonObject, type JsonPlace, asObject, at, objectsOf } from "./json-input";

/** One resource or data source block of a synthesized stack. */
export interface StackBlock {
  /** `azuread_application` (a resource) or `azuread_service_principal` (with `data` set). */
  readonly type: string;
  readonly name: string;
  /** Terraform's address: `type.name`, or `data.type.name` for a data source. */
  readonly address: string;
  readonly data: boolean;
  readonly body: JsonObject;
  readonly place: JsonPlace;
}

/** The blocks of one stack's Terraform JSON, checked for shape and reachable by address and type. */
export class StackIndex {
  readonly blocks: readonly StackBlock[];
  private readonly byAddress = new Map<string, StackBlock>();

  constructor(
    readonly json: JsonObject,
    readonly place: JsonPlace,
  ) {
    const blocks: StackBlock[] = [];
    for (const data of [false, true]) {
      const section = data ? "data" : "resource";
      for (const [type, byName, typePlace] of objectsOf(json[section], at(place, section))) {
        for (const [name, body, blockPlace] of objectsOf(byName, typePlace)) {
          const address = `${data ? "data." : ""}${type}.${name}`;
          blocks.push({ type, name, address, data, body: asObject(body, blockPlace), place: blockPlace });
        }
      }
    }
    this.blocks = blocks.sort((a, b) => compare(a.address, b.address));
    for (const block of this.blocks) this.byAddress.set(block.address, block);
  }

  /** The block at an address (`azuread_application.x`, `data.azuread_client_config.y`). */
  get(address: string): StackBlock | undefined {
    return this.byAddress.get(address);
  }

  /** The managed resources of a type, sorted by address. */
  resources(type: string): StackBlock[] {
    return this.blocks.filter((b) => !b.data && b.type === type);
  }

  /** The data sources of a type, sorted by address. */
  dataSources(type: string): StackBlock[] {
    return this.blocks.filter((b) => b.data && b.type === type);
  }
}

/** A block's settings as Terraform reads them, without cdktf's `//` metadata, keys sorted. */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== "object" || inner === null || Array.isArray(inner)) return inner;
    return Object.fromEntries(
      Object.entries(inner as JsonObject)
        .filter(([k]) => k !== "//")
        .sort(([a], [b]) => compare(a, b)),
    );
  });
}
