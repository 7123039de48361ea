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

/**
 * PostgreSQL, the daily job's pages: the sums and the last call day only. `string_agg` in the same
 * hash aggregate cost a page about four times the CPU (its per-group state), and PostgreSQL 15
 * cannot combine it from parallel workers; every aggregate here has a combine function, so
 * PostgreSQL may aggregate in parallel. The two lists come from USAGE_MARKS_OF, a few rows a
 * customer at most. The windows' bounds are compared by bytes (`COLLATE "C"`: the same order for
 * YYYY-MM-DD, no locale comparison per row); the history window's own bounds keep the column's
 * collation, for partition pruning.
 */
const afterC = (column: string) => `u."${column}" COLLATE "C" >= ?`;
/** A row one of the two lists takes. Parameters: the hotline limit, the hotline window's start. */
const MARKED = `(u."forwardedToCompetitor" OR (u."competitorHotlineSeconds" > ? AND ${afterC("date")}))`;
/**
 * The range's usage rows in the history window and the customer's tenure. Only the customers who
 * joined inside the window are joined (a LEFT JOIN on a few rows): for everyone else every row of
 * the window is in tenure. An inner join on the whole range made PostgreSQL expect a few thousand
 * rows for the page's ~600,000 and pick a nested loop of one index scan per customer and month.
 * Parameters: the range (after, last), history from, history from, as of, the range again.
 */
const USAGE_IN_TENURE = `FROM "DailyUsage" u LEFT JOIN "Customer" c ON u."customerId" = c."id"
    AND c."id" > ? AND c."id" <= ? AND c."joinDate" COLLATE "C" > ?
  WHERE u."date" BETWEEN ? AND ? AND u."customerId" > ? AND u."customerId" <= ?
    AND (c."joinDate" IS NULL OR u."date" COLLATE "C" >= c."joinDate" COLLATE "C")`;
const USAGE_SUMS_IN_RANGE = `SELECT ${KEY_BY_BYTES} AS "customerId",
    COALESCE(SUM(ROUND(u."spend" * 100)) FILTER (WHERE ${afterC("date")}), 0) AS "recentSpendFen",
    COALESCE(SUM(ROUND(u."spend" * 100)) FILTER (WHERE NOT ${afterC("date")}), 0) AS "baselineSpendFen",
    COALESCE(SUM(ROUND(u."dataMb" * 100)) FILTER (WHERE ${afterC("date")}), 0) AS "recentDataCenti",
    COALESCE(SUM(ROUND(u."dataMb" * 100)) FILTER (WHERE NOT ${afterC("date")}), 0) AS "baselineDataCenti",
    MAX(u."date" COLLATE "C") FILTER (WHERE u."calls" > 0) AS "lastCallDay",
    COUNT(*) FILTER (WHERE ${MARKED}) AS "marks"
  ${USAGE_IN_TENURE}
  GROUP BY ${KEY_BY_BYTES}`;

/**
 * PostgreSQL: the usage rows that the two lists take (hotline days, forwarded days) of the range's
 * customers that have any (the sums count them): a few index lookups instead of a second pass over
 * the range.
 */
const USAGE_MARKS_OF = `SELECT u."customerId", u."date", u."competitorHotlineSeconds" AS "seconds",
    u."competitorHotlineSeconds" > ? AND ${afterC("date")} AS "hotline", u."forwardedToCompetitor" AS "forwarded"
  ${USAGE_IN_TENURE}
    AND u."customerId" IN ${idList({ dialect: "postgres" })} AND ${MARKED}`;

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
  if (db.dialect === "postgres") return usageAggregatesInRangePostgres(db, range, windows);
  const rows = await db.all<UsageAggregateRow>(USAGE_IN_RANGE[db.dialect], [
    ...windowParams(windows),
    range.after,
    range.last,
    range.after,
    range.last,
  ]);
  return rows.map(numeric);
}

/**
 * PostgreSQL: the sums in one statement (parallel-safe) that also counts each customer's marked
 * rows, then those rows of the customers with any; joined here. The lists are unordered, as
 * `string_agg` gives them. The statements run one after the other: one connection runs one at a time.
 */
async function usageAggregatesInRangePostgres(
  db: SqlHandle,
  range: IdRange,
  w: UsageWindowBounds,
): Promise<UsageAggregateRow[]> {
  const tenure = [range.after, range.last, w.historyFrom, w.historyFrom, w.asOf, range.after, range.last];
  const marked = [w.hotlineLimit, w.hotlineFrom];
  const sums = await db.all<UsageAggregateRow & { marks: number | string }>(USAGE_SUMS_IN_RANGE, [
    w.recentFrom,
    w.recentFrom,
    w.recentFrom,
    w.recentFrom,
    ...marked,
    ...tenure,
  ]);
  const rows = new Map<string, UsageAggregateRow>();
  const withMarks: string[] = [];
  for (const { marks, ...r } of sums) {
    rows.set(r.customerId, { ...numeric(r), hotlineDays: null, forwardedDays: null });
    if (Number(marks) > 0) withMarks.push(r.customerId);
  }
  if (withMarks.length === 0) return [...rows.values()];
  const marks = await db.all<{
    customerId: string;
    date: string;
    seconds: number;
    hotline: boolean;
    forwarded: boolean;
  }>(USAGE_MARKS_OF, [...marked, ...tenure, JSON.stringify(withMarks), ...marked]);
  const append = (list: string | null, item: string) => (list === null ? item : `${list},${item}`);
  for (const m of marks) {
    // A marked row is in the history window and tenure, as every row the sums counted: its customer has a row.
    const row = rows.get(m.customerId)!;
    if (m.hotline) row.hotlineDays = append(row.hotlineDays, `${m.date}:${m.seconds}`);
    if (m.forwarded) row.forwardedDays = append(row.forwardedDays, m.date);
  }
  return [...rows.values()];
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
