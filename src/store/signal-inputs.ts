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

/**
 * The aggregates of the usage rows `u` of customers `c` in the windows (select list, join and the
 * window's parameters first); sums in integers (fen, 0.01 MB); lists unordered (the caller sorts
 * them). A WHERE on `u."customerId"` and a GROUP BY of `KEY` follow.
 */
const KEY = `u."customerId"`;
/**
 * PostgreSQL sorts a page's rows to group them: by bytes (`COLLATE "C"`: the same groups) rather
 * than by the database's collation, which took a third of the statement's time.
 */
const KEY_BY_BYTES = `u."customerId" COLLATE "C"`;
const usageSelect = (key: string) => ({
  sqlite: `SELECT ${key} AS "customerId",
    TOTAL(ROUND(u."spend" * 100)) FILTER (WHERE u."date" >= ?) AS "recentSpendFen",
    TOTAL(ROUND(u."spend" * 100)) FILTER (WHERE u."date" < ?) AS "baselineSpendFen",
    TOTAL(ROUND(u."dataMb" * 100)) FILTER (WHERE u."date" >= ?) AS "recentDataCenti",
    TOTAL(ROUND(u."dataMb" * 100)) FILTER (WHERE u."date" < ?) AS "baselineDataCenti",
    MAX(u."date") FILTER (WHERE u."calls" > 0) AS "lastCallDay",
    GROUP_CONCAT(u."date" || ':' || u."competitorHotlineSeconds") FILTER (WHERE u."competitorHotlineSeconds" > ? AND u."date" >= ?) AS "hotlineDays",
    GROUP_CONCAT(u."date") FILTER (WHERE u."forwardedToCompetitor") AS "forwardedDays"
  FROM "DailyUsage" u JOIN "Customer" c ON u."customerId" = c."id" AND u."date" BETWEEN ? AND ? AND u."date" >= c."joinDate"`,
  postgres: `SELECT ${key} AS "customerId",
    COALESCE(SUM(ROUND(u."spend" * 100)) FILTER (WHERE u."date" >= ?), 0) AS "recentSpendFen",
    COALESCE(SUM(ROUND(u."spend" * 100)) FILTER (WHERE u."date" < ?), 0) AS "baselineSpendFen",
    COALESCE(SUM(ROUND(u."dataMb" * 100)) FILTER (WHERE u."date" >= ?), 0) AS "recentDataCenti",
    COALESCE(SUM(ROUND(u."dataMb" * 100)) FILTER (WHERE u."date" < ?), 0) AS "baselineDataCenti",
    MAX(u."date") FILTER (WHERE u."calls" > 0) AS "lastCallDay",
    string_agg(u."date" || ':' || CAST(u."competitorHotlineSeconds" AS text), ',') FILTER (WHERE u."competitorHotlineSeconds" > ? AND u."date" >= ?) AS "hotlineDays",
    string_agg(u."date", ',') FILTER (WHERE u."forwardedToCompetitor") AS "forwardedDays"
  FROM "DailyUsage" u JOIN "Customer" c ON u."customerId" = c."id" AND u."date" BETWEEN ? AND ? AND u."date" >= c."joinDate"`,
});
const USAGE_SELECT = usageSelect(KEY);

/** The aggregates of the customers in a JSON id list. */
const USAGE = {
  sqlite: `${USAGE_SELECT.sqlite}
  WHERE u."customerId" IN ${idList({ dialect: "sqlite" })}
  GROUP BY ${KEY}`,
  postgres: `${USAGE_SELECT.postgres}
  WHERE u."customerId" IN ${idList({ dialect: "postgres" })}
  GROUP BY ${KEY}`,
} as const;

/**
 * The aggregates of the customers with ids in (after, last]: one statement PostgreSQL may run with
 * parallel workers. The range is on both sides of the join (PostgreSQL does not carry a range
 * across an equality: without it every customer is read and hashed for each page).
 */
const IN_RANGE_BOTH = `WHERE u."customerId" > ? AND u."customerId" <= ? AND c."id" > ? AND c."id" <= ?`;
const USAGE_IN_RANGE = {
  sqlite: `${USAGE_SELECT.sqlite}
  ${IN_RANGE_BOTH}
  GROUP BY ${KEY}`,
  postgres: `${usageSelect(KEY_BY_BYTES).postgres}
  ${IN_RANGE_BOTH}
  GROUP BY ${KEY_BY_BYTES}`,
} as const;

/** The parameters of the windows, in the order USAGE_SELECT names them. */
const windowParams = (w: UsageWindowBounds) => [
  w.recentFrom,
  w.recentFrom,
  w.recentFrom,
  w.recentFrom,
  w.hotlineLimit,
  w.hotlineFrom,
  w.historyFrom,
  w.asOf,
];

/** The parameters of USAGE, in the order its texts name them. */
const usageParams = (ids: readonly string[], w: UsageWindowBounds) => [
  ...windowParams(w),
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

/**
 * The usage aggregates of the customers with ids in (after, last] over day D's windows (customers
 * without usage: no row): the daily job on the SQL handle reads its pages so.
 */
export async function usageAggregatesInRange(
  db: SqlHandle,
  range: IdRange,
  windows: UsageWindowBounds,
): Promise<UsageAggregateRow[]> {
  const rows = await db.all<UsageAggregateRow>(USAGE_IN_RANGE[db.dialect], [
    ...windowParams(windows),
    range.after,
    range.last,
    range.after,
    range.last,
  ]);
  return rows.map(numeric);
}

/** Customer ids after `after` up to and including `last`, in the store's key order. */
export interface IdRange {
  after: string;
  last: string;
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

/** Which customers a read takes: those of a JSON id list, or those with ids in (after, last]. */
const inList = (db: Pick<SqlHandle, "dialect">) => `"customerId" IN ${idList(db)}`;
const IN_RANGE = `"customerId" > ? AND "customerId" <= ?`;

const billsOf = (who: string) =>
  `SELECT "customerId", "month", "amount", "dueDate", "paidDate" FROM "Bill"
   WHERE ${who} AND ("paidDate" IS NULL OR "paidDate" > ?) ORDER BY "customerId", "month"`;
const bills = (db: Pick<SqlHandle, "dialect">) => billsOf(inList(db));

const eventsOf = (who: string) =>
  `SELECT "customerId", "date", "type", "note" FROM "Event"
   WHERE ${who} AND "date" BETWEEN ? AND ? ORDER BY "customerId", "date", "type", "note"`;
const events = (db: Pick<SqlHandle, "dialect">) => eventsOf(inList(db));

const billRow = (b: CustomerBillRow): CustomerBillRow => ({ ...b, amount: Number(b.amount) });

/** The bills of these customers still unpaid on day D (paid after it, or not at all). */
export async function billsUnpaidOn(
  db: SqlHandle,
  customerIds: readonly string[],
  day: string,
): Promise<CustomerBillRow[]> {
  const rows = await db.all<CustomerBillRow>(bills(db), [JSON.stringify(customerIds), day]);
  return rows.map(billRow);
}

/** The bills of the customers with ids in (after, last] still unpaid on day D. */
export async function billsUnpaidInRange(
  db: SqlHandle,
  range: IdRange,
  day: string,
): Promise<CustomerBillRow[]> {
  const rows = await db.all<CustomerBillRow>(billsOf(IN_RANGE), [range.after, range.last, day]);
  return rows.map(billRow);
}

/** The events of the customers with ids in (after, last] from `from` to `to` (inclusive). */
export function eventsInRange(
  db: SqlHandle,
  range: IdRange,
  from: string,
  to: string,
): Promise<CustomerEventRow[]> {
  return db.all<CustomerEventRow>(eventsOf(IN_RANGE), [range.after, range.last, from, to]);
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
