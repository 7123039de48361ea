/**
 * The churn features' usage sums per customer (issue 10): over the 30 days up to day D (recent) and
 * the 90 before (baseline). Read in one pass over `DailyUsage` (any day: training's snapshot days),
 * or kept in `ChurnUsageWindow` and moved from day A to day D by folding in only the rows whose
 * window changed (the days entering and leaving the windows, rows added since A's run) and
 * recounting customers whose rows were updated or deleted (`UsageChange`). Money in fen and data in
 * 0.01 MB, counted as integers, so a fold equals a recount field for field.
 */
import { addDays } from "../domain/dates.js";
import { recountAll, recountColumns } from "./churn-recount.js";
import type { SqliteDatabase } from "./database.js";

/** One customer's usage sums over the windows of a day. */
export interface UsageWindowRow {
  customerId: string;
  recentDays: number;
  baselineDays: number;
  recentSpendFen: number;
  baselineSpendFen: number;
  recentCalls: number;
  baselineCalls: number;
  recentDataCenti: number;
  baselineDataCenti: number;
  zeroCallDays: number;
  hotlineDays: number;
  hotlineSeconds: number;
  forwardedDays: number;
}

export const WINDOW_COLUMNS = [
  "customerId",
  "recentDays",
  "baselineDays",
  "recentSpendFen",
  "baselineSpendFen",
  "recentCalls",
  "baselineCalls",
  "recentDataCenti",
  "baselineDataCenti",
  "zeroCallDays",
  "hotlineDays",
  "hotlineSeconds",
  "forwardedDays",
] as const;

/** The window bounds of day D: baseline D−119…D−30, recent D−29…D. */
export function windowsOf(day: string) {
  return { day, recentFrom: addDays(day, -29), baselineFrom: addDays(day, -119) };
}

/**
 * Per-row signed parts: `r` and `b` are how the row counts in the recent and baseline sums (1, 0
 * or −1), the rest the row's values as integers.
 */
export const PARTS = `"customerId", ROUND("spend" * 100) AS sf, "calls" AS ca, ROUND("dataMb" * 100) AS dc,
  "competitorHotlineSeconds" AS hs, "forwardedToCompetitor" AS fw`;

/** The sums of signed parts, in WINDOW_COLUMNS order. */
export const SUMS = `"customerId", TOTAL(r), TOTAL(b), TOTAL(r * sf), TOTAL(b * sf), TOTAL(r * ca), TOTAL(b * ca),
  TOTAL(r * dc), TOTAL(b * dc), TOTAL(r * (ca = 0)), TOTAL(r * (hs > 60)), TOTAL(r * hs), TOTAL(r * fw)`;

/** Rows (`where`) counted in the windows of @day, each with its window. */
export const inWindows = (where: string) =>
  `SELECT ("date" >= @recentFrom) AS r, ("date" < @recentFrom) AS b, ${PARTS} FROM "DailyUsage" WHERE ${where}`;

/**
 * The sums straight from rows of the windows of @day (a recount), in WINDOW_COLUMNS order: the same
 * integers as SUMS over inWindows, in one pass without the signed parts (a third less CPU).
 */
const RECOUNT = recountColumns("sqlite");

/** Rows of the customers in JSON @ids within the windows of @day (the (customerId, date) key). */
const OF_CUSTOMERS = `"customerId" IN (SELECT value FROM json_each(@ids)) AND "date" >= @baselineFrom AND "date" <= @day`;

/** Every customer's recount (along the (customerId, date) key: see churn-recount.ts). */
const RECOUNT_ALL = recountAll("sqlite");

/**
 * Every customer's sums over the windows of day D, read from the rows (the reference: training's
 * snapshot days, and a rebuild of the kept window).
 */
export function usageWindowsFromRows(sql: SqliteDatabase, day: string): UsageWindowRow[] {
  return sql.prepare(RECOUNT_ALL).raw().all(windowsOf(day)).map(toRow);
}

/** These customers' sums over the windows of day D (a sample: each read along its key). */
export function usageWindowsOfCustomers(
  sql: SqliteDatabase,
  day: string,
  customerIds: readonly string[],
): UsageWindowRow[] {
  return sql
    .prepare(`SELECT ${RECOUNT} FROM "DailyUsage" WHERE ${OF_CUSTOMERS} GROUP BY "customerId"`)
    .raw()
    .all({ ...windowsOf(day), ids: JSON.stringify(customerIds) })
    .map(toRow);
}

/** A raw row in WINDOW_COLUMNS order as an object (a literal: one shape, quick at 1M rows). */
export const toRow = (values: unknown): UsageWindowRow => {
  const v = values as number[];
  return {
    customerId: v[0] as unknown as string,
    recentDays: v[1]!,
    baselineDays: v[2]!,
    recentSpendFen: v[3]!,
    baselineSpendFen: v[4]!,
    recentCalls: v[5]!,
    baselineCalls: v[6]!,
    recentDataCenti: v[7]!,
    baselineDataCenti: v[8]!,
    zeroCallDays: v[9]!,
    hotlineDays: v[10]!,
    hotlineSeconds: v[11]!,
    forwardedDays: v[12]!,
  };
};

/** The kept sums of customers with any row in the windows (with ids from ≤ id < to, when given). */
export function keptUsageWindows(
  sql: SqliteDatabase,
  range: { from: string | null; to: string | null } = { from: null, to: null },
): UsageWindowRow[] {
  const bounds = `${range.from === null ? "" : ` AND "customerId" >= @from`}${range.to === null ? "" : ` AND "customerId" < @to`}`;
  return sql
    .prepare(
      `SELECT ${WINDOW_COLUMNS.map((c) => `"${c}"`).join(", ")} FROM "ChurnUsageWindow"
       WHERE "recentDays" + "baselineDays" > 0${bounds} ORDER BY "customerId"`,
    )
    .raw()
    .all(range)
    .map(toRow);
}

export interface UsageWindowState {
  asOf: string;
  usageRowid: number;
  /** `customerId|date` of the row at usageRowid ("" when 0): a different row there means reuse. */
  rowKey: string;
  changeSeq: number;
}

export function usageWindowState(sql: SqliteDatabase): UsageWindowState | null {
  return (sql
    .prepare(`SELECT "asOf", "usageRowid", "rowKey", "changeSeq" FROM "ChurnUsageWindowState" WHERE "id" = 1`)
    .get() ?? null) as UsageWindowState | null;
}

/** The marks of the store now: its last usage rowid (with that row's key) and change sequence. */
export function currentMarks(sql: SqliteDatabase): Omit<UsageWindowState, "asOf"> {
  const usageRowid = Number(sql.prepare(`SELECT coalesce(max(rowid), 0) FROM "DailyUsage"`).pluck().get());
  return { usageRowid, rowKey: rowKeyAt(sql, usageRowid), changeSeq: changeSequence(sql) };
}

export function rowKeyAt(sql: SqliteDatabase, rowid: number): string {
  const key = sql
    .prepare(`SELECT "customerId" || '|' || "date" FROM "DailyUsage" WHERE rowid = ?`)
    .pluck()
    .get(rowid) as string | undefined;
  return key ?? "";
}

/** The last `UsageChange` sequence handed out (AUTOINCREMENT: deleted entries keep it). */
function changeSequence(sql: SqliteDatabase): number {
  const seq = sql.prepare(`SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'UsageChange'`).pluck().get() as
    | number
    | undefined;
  return seq ?? 0;
}

/**
 * Customers whose rows changed in the change sequence (from, to], or null when some of those
 * entries are gone (the warnings job drops the entries it has handled): then only a recount is safe.
 */
export function changedSince(sql: SqliteDatabase, from: number, to: number): string[] | null {
  if (to < from) return null;
  const { n } = sql
    .prepare(`SELECT COUNT(*) AS n FROM "UsageChange" WHERE "seq" > ? AND "seq" <= ?`)
    .get(from, to) as { n: number };
  if (n !== to - from) return null;
  return sql
    .prepare(`SELECT DISTINCT "customerId" FROM "UsageChange" WHERE "seq" > ? AND "seq" <= ?`)
    .pluck()
    .all(from, to) as string[];
}

export const INSERT = `INSERT INTO "ChurnUsageWindow" (${WINDOW_COLUMNS.map((c) => `"${c}"`).join(", ")})`;

/** Replaces the kept sums with a recount for day D. */
export function rebuildUsageWindow(sql: SqliteDatabase, day: string): void {
  sql.prepare(`DELETE FROM "ChurnUsageWindow"`).run();
  sql.prepare(`${INSERT} ${RECOUNT_ALL}`).run(windowsOf(day));
}

/** Recounts these customers' sums for day D from their rows. */
export function recountCustomers(sql: SqliteDatabase, day: string, customerIds: readonly string[]): void {
  if (customerIds.length === 0) return;
  const ids = JSON.stringify(customerIds);
  sql
    .prepare(`DELETE FROM "ChurnUsageWindow" WHERE "customerId" IN (SELECT value FROM json_each(?))`)
    .run(ids);
  sql
    .prepare(`${INSERT} SELECT ${RECOUNT} FROM "DailyUsage" WHERE ${OF_CUSTOMERS} GROUP BY "customerId"`)
    .run({ ...windowsOf(day), ids });
}

export function saveUsageWindowState(sql: SqliteDatabase, state: UsageWindowState): void {
  sql
    .prepare(
      `INSERT INTO "ChurnUsageWindowState" ("id", "asOf", "usageRowid", "rowKey", "changeSeq") VALUES (1, @asOf, @usageRowid, @rowKey, @changeSeq)
       ON CONFLICT ("id") DO UPDATE SET "asOf" = excluded."asOf", "usageRowid" = excluded."usageRowid",
         "rowKey" = excluded."rowKey", "changeSeq" = excluded."changeSeq"`,
    )
    .run(state);
}
