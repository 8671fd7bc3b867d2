// The review component's public face: reading a synthesis, comparing two, and the Markdown report.
export { SynthesisError, readSynthesis } from "./synthesis";
export type { PermissionReview, RegistrationReview, SecretReview, StackReview, SynthesisReview } from "./synthesis";
export { diffSyntheses, renderChanges } from "./diff";
export type { Change } from "./diff";
export { describeSecret, renderReport } from "./report";
