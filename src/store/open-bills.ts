/**
 * The bills open on day D (unpaid, or paid after D), every customer's, by customer and month: what
 * the daily job judges by. Two ranges of the `(paidDate, dueDate)` index, sorted: open bills are
 * few, while `paidDate IS NULL OR paidDate > ?` with the ORDER BY makes SQLite read every bill in
 * key order (5.8M at 1M customers) for them.
 */
import type { SqliteDatabase } from "./database.js";

export interface OpenBillRow {
  customerId: string;
  month: string;
  amount: number;
  dueDate: string;
  paidDate: string | null;
}

export function openBillsOn(sql: SqliteDatabase, asOf: string): OpenBillRow[] {
  return sql
    .prepare(
      `WITH open AS MATERIALIZED (
         SELECT customerId, month, amount, dueDate, paidDate FROM Bill WHERE paidDate IS NULL
         UNION ALL SELECT customerId, month, amount, dueDate, paidDate FROM Bill WHERE paidDate > ?)
       SELECT * FROM open ORDER BY customerId, month`,
    )
    .all(asOf) as OpenBillRow[];
}
