import { displayJson } from "../common";
import { quoteName } from "../credentials";
import type { MinDaysSource, SecretStatus } from "./secret-status";

/**
 * The status as JSON for machines: when it was judged and each stack's {@link SecretStatus}; a
 * stack name's control and bidirectional characters as JSON escapes ({@link displayJson}).
 */
export function renderStatusJson(statuses: readonly SecretStatus[], now: Date): string {
  return `${displayJson(JSON.stringify({ checkedAt: now.toISOString(), stacks: statuses }, null, 2))}\n`;
}

/**
 * The status as a short table for people, then a line for each rotation that is due (the next
 * apply performs it). Times in UTC, to the minute.
 */
export function renderStatusTable(statuses: readonly SecretStatus[]): string {
  const header = ["stack", "secret expires (UTC)", "days left", "alert below", "next rotation (UTC)", "status"];
  const rows = statuses.map((s) => [
    plain(s.stack),
    minute(s.expiresAt),
    String(s.daysLeft),
    `${days(s.minDays)} (${SOURCES[s.minDaysFrom](s)})`,
    s.nextRotation === undefined
      ? "unknown: no schedule output"
      : `${minute(s.nextRotation)}, slot ${s.nextRotationSlot}${s.rotationDue ? " (due)" : ""}`,
    STATES[s.state],
  ]);
  const widths = header.map((h, column) => Math.max(h.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line), ...statuses.flatMap(dueRotation)].join("\n") + "\n";
}

/** One line per stack below its threshold: what is wrong and what to do, for standard error and alerts. */
export function describeAlerts(statuses: readonly SecretStatus[]): string[] {
  return statuses
    .filter((s) => s.state !== "ok")
    .map((s) =>
      s.state === "expired"
        ? `stack ${quoteName(s.stack)}: the current client secret expired on ${minute(s.expiresAt)} UTC: Corso cannot sign in until the stack is applied and the new secret delivered`
        : `stack ${quoteName(s.stack)}: the current client secret expires in ${s.daysLeft} days (${minute(s.expiresAt)} UTC), below ${days(s.minDays)}: apply the stack now and find out why the scheduled apply did not rotate it`,
    );
}

const STATES: Record<SecretStatus["state"], string> = {
  ok: "ok",
  expiring: "EXPIRING",
  expired: "EXPIRED",
};

const SOURCES: Record<MinDaysSource, (s: SecretStatus) => string> = {
  option: () => "--min-days",
  "half-rotation-period": (s) => `half of ${number(s.rotationDays ?? 0)}`,
  "single-secret-margin": () => "lifetime less rotation",
  default: () => "default",
};

function dueRotation(s: SecretStatus): string[] {
  return s.rotationDue
    ? [
        `stack ${quoteName(s.stack)}: slot ${s.nextRotationSlot}'s rotation was due ${minute(s.nextRotation ?? "")} UTC; the next apply replaces it`,
      ]
    : [];
}

/** `2026-03-01 09:30` from an RFC 3339 UTC time. */
function minute(time: string): string {
  return time.slice(0, 16).replace("T", " ");
}

function days(n: number): string {
  return `${number(n)} days`;
}

function number(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** A name from the input as plain text: control characters escaped, long names cut short. */
function plain(name: string): string {
  return quoteName(name).slice(1, -1);
}
