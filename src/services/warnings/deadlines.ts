/**
 * Response deadlines (default: level 1 within 24 h, level 2 within 72 h). A warning is raised at
 * the start of the first day of its current run of consecutive days in the daily job's rows (D
 * itself when the previous day has no row for it, or when D was computed rather than stored); it
 * is answered by any outcome logged for the customer on or after that day. Unanswered past its
 * deadline, it is overdue.
 */
import { addDays, daysBetween } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { Signal, SignalCode } from "../../domain/signals/types.js";
import { zonedInstant } from "../../domain/zoned-time.js";
import { warningDaysBetween } from "../../store/follow-up-rows.js";
import type { SqlHandle } from "../../store/sql-handle.js";
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

/** How far back the daily rows are searched for the start of a run. */
const LOOKBACK_DAYS = 60;

/** The earlier days of each customer's warnings, by customer then code (most customers have none). */
export type EarlierDays = Map<string, Map<string, Set<string>>>;

/** The look-back rows of these customers' warnings before D (one statement). */
export async function earlierWarningDays(
  db: SqlHandle,
  day: string,
  customerIds: readonly string[],
): Promise<EarlierDays> {
  const rows = await warningDaysBetween(db, customerIds, lookbackFrom(day), day);
  const earlier: EarlierDays = new Map();
  for (const r of rows) addEarlierDay(earlier, r.customerId, r.code, r.day);
  return earlier;
}

/** The first day searched for the start of a run that reaches D. */
export const lookbackFrom = (day: string) => addDays(day, -LOOKBACK_DAYS);

export function addEarlierDay(earlier: EarlierDays, customerId: string, code: string, day: string): void {
  let codes = earlier.get(customerId);
  if (!codes) {
    codes = new Map();
    earlier.set(customerId, codes);
  }
  const days = codes.get(code);
  if (days) days.add(day);
  else codes.set(code, new Set([day]));
}

/** The first day of a warning's run that reaches D, from the customer's earlier days of it. */
function raisedDayOf(earlierDays: ReadonlySet<string> | undefined, day: string): string {
  let start = day;
  // Walk back only where earlier rows exist (most warnings are new, or the job just started).
  if (earlierDays) while (earlierDays.has(addDays(start, -1))) start = addDays(start, -1);
  return start;
}

/** Midnight at the start of a calendar day in a time zone, as an instant. */
export function startOfDay(day: string, timeZone: string): Date {
  return zonedInstant(day, "00:00", timeZone);
}

/**
 * Deadlines of one customer's current signals on list day `day`, raised on the first day of their
 * run (`earlier`: the customer's earlier days of each code, from earlierWarningDays).
 */
export function deadlinesOf(
  signals: readonly Signal[],
  day: string,
  earlier: ReadonlyMap<string, ReadonlySet<string>> | undefined,
  outcomes: readonly OutcomeRecord[],
  now: Date,
  timeZone: string,
  config: RulesConfig,
): WarningDeadline[] {
  return signals.map((s) => {
    const raisedDay = raisedDayOf(earlier?.get(s.code), day);
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
