// The review component's public face: reading a synthesis, comparing two, and the Markdown report.
export { ReviewInputError } from "./json-input";
export { readSynthesis } from "./synthesis";
export type { StackReview, StateLocation, SynthesisReview } from "./synthesis";
export type {
  AccessRequest,
  ApiRef,
  Credential,
  Delivery,
  Grant,
  ImportReview,
  NotReviewed,
  PermissionRef,
  PermissionReview,
  PrincipalReview,
  RedirectUri,
  RegistrationReview,
  SecretReview,
} from "./access-model";
export { diffSyntheses, renderChanges } from "./diff";
export type { Change } from "./diff";
export { describeSecret, renderReport } from "./report";
export { code, text } from "./markdown";
export { review } from "./run";
export { FAIL_ON_KINDS } from "./plan-effects";
export type { FailOn } from "./plan-effects";
export { readPlan } from "./plan";
export type { ReviewOptions, ReviewResult } from "./run";
