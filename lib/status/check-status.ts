import { readInput } from "../common";
import { OutputsError, type StackOutputs, quoteName, readEveryStackOutputs, readStackOutputs } from "../credentials";
import { type SecretStatus, needsAttention, secretStatus } from "./secret-status";
import {
  type ScheduleOutputNameOptions,
  type ScheduleOutputNames,
  readStackSchedule,
  scheduleOutputNames,
} from "./stack-schedule";
import { describeAlerts, renderStatusJson, renderStatusTable } from "./status-report";

/** What the status command was asked to do. */
export interface StatusRequest {
  /**
   * The outputs JSON file.
   * @default - standard input
   */
  readonly from?: string;
  /**
   * Judge only this stack of a cdktf outputs file.
   * @default - every stack in the file
   */
  readonly stack?: string;
  /**
   * Alert when a current secret has fewer days left than this.
   * @default - per stack, half its rotation period (30 days when its outputs hold no schedule)
   */
  readonly minDays?: number;
  /**
   * Print JSON rather than a table.
   * @default false
   */
  readonly json?: boolean;
  /**
   * Which outputs hold the end date and the schedule.
   * @default - `client_secret_end_date` and `client_secret_schedule`
   */
  readonly outputNames?: ScheduleOutputNameOptions;
}

/** Where the command reads and prints, and the moment it judges at. */
export interface StatusIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly now: Date;
}

/**
 * Reads every stack's outputs (or the one asked for), judges each current secret and prints the
 * table or JSON; each stack that needs attention also gets a line on standard error. Returns 3
 * when any needs attention, else 0; throws, before printing anything, on unreadable input.
 */
export async function checkStatus(request: StatusRequest, io: StatusIo): Promise<number> {
  const text = await readInput(request.from, io.stdin);
  const stacks =
    request.stack === undefined ? readEveryStackOutputs(text) : [readStackOutputs(text, { stack: request.stack })];
  const names = scheduleOutputNames(request.outputNames);
  const judged = request.stack === undefined && stacks.length > 1 ? corsoStacks(stacks, names, io) : stacks;
  const statuses: SecretStatus[] = judged
    .map((outputs) => readStackSchedule(outputs, names))
    .map((schedule) => secretStatus(schedule, { now: io.now, minDays: request.minDays }));
  io.stdout.write(request.json === true ? renderStatusJson(statuses, io.now) : renderStatusTable(statuses));
  for (const alert of describeAlerts(statuses)) io.stderr.write(`corso-status: ${alert}\n`);
  return needsAttention(statuses) ? 3 : 0;
}

/**
 * Of a cdktf outputs file with several stacks, those that output a Corso secret's end date or
 * schedule; each other stack (a host project's own) gets a note on standard error and is skipped.
 */
function corsoStacks(stacks: StackOutputs[], names: ScheduleOutputNames, io: StatusIo): StackOutputs[] {
  const corso = stacks.filter((s) => s.values.has(names.endDate) || s.values.has(names.schedule));
  if (corso.length === 0) {
    throw new OutputsError(
      `no stack in the outputs (${stacks.map((s) => quoteName(s.stack ?? "")).join(", ")}) has output ` +
        `${quoteName(names.endDate)} or ${quoteName(names.schedule)}: output a CorsoAppRegistration's secretSchedule ` +
        `as ${quoteName(names.schedule)} in your stack and deploy it, or name the outputs with --schedule-output or --prefix`,
    );
  }
  for (const skipped of stacks.filter((s) => !corso.includes(s))) {
    io.stderr.write(`corso-status: skipping stack ${quoteName(skipped.stack ?? "")}: it has no Corso secret outputs\n`);
  }
  return corso;
}
