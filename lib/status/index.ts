// The status component's public face: how long each deployed stack's current client secret has
// left, judged from the stack's outputs, as a table or JSON, and the stacks a scheduled pipeline
// may apply. It reads outputs through the credentials component.
export { DAY_MS, DEFAULT_MIN_DAYS, defaultMinDays, needsAttention, secretStatus } from "./secret-status";
export type { MinDaysSource, SecretStatus, SecretStatusOptions, SlotSchedule, StackSchedule } from "./secret-status";
export { DEFAULT_SCHEDULE_OUTPUT_NAMES, readStackSchedule, scheduleOutputNames } from "./stack-schedule";
export type { ScheduleOutputNameOptions, ScheduleOutputNames } from "./stack-schedule";
export { describeAlerts, renderStatusJson, renderStatusTable } from "./status-report";
export { DeployStacksError, describeSkippedStacks, readDeployStacks, scheduledStacks } from "./deploy-stacks";
export type { DeployStack } from "./deploy-stacks";
export { checkStatus } from "./check-status";
export type { StatusIo, StatusRequest } from "./check-status";
export { STATUS_USAGE, parseStatusArguments } from "./command-line";
export type { ListStacksRequest } from "./command-line";
