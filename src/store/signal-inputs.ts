/**
 * What the rules read of some customers on a day, on the SQL handle (either store): their usage
 * aggregated over the rule windows (one pass over their rows, in SQL), the bills still unpaid on the
 * day, and the events inside the rules' window. The daily job's rank step reads the same texts on
 * its SQLite connection, inside its transaction (the `…Sqlite` twins). The aggregates are those of
 * services/warnings/rolling-aggregates.ts (`USAGE_AGGREGATES`), which the job's own pass reads;
 * tests compare both with the rules' in-memory summary.
 */

import type { BillFact, EventFact } from "../domain/customer.js";
import type { UsageAggregate } from "../domain/signals/usage-summary.js";
import type { SqliteDatabase } from "./database.js";
import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";
import { cachedStatement } from "./statement-cache.js";

/** The windows of day D the aggregates are taken over (all YYYY-MM-DD, inclusive). */
export interface UsageWindowBounds {
  historyFrom: string;
  recentFrom: string;
  hotlineFrom: string;
  /** Seconds on a competitor's hotline above which a day counts. */
  hotlineLimit: number;
  asOf: string;
}

/** One customer's aggregates, with the customer. */
export type UsageAggregateRow = UsageAggregate & { customerId: string };

/** Sums in integers (fen, 0.01 MB); lists unordered (the caller sorts them). */
const USAGE = {
  sqlite: `SELECT u."customerId" AS "customerId",
    TOTAL(ROUND(u."spend" * 100)) FILTER (WHERE u."date" >= ?) AS "recentSpendFen",
    TOTAL(ROUND(u."spend" * 100)) FILTER (WHERE u."date" < ?) AS "baselineSpendFen",
    TOTAL(ROUND(u."dataMb" * 100)) FILTER (WHERE u."date" >= ?) AS "recentDataCenti",
    TOTAL(ROUND(u."dataMb" * 100)) FILTER (WHERE u."date" < ?) AS "baselineDataCenti",
    MAX(u."date") FILTER (WHERE u."calls" > 0) AS "lastCallDay",
    GROUP_CONCAT(u."date" || ':' || u."competitorHotlineSeconds") FILTER (WHERE u."competitorHotlineSeconds" > ? AND u."date" >= ?) AS "hotlineDays",
    GROUP_CONCAT(u."date") FILTER (WHERE u."forwardedToCompetitor") AS "forwardedDays"
  FROM "DailyUsage" u JOIN "Customer" c ON u."customerId" = c."id" AND u."date" BETWEEN ? AND ? AND u."date" >= c."joinDate"
  WHERE u."customerId" IN (SELECT value FROM json_each(?))
  GROUP BY u."customerId"`,
  postgres: `SELECT u."customerId" AS "customerId",
    COALESCE(SUM(ROUND(u."spend" * 100)) FILTER (WHERE u."date" >= ?), 0) AS "recentSpendFen",
    COALESCE(SUM(ROUND(u."spend" * 100)) FILTER (WHERE u."date" < ?), 0) AS "baselineSpendFen",
    COALESCE(SUM(ROUND(u."dataMb" * 100)) FILTER (WHERE u."date" >= ?), 0) AS "recentDataCenti",
    COALESCE(SUM(ROUND(u."dataMb" * 100)) FILTER (WHERE u."date" < ?), 0) AS "baselineDataCenti",
    MAX(u."date") FILTER (WHERE u."calls" > 0) AS "lastCallDay",
    string_agg(u."date" || ':' || CAST(u."competitorHotlineSeconds" AS text), ',') FILTER (WHERE u."competitorHotlineSeconds" > ? AND u."date" >= ?) AS "hotlineDays",
    string_agg(u."date", ',') FILTER (WHERE u."forwardedToCompetitor") AS "forwardedDays"
  FROM "DailyUsage" u JOIN "Customer" c ON u."customerId" = c."id" AND u."date" BETWEEN ? AND ? AND u."date" >= c."joinDate"
  WHERE u."customerId" IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))
  GROUP BY u."customerId"`,
} as const;

/** The parameters of USAGE, in the order its texts name them. */
const usageParams = (ids: readonly string[], w: UsageWindowBounds) => [
  w.recentFrom,
  w.recentFrom,
  w.recentFrom,
  w.recentFrom,
  w.hotlineLimit,
  w.hotlineFrom,
  w.historyFrom,
  w.asOf,
  JSON.stringify(ids),
];

/** The usage aggregates of these customers over day D's windows (customers without usage: no row). */
export async function usageAggregatesOf(
  db: SqlHandle,
  customerIds: readonly string[],
  windows: UsageWindowBounds,
): Promise<UsageAggregateRow[]> {
  const rows = await db.all<UsageAggregateRow>(USAGE[db.dialect], usageParams(customerIds, windows));
  return rows.map(numeric);
}

/** usageAggregatesOf on the SQLite connection (the daily job's rank step, inside its transaction). */
export function usageAggregatesSqlite(
  sql: SqliteDatabase,
  customerIds: readonly string[],
  windows: UsageWindowBounds,
): UsageAggregateRow[] {
  return cachedStatement(sql, USAGE.sqlite).all(usageParams(customerIds, windows)) as UsageAggregateRow[];
}

const numeric = (r: UsageAggregateRow): UsageAggregateRow => ({
  ...r,
  recentSpendFen: Number(r.recentSpendFen),
  baselineSpendFen: Number(r.baselineSpendFen),
  recentDataCenti: Number(r.recentDataCenti),
  baselineDataCenti: Number(r.baselineDataCenti),
});

export interface CustomerBillRow extends BillFact {
  customerId: string;
}

export interface CustomerEventRow extends EventFact {
  customerId: string;
}

const bills = (db: Pick<SqlHandle, "dialect">) =>
  `SELECT "customerId", "month", "amount", "dueDate", "paidDate" FROM "Bill"
   WHERE "customerId" IN ${idList(db)} AND ("paidDate" IS NULL OR "paidDate" > ?) ORDER BY "customerId", "month"`;

const events = (db: Pick<SqlHandle, "dialect">) =>
  `SELECT "customerId", "date", "type", "note" FROM "Event"
   WHERE "customerId" IN ${idList(db)} AND "date" BETWEEN ? AND ? ORDER BY "customerId", "date", "type", "note"`;

/** The bills of these customers still unpaid on day D (paid after it, or not at all). */
export async function billsUnpaidOn(
  db: SqlHandle,
  customerIds: readonly string[],
  day: string,
): Promise<CustomerBillRow[]> {
  const rows = await db.all<CustomerBillRow>(bills(db), [JSON.stringify(customerIds), day]);
  return rows.map((b) => ({ ...b, amount: Number(b.amount) }));
}

/** billsUnpaidOn on the SQLite connection (the daily job's rank step). */
export function billsUnpaidOnSqlite(
  sql: SqliteDatabase,
  customerIds: readonly string[],
  day: string,
): CustomerBillRow[] {
  return cachedStatement(sql, bills({ dialect: "sqlite" })).all(
    JSON.stringify(customerIds),
    day,
  ) as CustomerBillRow[];
}

/** The events of these customers from `from` to `to` (inclusive). */
export function eventsBetween(
  db: SqlHandle,
  customerIds: readonly string[],
  from: string,
  to: string,
): Promise<CustomerEventRow[]> {
  return db.all<CustomerEventRow>(events(db), [JSON.stringify(customerIds), from, to]);
}

/** eventsBetween on the SQLite connection (the daily job's rank step). */
export function eventsBetweenSqlite(
  sql: SqliteDatabase,
  customerIds: readonly string[],
  from: string,
  to: string,
): CustomerEventRow[] {
  return cachedStatement(sql, events({ dialect: "sqlite" })).all(
    JSON.stringify(customerIds),
    from,
    to,
  ) as CustomerEventRow[];
}
