// Small pieces every component uses: the validation error, "did you mean" hints, a locale-free
// string order, the GUID check, runtime prop type checks, text Terraform never evaluates, and
// reading and writing files safely, outside text made safe to display, and optional peers loaded on use.
export { CorsoValidationError, show, throwIfProblems } from "./validation-error";
export { closestName } from "./closest-name";
export { compare } from "./string-order";
export { GUID_PATTERN, isAppRoleAssignmentId, isGuid } from "./guid";
export { boolean, findPropTypeProblems, listOf, number, recordOf, required, simpleType, text } from "./prop-types";
export type { PropType, PropTypes, TypeMismatch } from "./prop-types";
export { terraformLiteral, terraformLiterals } from "./terraform-literal";
export {
  FileError,
  TEXT_INPUT_LIMIT_BYTES,
  readInput,
  readRegularFile,
  readStream,
  readTextFile,
  reason,
  writeFileAtomic,
} from "./files";
export type { ReadTextOptions, WriteFileOptions } from "./files";
export { decodeUtf8, loneSurrogateIndex } from "./text-encoding";
export { runCommand } from "./command";
export { MissingPeerError, OPTIONAL_PEERS, requireOptionalPeer } from "./optional-peer";
export type { OptionalPeer } from "./optional-peer";
export {
  displayJson,
  displayLines,
  displayText,
  escapedCharacter,
  hasUnsafeCharacter,
  isUnsafeCharacter,
} from "./display-text";
