// Small pieces every component uses: the validation error, "did you mean" hints and a
// locale-free string order.
export { CorsoValidationError, show, throwIfProblems } from "./validation-error";
export { closestName } from "./closest-name";
export { compare } from "./string-order";
