/**
 * The rows behind the churn features of day D (src/services/churn/features.ts) besides usage: the
 * customers on D, and their events, overdue bills and outcomes — for all customers or a slice by id
 * (the parallel scoring reads slices in another thread, src/services/churn/score-parallel.ts).
 */
import { addDays } from "../domain/dates.js";
import type { SqliteDatabase } from "./database.js";

/** A customer on day D as the features read them. */
export interface CustomerAsOf {
  id: string;
  joinDate: string;
  contractEnd: string | null;
  vipLevel: string;
  groupId: string | null;
  leftDate: string | null;
}

/**
 * A slice of the customers by id, `from` ≤ id < `to` (null: unbounded), so two threads can each
 * read and score a part (score-parallel.ts).
 */
export interface CustomerRange {
  from: string | null;
  to: string | null;
}

export const ALL_CUSTOMERS: CustomerRange = { from: null, to: null };

/** `AND` conditions keeping `column` within the range (bound as @from and @to). */
const inRange = (column: string, range: CustomerRange) =>
  `${range.from === null ? "" : ` AND ${column} >= @from`}${range.to === null ? "" : ` AND ${column} < @to`}`;

/** The customers on day D (joined on or before D, not yet left) within the range, by id. */
export function customersAsOf(sql: SqliteDatabase, day: string, range = ALL_CUSTOMERS): CustomerAsOf[] {
  return sql
    .prepare(
      `SELECT "id", "joinDate", "contractEnd", "vipLevel", "groupId", "leftDate" FROM "Customer"
       WHERE "joinDate" <= @day AND ("leftDate" > @day OR ("leftDate" IS NULL AND "status" != 'left'))${inRange(`"id"`, range)}
       ORDER BY "id"`,
    )
    .all({ day, ...range }) as CustomerAsOf[];
}

/** The events, overdue bills and outcomes behind the features of day D, per customer of the range. */
export interface OtherFeatureRows {
  events: { customerId: string; c: number; f: number; p: number; o: number }[];
  bills: { customerId: string; n: number; amount: number }[];
  outcomes: { customerId: string; n: number; retained: number }[];
}

export function otherFeatureRows(sql: SqliteDatabase, day: string, range = ALL_CUSTOMERS): OtherFeatureRows {
  const events = sql
    .prepare(
      `SELECT "customerId", SUM("type" = 'complaint') AS c, SUM("type" = 'broadband_fault') AS f,
         SUM("type" = 'portability_inquiry') AS p, SUM("type" = 'competitor_offer') AS o
       FROM "Event" WHERE "date" > @since AND "date" <= @day${inRange(`"customerId"`, range)} GROUP BY "customerId"`,
    )
    .all({ day, since: addDays(day, -90), ...range }) as OtherFeatureRows["events"];
  const bills = sql
    .prepare(
      `SELECT "customerId", COUNT(*) AS n, SUM("amount") AS amount FROM "Bill"
       WHERE "dueDate" < @day AND ("paidDate" IS NULL OR "paidDate" > @day)${inRange(`"customerId"`, range)}
       GROUP BY "customerId"`,
    )
    .all({ day, ...range }) as OtherFeatureRows["bills"];
  const outcomes = sql
    .prepare(
      `SELECT "customerId", COUNT(*) AS n, SUM("kind" = 'retained') AS retained FROM "Outcome"
       WHERE "day" < @day${inRange(`"customerId"`, range)} GROUP BY "customerId"`,
    )
    .all({ day, ...range }) as OtherFeatureRows["outcomes"];
  return { events, bills, outcomes };
}

/**
 * `parts` ranges of about equal numbers of customers (by id over all customers, left ones too), in
 * order, covering every id: the parallel scoring gives each helper thread one.
 */
export function customerRanges(sql: SqliteDatabase, parts: number): CustomerRange[] {
  const count = sql.prepare(`SELECT COUNT(*) FROM "Customer"`).pluck().get() as number;
  const at = sql.prepare(`SELECT "id" FROM "Customer" ORDER BY "id" LIMIT 1 OFFSET ?`).pluck();
  const bounds: (string | null)[] = [null];
  for (let p = 1; p < parts; p++)
    bounds.push((at.get(Math.floor((count * p) / parts)) as string | undefined) ?? null);
  bounds.push(null);
  const ranges: CustomerRange[] = [];
  for (let p = 0; p < parts; p++) {
    // An empty store (or more parts than customers) leaves a bound null: the last range is open.
    if (p > 0 && bounds[p] === null) break;
    ranges.push({ from: bounds[p]!, to: bounds[p + 1] ?? null });
  }
  return ranges;
}
