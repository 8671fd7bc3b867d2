import { displayJson } from "../common";
import type { CorsoService } from "../permissions";
import type { Check, CheckArea } from "./corso-calls";
import type { BlockKind, Diagnosis } from "./diagnosis";

/** A chosen service's verdict: `ready` when every call Corso starts its backup with succeeded. */
export type ServiceState = "ready" | "blocked" | "not checked";

/** Everything the preflight found, as the table and `--json` show it. */
export interface PreflightReport {
  readonly stack?: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly signIn: {
    readonly state: "ok" | "blocked";
    readonly attempts: number;
    readonly waitedSeconds: number;
    readonly diagnosis?: Diagnosis;
  };
  readonly permissions: {
    /** Where the requested permissions were read: the synthesis or --services. */
    readonly source: string;
    readonly requested: readonly string[];
    /** The token's roles. */
    readonly granted: readonly string[];
    /** Requested, but not in the token. */
    readonly missing: readonly string[];
    /** In the token, but not requested (granted by hand, or by another stack). */
    readonly extra: readonly string[];
    readonly diagnosis?: Diagnosis;
  };
  /** The user the per-user calls read. */
  readonly user?: string;
  readonly services: readonly { readonly service: CorsoService; readonly state: ServiceState }[];
  readonly checks: readonly Check[];
  /** True when sign-in, consent and every chosen service are ready. */
  readonly ready: boolean;
}

/** The result column's words for each kind of block. */
const SHORT: Readonly<Record<BlockKind, string>> = {
  "secret-invalid": "invalid client secret",
  "secret-expired": "client secret expired",
  "wrong-tenant": "wrong tenant or client id",
  "conditional-access": "blocked by Conditional Access",
  "sign-in-refused": "sign-in refused",
  "consent-missing": "consent missing",
  "not-requested": "permission not requested",
  "protected-api": "protected API not approved",
  "mailbox-restricted": "mailbox access restricted by Exchange",
  "no-mailbox": "no mailbox (licence)",
  "no-onedrive": "no OneDrive (licence)",
  "no-sharepoint": "no SharePoint licence",
  "access-denied": "access denied",
  "graph-error": "Graph error",
};

interface Row {
  readonly area: string;
  readonly check: string;
  readonly result: string;
}

/** The report as a table, then each failure's cause and fix, then the verdict. */
export function renderPreflightTable(report: PreflightReport): string {
  const rows: Row[] = [];
  const failures: { area: string; check: string; detail: string; diagnosis: Diagnosis }[] = [];
  const signIn = report.signIn;
  const tries = `${signIn.attempts} attempt${signIn.attempts === 1 ? "" : "s"}${signIn.waitedSeconds > 0 ? `, ${signIn.waitedSeconds} s waited` : ""}`;
  rows.push({
    area: "sign-in",
    check: "POST /{tenant}/oauth2/v2.0/token (client credentials)",
    result: signIn.diagnosis === undefined ? `ok (${tries})` : `BLOCKED: ${SHORT[signIn.diagnosis.kind]} (${tries})`,
  });
  if (signIn.diagnosis !== undefined) {
    failures.push({ area: "sign-in", check: "the token request", detail: "", diagnosis: signIn.diagnosis });
  } else {
    const p = report.permissions;
    rows.push({
      area: "consent",
      check: `the token's roles against ${p.requested.length} requested permission${p.requested.length === 1 ? "" : "s"}`,
      result: p.diagnosis === undefined ? "ok" : `BLOCKED: ${SHORT[p.diagnosis.kind]} (${p.missing.length})`,
    });
    if (p.diagnosis !== undefined) {
      failures.push({ area: "consent", check: "the token's roles", detail: "", diagnosis: p.diagnosis });
    }
  }
  for (const check of report.checks) {
    rows.push({ area: check.area, check: check.call, result: checkResult(check) });
    if (check.diagnosis !== undefined && check.state === "blocked") {
      const detail =
        check.status === undefined
          ? ""
          : ` (${check.status}${check.diagnosis.code === undefined ? "" : ` ${check.diagnosis.code}`})`;
      failures.push({ area: check.area, check: check.call, detail, diagnosis: check.diagnosis });
    }
  }
  const header = [
    `Corso preflight${report.stack === undefined ? "" : ` of stack '${report.stack}'`}: tenant ${report.tenantId}, app ${report.clientId}`,
    `requested permissions from ${report.permissions.source}${report.user === undefined ? "" : `; per-user calls read user ${report.user}`}`,
    "",
  ];
  const lines = [...header, ...table(rows)];
  for (const failure of failures) {
    lines.push(
      "",
      `${failure.area}: ${failure.check}${failure.detail}`,
      `  cause: ${failure.diagnosis.cause}`,
      `  fix:   ${failure.diagnosis.fix}`,
    );
  }
  const warnings = report.checks.filter((c) => c.state === "warning");
  for (const warning of warnings) {
    lines.push(
      "",
      `${warning.area}: ${warning.call}: ${warning.diagnosis?.cause ?? "failed"}; ${warning.note ?? ""}`.trimEnd(),
    );
  }
  if (report.permissions.extra.length > 0) {
    lines.push(
      "",
      `note: the token also holds roles the stack does not request: ${report.permissions.extra.join(", ")}`,
    );
  }
  const services = report.services.map((s) => `${s.service} ${s.state}`).join(", ");
  lines.push("", report.ready ? `READY: ${services}` : `BLOCKED: ${services === "" ? "sign-in" : services}`);
  return `${lines.join("\n")}\n`;
}

function checkResult(check: Check): string {
  switch (check.state) {
    case "ok":
      return "ok";
    case "skipped":
      return `skipped: ${check.note ?? ""}`;
    case "warning":
      return `warning: ${check.diagnosis === undefined ? "failed" : SHORT[check.diagnosis.kind]}`;
    case "blocked":
      return `BLOCKED: ${check.diagnosis === undefined ? "failed" : SHORT[check.diagnosis.kind]}`;
  }
}

function table(rows: readonly Row[]): string[] {
  const all: Row[] = [{ area: "area", check: "check", result: "result" }, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((row) => row[key].length));
  const [a, c] = [width("area"), width("check")];
  return all.map((row) => `${row.area.padEnd(a)}  ${row.check.padEnd(c)}  ${row.result}`.trimEnd());
}

/** The report as JSON: every check with its state, and each failure's kind, code, cause and fix. */
export function renderPreflightJson(report: PreflightReport): string {
  return `${displayJson(JSON.stringify(report, null, 2))}\n`;
}

/** Which chosen services a failed check blocks: discovery's failures block every per-user service. */
export function serviceStates(
  services: readonly CorsoService[],
  checks: readonly Check[],
): { service: CorsoService; state: ServiceState }[] {
  const blocked = (area: CheckArea) => checks.some((c) => c.area === area && c.state === "blocked");
  const checked = (area: CheckArea) => checks.some((c) => c.area === area && c.state !== "skipped");
  const perUser: readonly CorsoService[] = ["exchange", "onedrive", "chats"];
  return services.map((service) => {
    if (blocked(service) || (perUser.includes(service) && blocked("discovery"))) return { service, state: "blocked" };
    return { service, state: checked(service) ? "ready" : "not checked" };
  });
}
