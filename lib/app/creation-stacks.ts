import type { App } from "cdktf";
import { type SynthesisOptions, synthesizeInto } from "./output-directory";

/**
 * Runs `build` without the stack trace that cdktf records for every token and complex attribute it
 * creates (its "creation stack"), and returns what `build` returns.
 *
 * cdktf records one with `Error.captureStackTrace` on a plain `{ stack: "" }` object, with no
 * setting to turn it off (lib/tokens/private/stack-trace.js in cdktf 0.20 and 0.21, called from
 * lib/tokens/private/intrinsic.js, lib/tokens/lazy.js and lib/complex-computed-list.js); its
 * `@cdktf/disable_stack_trace_in_metadata` context covers annotations only (lib/annotations.js).
 * Here such an object keeps its empty stack, which cdktf reads as no stack at all; an error, or
 * any other object, still gets its stack trace. Creation stacks appear only in the messages of
 * token errors, never in synthesized files.
 */
export function withoutCreationStacks<T>(build: () => T): T {
  const capture = Error.captureStackTrace;
  const skipping = (target: object, below?: Parameters<typeof capture>[1]): void => {
    // A trace asked for without a function to start below starts below this one, as it would have.
    if (!isCreationStackHolder(target)) capture(target, below ?? skipping);
  };
  Error.captureStackTrace = skipping;
  try {
    return build();
  } finally {
    Error.captureStackTrace = capture;
  }
}

/**
 * {@link synthesizeInto}, building the app {@link withoutCreationStacks}: a stack of Corso's
 * records some 88 of them, which took about half of the CPU time of synthesis. When building or
 * synthesizing fails, the app is synthesized once more with creation stacks, so that the error
 * (the same again) tells where each token it names was made; nothing is written either time.
 * Mistakes in the input and file errors are thrown at once.
 */
export function synthesizeWithoutCreationStacks(options: SynthesisOptions, build: (app: App) => void): string[] {
  try {
    return synthesizeInto(options, (app) => withoutCreationStacks(() => build(app)));
  } catch (error) {
    if (!fromSynthesis(error)) throw error;
    return synthesizeInto(options, build);
  }
}

/** Whether `target` is the holder cdktf and constructs capture a creation stack into: `{ stack: "" }`. */
function isCreationStackHolder(target: object): boolean {
  return (
    Object.getPrototypeOf(target) === Object.prototype &&
    Object.keys(target).length === 1 &&
    (target as { stack?: unknown }).stack === ""
  );
}

/**
 * Whether an error came from building or synthesizing the app, before anything was written: not a
 * mistake in the input (CorsoValidationError), nor a file that could not be read or written.
 */
function fromSynthesis(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name !== "CorsoValidationError" &&
    error.name !== "FileError" &&
    !("syscall" in error)
  );
}
