import { existsSync, statSync } from "node:fs";
import {
  type Node,
  type ParseError,
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
} from "jsonc-parser";
import { FileError, compare, displayJson, displayText, readTextFile, show, writeFileAtomic } from "../common";
import { CORSO_PERMISSIONS, type CorsoServiceName, isCorsoServiceName, permissionsForServices } from "../permissions";
import type { CorsoAdoption } from "../registration";

/** Which tenant of the config file an adoption is for. */
export interface TenantTarget {
  readonly tenantId: string;
  /**
   * The tenant's stack name.
   * @default - the only tenant with that tenantId; "corso" in a new file
   */
  readonly name?: string;
}

/** A tenant of the config file as the adoption sees it, before anything is written. */
export interface TenantSettings {
  readonly path: string;
  /** The file's text without its byte order mark, or undefined when the file does not exist yet. */
  readonly text?: string;
  /** The file starts with UTF-8's byte order mark, which is written back. */
  readonly byteOrderMark?: boolean;
  /** Index of the tenant in `tenants`, or undefined when it is to be added. */
  readonly index?: number;
  readonly name: string;
  /** The tenant's own `displayName`, when it has one. */
  readonly displayName?: string;
  /** What its registration requests. */
  readonly requested: readonly string[];
}

/** Where an adoption was written. */
export interface WrittenAdoption {
  readonly path: string;
  readonly tenantName: string;
  readonly created: "file" | "tenant" | undefined;
  /** The display name written along with the block, to keep the app's current name. */
  readonly displayName?: string;
  /** The file kept its UTF-8 byte order mark. */
  readonly byteOrderMark: boolean;
}

const DEFAULT_STACK = "corso";

/**
 * Finds the tenant in the config file at `path` (which need not exist): by `name`, else the only
 * one with that tenant id. Throws a {@link FileError} naming the file and what is wrong.
 */
export function readTenantSettings(path: string, target: TenantTarget): TenantSettings {
  if (!existsSync(path)) {
    return { path, name: target.name ?? DEFAULT_STACK, requested: requestedBy({}) };
  }
  // The mark is kept for the write (the rest of the file keeps every byte too) and left out of the
  // text edited here, whose offsets the JSON parser gives without it.
  const marked = readTextFile(path, { keepByteOrderMark: true });
  const byteOrderMark = marked.startsWith("\uFEFF");
  const text = byteOrderMark ? marked.slice(1) : marked;
  const tenants = tenantsOf(text, path);
  const sameTenant = (t: Record<string, unknown>) =>
    typeof t.tenantId === "string" && t.tenantId.toLowerCase() === target.tenantId.toLowerCase();
  let index: number | undefined;
  if (target.name !== undefined) {
    const found = tenants.findIndex((t) => t.name === target.name);
    if (found >= 0 && !sameTenant(tenants[found])) {
      throw new FileError(
        `tenant '${target.name}' in ${path} has tenantId ${show(tenants[found].tenantId)}, not ${target.tenantId} (--tenant-id)`,
      );
    }
    index = found >= 0 ? found : undefined;
  } else {
    const matches = tenants.flatMap((t, i) => (sameTenant(t) ? [i] : []));
    if (matches.length === 0) {
      throw new FileError(
        `no tenant in ${path} has tenantId ${target.tenantId}: name the one to add with --tenant NAME`,
      );
    }
    if (matches.length > 1) {
      const names = matches.map((i) => show(tenants[i].name)).join(", ");
      throw new FileError(
        `tenants ${names} in ${path} all have tenantId ${target.tenantId}: pick one with --tenant NAME`,
      );
    }
    index = matches[0];
  }
  const entry = index === undefined ? {} : tenants[index];
  return {
    path,
    text,
    byteOrderMark,
    index,
    name: target.name ?? (entry.name as string),
    displayName: typeof entry.displayName === "string" ? entry.displayName : undefined,
    requested: requestedBy(entry),
  };
}

/**
 * Writes the `adopt` block into the tenant's entry (adding the entry, or the file, when missing),
 * keeping the rest of the file as it was, its indentation, line ends and byte order mark included.
 * Characters that could hide text (controls, bidirectional and invisible ones) in the values
 * written are JSON escapes. The result is checked as `npm run synth` checks it before the file is
 * replaced, in one step.
 */
export function writeAdoption(
  settings: TenantSettings,
  tenantId: string,
  block: CorsoAdoption,
  displayName: string | undefined,
): WrittenAdoption {
  const { path, text, index, name } = settings;
  const entry = { name, tenantId, ...(displayName === undefined ? {} : { displayName }), adopt: block };
  let updated: string;
  let created: WrittenAdoption["created"];
  if (text === undefined) {
    updated = `${displayJson(JSON.stringify({ $schema: "./corso.config.schema.json", tenants: [entry] }, null, 2))}\n`;
    created = "file";
  } else if (index === undefined) {
    updated = appendTenant(text, entry);
    created = "tenant";
  } else {
    updated = setProperty(text, index, "adopt", block);
    if (displayName !== undefined) updated = setProperty(updated, index, "displayName", displayName);
  }
  // Loaded here: the config schema, and cdktf with the constructs, only when a file is written.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkCorsoConfig } = require("../app") as typeof import("../app");
  checkCorsoConfig(updated, path);
  const byteOrderMark = settings.byteOrderMark === true;
  writeFileAtomic(path, byteOrderMark ? `\uFEFF${updated}` : updated, {
    mode: text === undefined ? 0o644 : statSync(path).mode & 0o777,
  });
  return { path, tenantName: name, created, displayName, byteOrderMark };
}

/** What to do about the app's current name: keep it in the config, or say that the plan renames it. */
export function displayNameChoice(
  settings: TenantSettings,
  current: string,
  writing: boolean,
): { readonly write?: string; readonly note?: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { REGISTRATION_DEFAULTS } = require("../registration") as typeof import("../registration");
  const configured = settings.displayName ?? REGISTRATION_DEFAULTS.displayName;
  if (current === configured) return {};
  // The provider's duplicate-name filter cannot quote an apostrophe (Graph answers 400 to every plan).
  const keepable = !current.includes("'");
  if (writing && settings.displayName === undefined && keepable) {
    return { write: current };
  }
  const shown = displayText(current);
  return {
    note:
      `the application is named '${shown}', the registration '${displayText(configured)}': the plan renames it` +
      (keepable
        ? `; set displayName to '${shown}' to keep the name`
        : " (a name with an apostrophe cannot be kept: azuread's duplicate-name check cannot quote it)"),
  };
}

function tenantsOf(text: string, path: string): Record<string, unknown>[] {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || tree === undefined) {
    const first = errors[0];
    throw new FileError(
      `${path} is not valid JSON` + (first ? ` (${printParseErrorCode(first.error)} at offset ${first.offset})` : ""),
    );
  }
  const value = getNodeValue(tree) as { tenants?: unknown };
  if (typeof value !== "object" || value === null || !Array.isArray(value.tenants)) {
    throw new FileError(`${path} has no "tenants" list: see corso.config.schema.json`);
  }
  return value.tenants.map((t: unknown) => (typeof t === "object" && t !== null ? (t as Record<string, unknown>) : {}));
}

/** What the tenant's registration requests, as the registration resolves it (a mistake in the file is reported on writing). */
function requestedBy(entry: Record<string, unknown>): string[] {
  const list = (v: unknown) =>
    Array.isArray(v) && v.every((s) => typeof s === "string") ? (v as string[]) : undefined;
  const permissions = list(entry.permissions);
  const services = list(entry.services);
  if (permissions !== undefined) return [...permissions].sort(compare);
  if (services !== undefined && services.every(isCorsoServiceName)) {
    return permissionsForServices(services as CorsoServiceName[]);
  }
  return [...CORSO_PERMISSIONS].sort(compare);
}

// jsonc-parser's modify() reformats the whole line where an edit starts (a neighbour's one-line array
// becomes several lines), so the text is inserted here, laid out like the lines around it.

/** Sets `key` of `tenants[index]`: replaces its value, or adds it after the last property. */
function setProperty(text: string, index: number, key: string, value: unknown): string {
  const tree = parseTree(text) as Node;
  const tenant = findNodeAtLocation(tree, ["tenants", index]) as Node;
  const existing = findNodeAtLocation(tree, ["tenants", index, key]);
  const style = styleOf(text);
  if (existing !== undefined) {
    const base = indentationAt(text, existing.parent?.offset ?? existing.offset);
    return splice(text, existing.offset, existing.length, render(value, base, style));
  }
  const last = (tenant.children ?? []).at(-1);
  if (last === undefined) {
    const base = indentationAt(text, tenant.offset);
    return splice(text, tenant.offset, tenant.length, render({ [key]: value }, base, style));
  }
  return insertAfter(text, tenant, last, `${JSON.stringify(key)}: `, value, style);
}

/** Adds a tenant after the last one. */
function appendTenant(text: string, entry: object): string {
  const tenants = findNodeAtLocation(parseTree(text) as Node, ["tenants"]) as Node;
  const last = (tenants.children ?? []).at(-1);
  const style = styleOf(text);
  if (last === undefined) {
    return splice(text, tenants.offset, tenants.length, render([entry], indentationAt(text, tenants.offset), style));
  }
  return insertAfter(text, tenants, last, "", entry, style);
}

/** Inserts `, <prefix><value>` after `last`, on a line of its own when `last` has one. */
function insertAfter(text: string, parent: Node, last: Node, prefix: string, value: unknown, style: Style): string {
  const end = last.offset + last.length;
  const ownLine = text.slice(parent.offset, last.offset).includes("\n");
  const base = indentationAt(text, ownLine ? last.offset : parent.offset);
  const separator = ownLine ? `,${style.eol}${base}` : ", ";
  return splice(text, end, 0, `${separator}${prefix}${render(value, base, style)}`);
}

interface Style {
  readonly eol: string;
  readonly unit: string;
}

/** The file's own indentation unit and line ends. */
function styleOf(text: string): Style {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  return { eol, unit: indent === undefined ? "  " : indent.startsWith("\t") ? "\t" : indent };
}

function render(value: unknown, base: string, style: Style): string {
  return displayJson(JSON.stringify(value, null, style.unit))
    .split("\n")
    .join(`${style.eol}${base}`);
}

/** The whitespace that starts the line holding `offset`. */
function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? "";
}

function splice(text: string, offset: number, length: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset + length);
}
