/**
 * PostgreSQL: every current customer's usage aggregates at day D computed from the rows in SQL, in
 * a few set-based statements (the daily job's full run, issue #14). What `UsageAggregate` holds is
 * exactly what `usageAggregatesInRange` and `canonical` make of a customer's rows (decision 022):
 * the four sums as integers, the last call day, the hotline and forwarded days sorted and cut to
 * their windows, the join date they were counted from; a current customer without rows gets zeros.
 *
 * The sums are one pass over the history window's rows grouped by customer, as a `CREATE TEMP
 * TABLE … AS` (PostgreSQL plans the SELECT of a CREATE TABLE AS with parallel workers; it never
 * does for an INSERT … SELECT, and `string_agg` cannot be combined from workers in PostgreSQL 15):
 * every aggregate in it has a combine function. The forwarded days ride in that pass as one bit
 * per day of the window (`bit_or` of a bit string, combinable), decoded to dates for the few
 * customers with any; the hotline days, from the hotline window's few days only, go in the
 * statement that writes the table. Both statements run on the run's transaction. Customers with
 * rows dated before their join date are left to the caller (recomputed from their rows, as an
 * incremental run recomputes a customer).
 *
 * A CREATE TABLE AS takes no bind parameters, so the day bounds and the limit are written into its
 * text as literals, after checking they are days (YYYY-MM-DD); the window's length is computed here.
 */
import { daysBetween } from "../domain/dates.js";
import type { UsageWindowBounds } from "./signal-inputs.js";
import type { SqlHandle } from "./sql-handle.js";
import { allowPageMemory } from "./warning-day-writes.js";

/** A checked date literal (`'YYYY-MM-DD'`). */
function day(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`not a day: ${JSON.stringify(value)}`);
  return `'${value}'`;
}

/** The run's temporary table of sums (dropped at the commit). */
const SUMS = "retainbot_usage_sums";

/**
 * The history window's rows by customer: the sums (`ROUND(x * 100)` per row, as every other path),
 * the last call day and the forwarded days as bits (bit i: historyFrom + i). Tenure is left out:
 * a join per row to find the few customers who joined inside the window cost about as much as the
 * sums (measured at 1M); the pass keeps each customer's first day instead, and those whose first
 * row is dated before their join date are recomputed from their rows (`stale`).
 * Window bounds compared by bytes (`COLLATE "C"`, the same order for YYYY-MM-DD); the history
 * window's own bounds keep the column's collation, for partition pruning.
 */
function sumsText(w: UsageWindowBounds, days: number): string {
  const recent = `u."date" COLLATE "C" >= ${day(w.recentFrom)}`;
  const none = `B'${"0".repeat(days)}'`;
  return `CREATE TEMP TABLE ${SUMS} ON COMMIT DROP AS
  SELECT u."customerId" AS id,
    SUM(ROUND(u."spend" * 100)) FILTER (WHERE ${recent}) AS rs,
    SUM(ROUND(u."spend" * 100)) FILTER (WHERE NOT ${recent}) AS bs,
    SUM(ROUND(u."dataMb" * 100)) FILTER (WHERE ${recent}) AS rd,
    SUM(ROUND(u."dataMb" * 100)) FILTER (WHERE NOT ${recent}) AS bd,
    MAX(u."date" COLLATE "C") FILTER (WHERE u."calls" > 0) AS call,
    MIN(u."date" COLLATE "C") AS first,
    bit_or(set_bit(${none}, CAST(u."date" AS date) - DATE ${day(w.historyFrom)}, 1)) FILTER (WHERE u."forwardedToCompetitor") AS fwd
  FROM "DailyUsage" u
  WHERE u."date" BETWEEN ${day(w.historyFrom)} AND ${day(w.asOf)}
  GROUP BY u."customerId"`;
}

/**
 * Every current customer's row: the sums (zeros without rows), the forwarded bits decoded in date
 * order (the set bits' positions looked up in the window's days, built once: half the time of a
 * `to_char` per bit), the hotline days over the limit (from the later of the two windows' starts)
 * in date order.
 */
const INSERT_AGGREGATES = `INSERT INTO "UsageAggregate" ("customerId", "asOf", "joinDate", "recentSpendFen",
    "baselineSpendFen", "recentDataCenti", "baselineDataCenti", "lastCallDay", "hotlineDays", "forwardedDays")
  SELECT c."id", ?, c."joinDate", COALESCE(s.rs, 0), COALESCE(s.bs, 0), COALESCE(s.rd, 0), COALESCE(s.bd, 0),
    s.call, h.days,
    CASE WHEN s.fwd IS NOT NULL THEN array_to_string(ARRAY(
      SELECT w.days[p] FROM unnest(array_positions(string_to_array(CAST(s.fwd AS text), NULL), '1')) p ORDER BY p), ',') END
  FROM "Customer" c
  CROSS JOIN (SELECT ARRAY(SELECT to_char(CAST(? AS date) + i, 'YYYY-MM-DD') FROM generate_series(0, ? - 1) i) AS days) w
  LEFT JOIN ${SUMS} s ON s.id = c."id"
  LEFT JOIN (
    SELECT u."customerId" AS id,
      string_agg(u."date" || ':' || CAST(u."competitorHotlineSeconds" AS text), ',' ORDER BY u."date" COLLATE "C") AS days
    FROM "DailyUsage" u
    WHERE u."date" BETWEEN ? AND ? AND u."competitorHotlineSeconds" > ?
    GROUP BY u."customerId") h ON h.id = c."id"
  WHERE c."status" != 'left'`;

/**
 * The current customers whose first row in the window is dated before their join date: rows that
 * are not theirs, which the sums counted.
 */
const STALE = `SELECT c."id" FROM "Customer" c JOIN ${SUMS} s ON s.id = c."id"
  WHERE c."status" != 'left' AND c."joinDate" COLLATE "C" > ? AND s.first < c."joinDate" COLLATE "C"
  ORDER BY c."id"`;

/**
 * Writes every current customer's aggregates at day D into the (empty) `UsageAggregate`, inside
 * the run's transaction, counting every row of the window; returns how many, and the customers
 * with rows dated before their join date (`stale`: their aggregates are to be recomputed from
 * their rows, in tenure).
 */
export async function buildAggregates(
  tx: SqlHandle,
  w: UsageWindowBounds,
): Promise<{ written: number; stale: string[] }> {
  const days = daysBetween(w.historyFrom, w.asOf) + 1;
  // Memory to hash a million customers' sums in each process without spilling (64 MB spilled
  // about 1.4 GB a worker at 1M and took a quarter longer); the run's own setting after it.
  await tx.run(`SET LOCAL work_mem = '256MB'`);
  // One statement reads every row: a minute or more at 1M on a busy server, where the pool's
  // statement timeout (PG_STATEMENT_TIMEOUT_MS, 60 s by default) is meant for a chat's reads. An
  // hour for the pass, as an import's COPY has; the run's own timeout after it.
  const timeout = await tx.get<{ t: string }>(`SELECT current_setting('statement_timeout') AS t`);
  await tx.get(`SELECT set_config('statement_timeout', '1h', true)`);
  await tx.run(sumsText(w, days));
  await tx.get(`SELECT set_config('statement_timeout', ?, true)`, [timeout!.t]);
  await allowPageMemory(tx);
  // The later of the two starts (YYYY-MM-DD compare as strings).
  const hotlineFrom = [w.historyFrom, w.hotlineFrom].sort()[1]!;
  const written = await tx.run(INSERT_AGGREGATES, [
    w.asOf,
    w.historyFrom,
    days,
    hotlineFrom,
    w.asOf,
    w.hotlineLimit,
  ]);
  const stale = (await tx.all<{ id: string }>(STALE, [w.historyFrom])).map((r) => r.id);
  await tx.run(`DROP TABLE ${SUMS}`);
  return { written, stale };
}
