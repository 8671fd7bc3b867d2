import { closestName } from "./closest-name";
import { show } from "./validation-error";

/**
 * The runtime check of one prop's type, for callers without TypeScript's (JavaScript, JSON):
 * what is allowed in words, and a test that finds where a value breaks it.
 */
export interface PropType {
  /** What is allowed, as an error message says it: `a string`, `a list of strings`. */
  readonly allowed: string;
  /** The same for several, inside a list's description: `strings`. */
  readonly plural: string;
  /** Whether leaving the prop out is an error. */
  readonly required: boolean;
  /** The first part of `value` that breaks the type, or undefined when it fits. */
  readonly mismatch: (value: unknown) => TypeMismatch | undefined;
}

/** Where a value breaks its type: the path inside it (`""` or `[2]`), what fits there and what was found. */
export interface TypeMismatch {
  readonly path: string;
  readonly allowed: string;
  readonly value: unknown;
}

/** One type check per prop: the compiler insists that every prop of `P` has its line. */
export type PropTypes<P> = { readonly [K in keyof P]-?: PropType };

/** A type that a value either has or not, such as `a string`. */
export function simpleType(allowed: string, plural: string, test: (value: unknown) => boolean): PropType {
  return {
    allowed,
    plural,
    required: false,
    mismatch: (value) => (test(value) ? undefined : { path: "", allowed, value }),
  };
}

/** A string (a cdktf string token is one too). */
export const text = simpleType("a string", "strings", (v) => typeof v === "string");
/** A number (a cdktf number token is one too). */
export const number = simpleType("a number", "numbers", (v) => typeof v === "number");
/** `true` or `false`, never the strings `"true"` or `"false"`. */
export const boolean = simpleType("true or false", "booleans", (v) => typeof v === "boolean");

/** A list whose every element has the type `element`; a cdktf list token is such a list. */
export function listOf(element: PropType): PropType {
  const allowed = `a list of ${element.plural}`;
  return {
    allowed,
    plural: `lists of ${element.plural}`,
    required: false,
    mismatch: (value) => {
      if (!Array.isArray(value)) return { path: "", allowed, value };
      for (let i = 0; i < value.length; i++) {
        const inner = element.mismatch(value[i]);
        if (inner !== undefined) return { ...inner, path: `[${i}]${inner.path}` };
      }
      return undefined;
    },
  };
}

/** An object whose every value has the type `element`, such as tags by name. */
export function recordOf(element: PropType): PropType {
  const allowed = `an object of ${element.plural}`;
  return {
    allowed,
    plural: `objects of ${element.plural}`,
    required: false,
    mismatch: (value) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return { path: "", allowed, value };
      for (const [key, inner] of Object.entries(value)) {
        const found = element.mismatch(inner);
        if (found !== undefined) return { ...found, path: `.${key}${found.path}` };
      }
      return undefined;
    },
  };
}

/** The same type, but the prop must be given. */
export function required(type: PropType): PropType {
  return { ...type, required: true };
}

/**
 * Every type problem of `props`: not an object at all, an unknown prop (a misspelt one would
 * otherwise be ignored without a word), a missing required one, or a value of the wrong type;
 * each names the prop, the value received and what is allowed.
 */
export function findPropTypeProblems(props: unknown, types: Readonly<Record<string, PropType>>): string[] {
  if (props === undefined) props = {};
  if (typeof props !== "object" || props === null || Array.isArray(props)) {
    return [`props must be an object, got ${show(props)}`];
  }
  const values = props as Record<string, unknown>;
  const known = Object.keys(types);
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    if (!Object.prototype.hasOwnProperty.call(types, name)) {
      const closest = closestName(name, known);
      problems.push(
        `unknown prop ${show(name)}: ${closest === undefined ? `expected one of ${known.join(", ")}` : `did you mean ${show(closest)}?`}`,
      );
    }
  }
  for (const [name, type] of Object.entries(types)) {
    const value = values[name];
    if (value === undefined) {
      if (type.required) problems.push(`${name} is required: give ${type.allowed}`);
      continue;
    }
    const found = type.mismatch(value);
    if (found !== undefined) {
      problems.push(`${name}${found.path} must be ${found.allowed}, got ${show(found.value)}`);
    }
  }
  return problems;
}
