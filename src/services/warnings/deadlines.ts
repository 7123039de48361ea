/**
 * Response deadlines (default: level 1 within 24 h, level 2 within 72 h). A warning is raised at
 * the start of the first day of its current run of consecutive days in the daily job's rows (D
 * itself when the previous day has no row for it, or when D was computed rather than stored); it
 * is answered by any outcome logged for the customer on or after that day. Unanswered past its
 * deadline, it is overdue.
 */
import { addDays, daysBetween } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { Signal } from "../../domain/signals/types.js";
import type { SqliteDatabase } from "../../store/database.js";
import type { OutcomeRecord } from "./follow-up.js";
import { byCustomer, chunks, placeholders } from "./store-rows.js";

export interface WarningDeadline {
  code: string;
  level: number;
  raisedDay: string;
  dueAt: string; // ISO instant
  answered: boolean;
  overdue: boolean;
  /** Whole hours past the deadline when overdue. */
  hoursOverdue: number;
}

/** How far back the daily rows are searched for the start of a run. */
const LOOKBACK_DAYS = 60;

/** The first day of each (customer, code) run that reaches D, from the stored daily rows. */
export function raisedDays(
  sql: SqliteDatabase,
  day: string,
  current: ReadonlyMap<string, readonly Signal[]>,
): Map<string, string> {
  const raised = new Map<string, string>();
  const ids = [...current.keys()];
  const from = addDays(day, -LOOKBACK_DAYS);
  const rows = chunks(ids).flatMap(
    (batch) =>
      sql
        .prepare(
          `SELECT customerId, code, day FROM Warning
           WHERE customerId IN (${placeholders(batch.length)}) AND day >= ? AND day < ?`,
        )
        .all(...batch, from, day) as { customerId: string; code: string; day: string }[],
  );
  const seen = new Set(rows.map((r) => `${r.customerId}|${r.code}|${r.day}`));
  for (const [customerId, signals] of current) {
    for (const s of signals) {
      let start = day;
      while (seen.has(`${customerId}|${s.code}|${addDays(start, -1)}`)) start = addDays(start, -1);
      raised.set(`${customerId}|${s.code}`, start);
    }
  }
  return raised;
}

/** Midnight at the start of a calendar day in a time zone, as an instant. */
export function startOfDay(day: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(utcMidnight));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asLocal = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  return new Date(utcMidnight - (asLocal - utcMidnight));
}

/** Deadlines of one customer's current signals. */
export function deadlinesOf(
  customerId: string,
  signals: readonly Signal[],
  raised: ReadonlyMap<string, string>,
  outcomes: readonly OutcomeRecord[],
  now: Date,
  timeZone: string,
  config: RulesConfig,
): WarningDeadline[] {
  return signals.map((s) => {
    const raisedDay = raised.get(`${customerId}|${s.code}`) ?? "";
    const hours = s.level === 1 ? config.responseDeadlineHours.level1 : config.responseDeadlineHours.level2;
    const due = new Date(startOfDay(raisedDay, timeZone).getTime() + hours * 3_600_000);
    const answered = outcomes.some((o) => daysBetween(raisedDay, o.day) >= 0);
    const overdue = !answered && now.getTime() > due.getTime();
    return {
      code: s.code,
      level: s.level,
      raisedDay,
      dueAt: due.toISOString(),
      answered,
      overdue,
      hoursOverdue: overdue ? Math.floor((now.getTime() - due.getTime()) / 3_600_000) : 0,
    };
  });
}
