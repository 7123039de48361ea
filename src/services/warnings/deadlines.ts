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

/** The earlier days of each (customer, code) warning, by "customer|code". */
export type EarlierDays = Map<string, Set<string>>;

/** The look-back rows of these customers' warnings before D, by "customer|code" (one statement). */
export async function earlierWarningDays(
  db: SqlHandle,
  day: string,
  customerIds: readonly string[],
): Promise<EarlierDays> {
  const rows = await warningDaysBetween(db, customerIds, lookbackFrom(day), day);
  const earlier: EarlierDays = new Map();
  for (const r of rows) addEarlierDay(earlier, `${r.customerId}|${r.code}`, r.day);
  return earlier;
}

/** The first day searched for the start of a run that reaches D. */
export const lookbackFrom = (day: string) => addDays(day, -LOOKBACK_DAYS);

export function addEarlierDay(earlier: EarlierDays, key: string, day: string): void {
  const days = earlier.get(key);
  if (days) days.add(day);
  else earlier.set(key, new Set([day]));
}

/** The first day of each (customer, code) run that reaches D, from the stored daily rows. */
export async function raisedDays(
  db: SqlHandle,
  day: string,
  current: ReadonlyMap<string, readonly Signal[]>,
): Promise<Map<string, string>> {
  return raisedFrom(await earlierWarningDays(db, day, [...current.keys()]), day, current);
}

/** raisedDays from the earlier days already read. */
export function raisedFrom(
  earlier: EarlierDays,
  day: string,
  current: ReadonlyMap<string, readonly Signal[]>,
): Map<string, string> {
  const raised = new Map<string, string>();
  for (const [customerId, signals] of current) {
    for (const s of signals) {
      const key = `${customerId}|${s.code}`;
      const days = earlier.get(key);
      let start = day;
      // Walk back only where earlier rows exist (most warnings are new, or the job just started).
      if (days) while (days.has(addDays(start, -1))) start = addDays(start, -1);
      raised.set(key, start);
    }
  }
  return raised;
}

/** Midnight at the start of a calendar day in a time zone, as an instant. */
export function startOfDay(day: string, timeZone: string): Date {
  return zonedInstant(day, "00:00", timeZone);
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
