// Small pieces every component uses: the validation error, "did you mean" hints and a
// locale-free string order, the GUID check, and reading and writing files safely.
export { CorsoValidationError, show, throwIfProblems } from "./validation-error";
export { closestName } from "./closest-name";
export { compare } from "./string-order";
export { isGuid } from "./guid";
export { FileError, readInput, readStream, readTextFile, writeFileAtomic } from "./files";
export type { WriteFileOptions } from "./files";
