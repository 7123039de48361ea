/**
 * Response deadlines (default: level 1 within 24 h, level 2 within 72 h). A warning is raised at
 * the start of the first day of its current run of consecutive days in the daily job's rows (D
 * itself when the previous day has no row for it), as each row keeps it (`Warning.sinceDay`); it
 * is answered by any outcome logged for the customer on or after that day. Unanswered past its
 * deadline, it is overdue.
 */
import { addDays, daysBetween } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { Signal, SignalCode } from "../../domain/signals/types.js";
import { zonedInstant } from "../../domain/zoned-time.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { sinceDaysOn } from "../../store/warning-since-day.js";
import type { OutcomeRecord } from "./follow-up.js";

export interface WarningDeadline {
  code: SignalCode;
  level: number;
  raisedDay: string;
  dueAt: string; // ISO instant
  answered: boolean;
  overdue: boolean;
  /** Whole hours past the deadline when overdue. */
  hoursOverdue: number;
}

/**
 * How far back a warning's run counts: one raised earlier counts as raised this many days before
 * the list day (outcomes logged since then answer it).
 */
const LOOKBACK_DAYS = 60;

/**
 * The first day of the run of each customer's warnings that reaches the list day, by customer
 * then code (`Warning.sinceDay`); a warning absent was raised on the list day itself.
 */
export type RaisedSince = Map<string, Map<string, string>>;

/**
 * For a list computed rather than stored (day L has no rows): the since-days of these customers'
 * warnings on L−1, whose runs a warning of L goes on (one statement).
 */
export async function raisedSinceBefore(
  db: SqlHandle,
  day: string,
  customerIds: readonly string[],
): Promise<RaisedSince> {
  const rows = await sinceDaysOn(db, customerIds, addDays(day, -1));
  const since: RaisedSince = new Map();
  for (const r of rows) addRaisedSince(since, r.customerId, r.code, r.sinceDay);
  return since;
}

/** The first day a run that reaches the list day counts from. */
const lookbackFrom = (day: string) => addDays(day, -LOOKBACK_DAYS);

export function addRaisedSince(since: RaisedSince, customerId: string, code: string, day: string): void {
  let codes = since.get(customerId);
  if (!codes) {
    codes = new Map();
    since.set(customerId, codes);
  }
  codes.set(code, day);
}

/** When a warning on list day `day` was raised: the first day of its run, at most the look-back before. */
function raisedDayOf(sinceDay: string | undefined, day: string): string {
  if (sinceDay === undefined || sinceDay >= day) return day;
  const from = lookbackFrom(day);
  // Days are YYYY-MM-DD text: the later one sorts last.
  return sinceDay < from ? from : sinceDay;
}

/** Midnight at the start of a calendar day in a time zone, as an instant. */
export function startOfDay(day: string, timeZone: string): Date {
  return zonedInstant(day, "00:00", timeZone);
}

/**
 * Deadlines of one customer's current signals on list day `day`, raised on the first day of their
 * run (`since`: the customer's, by code, from the stored rows or raisedSinceBefore).
 */
export function deadlinesOf(
  signals: readonly Signal[],
  day: string,
  since: ReadonlyMap<string, string> | undefined,
  outcomes: readonly OutcomeRecord[],
  now: Date,
  timeZone: string,
  config: RulesConfig,
): WarningDeadline[] {
  return signals.map((s) => {
    const raisedDay = raisedDayOf(since?.get(s.code), day);
    const hours = s.level === 1 ? config.responseDeadlineHours.level1 : config.responseDeadlineHours.level2;
    const due = dueAt(raisedDay, timeZone, hours);
    const answered = outcomes.some((o) => daysBetween(raisedDay, o.day) >= 0);
    const overdue = !answered && now.getTime() > due.ms;
    return {
      code: s.code,
      level: s.level,
      raisedDay,
      dueAt: due.iso,
      answered,
      overdue,
      hoursOverdue: overdue ? Math.floor((now.getTime() - due.ms) / 3_600_000) : 0,
    };
  });
}

const dueInstants = new Map<string, { ms: number; iso: string }>();

/** The deadline `hours` after the start of the raised day (memoised: a list repeats a few days). */
function dueAt(raisedDay: string, timeZone: string, hours: number): { ms: number; iso: string } {
  const key = `${raisedDay}|${timeZone}|${hours}`;
  let due = dueInstants.get(key);
  if (!due) {
    const ms = startOfDay(raisedDay, timeZone).getTime() + hours * 3_600_000;
    due = { ms, iso: new Date(ms).toISOString() };
    if (dueInstants.size >= 10_000) dueInstants.clear();
    dueInstants.set(key, due);
  }
  return due;
}
