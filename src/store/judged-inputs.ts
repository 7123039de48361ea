/**
 * The bills and events of day D the daily job judges by, read whole (a full run, or an incremental
 * one judging everyone) or only for the customers of the run's judge set (`WarningJudgeSet`): an
 * incremental run that moved everyone else's aggregates in SQL (usage-aggregate-fold.ts) judges a
 * few of them, and reading every open bill and recent event of the store for them would cost more
 * than judging them.
 */
import type { SqliteDatabase } from "./database.js";

export interface JudgedBillRow {
  customerId: string;
  month: string;
  amount: number;
  dueDate: string;
  paidDate: string | null;
}

export interface JudgedEventRow {
  customerId: string;
  date: string;
  type: string;
  note: string;
}

/** Bills unpaid on D (or paid after it), by customer and month; of the run's judge set when `runId`. */
export function openBills(sql: SqliteDatabase, asOf: string, runId: number | null): JudgedBillRow[] {
  if (runId === null)
    return sql
      .prepare(
        `SELECT customerId, month, amount, dueDate, paidDate FROM Bill
         WHERE paidDate IS NULL OR paidDate > ? ORDER BY customerId, month`,
      )
      .all(asOf) as JudgedBillRow[];
  return sql
    .prepare(
      `SELECT b.customerId, b.month, b.amount, b.dueDate, b.paidDate
       FROM WarningJudgeSet j CROSS JOIN Bill b ON b.customerId = j.customerId
       WHERE j.runId = ? AND (b.paidDate IS NULL OR b.paidDate > ?) ORDER BY b.customerId, b.month`,
    )
    .all(runId, asOf) as JudgedBillRow[];
}

/** Events dated in [from, D], by customer, date, type and note; of the run's judge set when `runId`. */
export function recentEvents(
  sql: SqliteDatabase,
  from: string,
  asOf: string,
  runId: number | null,
): JudgedEventRow[] {
  if (runId === null)
    return sql
      .prepare(
        `SELECT customerId, date, type, note FROM Event
         WHERE date BETWEEN ? AND ? ORDER BY customerId, date, type, note`,
      )
      .all(from, asOf) as JudgedEventRow[];
  return sql
    .prepare(
      `SELECT e.customerId, e.date, e.type, e.note
       FROM WarningJudgeSet j CROSS JOIN Event e ON e.customerId = j.customerId
       WHERE j.runId = ? AND e.date BETWEEN ? AND ? ORDER BY e.customerId, e.date, e.type, e.note`,
    )
    .all(runId, from, asOf) as JudgedEventRow[];
}
