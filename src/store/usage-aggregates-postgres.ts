/**
 * PostgreSQL: the per-customer usage aggregates the daily warnings job keeps (decision 022), so a
 * day reads the days entering and leaving the rule windows instead of every customer's 120 days.
 * `UsageAggregate` holds, per current customer, exactly what `usageAggregatesInRange` computes for
 * the state's day (integer sums, the last call day and the two lists cut to their windows, sorted);
 * `UsageAggregateState` (id 1) says which day, with `usageRowid` = -1 (no rowid here: a state copied
 * from SQLite, with its watermark, is not this job's and is rebuilt). Every statement runs on the
 * run's transaction; the triggers that name late, corrected and deleted rows in `UsageChange` are in
 * prisma/postgres/migrations/20261203100000_usage_change_triggers.
 */
import { addDays } from "../domain/dates.js";
import type { UsageAggregateRow, UsageWindowBounds } from "./signal-inputs.js";
import type { SqlHandle } from "./sql-handle.js";

/** `usageRowid` of a state this job wrote. */
const KEPT_HERE = -1;

export interface AggregateStateRow {
  asOf: string;
  rulesKey: string;
  /** False: written by SQLite's job (copied by migrate-store); its aggregates are not kept here. */
  keptHere: boolean;
}

/** The aggregates' state, locked for the run's transaction (one run moves them at a time). */
export async function lockedAggregateState(tx: SqlHandle): Promise<AggregateStateRow | null> {
  await tx.get(`SELECT pg_advisory_xact_lock(hashtext('retainbot:usage-aggregates'))`);
  const row = await tx.get<{ asOf: string; rulesKey: string; usageRowid: number | string }>(
    `SELECT "asOf", "rulesKey", "usageRowid" FROM "UsageAggregateState" WHERE "id" = 1`,
  );
  return row
    ? { asOf: row.asOf, rulesKey: row.rulesKey, keptHere: Number(row.usageRowid) === KEPT_HERE }
    : null;
}

/**
 * Waits until every transaction that wrote `DailyUsage` before now has ended (the triggers hold
 * the lock shared until their commit). Called after the run recorded its day and before its
 * snapshot: a writer either committed before the snapshot or reads the run's day in its trigger.
 */
export async function waitForUsageWriters(db: SqlHandle): Promise<void> {
  await db.transaction((tx) => tx.get(`SELECT pg_advisory_xact_lock(hashtext('retainbot:usage-fold'))`));
}

/** The aggregates' state at day D after this run (inside the run's transaction). */
export async function saveAggregateState(tx: SqlHandle, day: string, rulesKey: string, runId: number) {
  await tx.run(
    `INSERT INTO "UsageAggregateState" ("id", "asOf", "usageRowid", "changeSeq", "rulesKey", "inputSeq", "runId")
     VALUES (1, ?, ?, 0, ?, 0, ?)
     ON CONFLICT ("id") DO UPDATE SET "asOf" = EXCLUDED."asOf", "usageRowid" = EXCLUDED."usageRowid",
       "changeSeq" = 0, "rulesKey" = EXCLUDED."rulesKey", "inputSeq" = 0, "runId" = EXCLUDED."runId"`,
    [day, KEPT_HERE, rulesKey, runId],
  );
}

/**
 * A full run starts from none; the changes named so far are in what it reads (committed before its
 * reads' snapshot). `UsageChange` is emptied row by row: a TRUNCATE would hold every writer naming a
 * customer there until the run commits.
 */
export async function clearAggregates(tx: SqlHandle): Promise<void> {
  await tx.run(`TRUNCATE "UsageAggregate"`);
  await tx.run(`DELETE FROM "UsageChange"`);
}

/**
 * The customers named in `UsageChange` (taken: the entries are deleted in the run's transaction,
 * so a run that fails leaves them; entries committed meanwhile stay for the next run).
 */
export async function takeUsageChanges(tx: SqlHandle): Promise<string[]> {
  const rows = await tx.all<{ customerId: string }>(`DELETE FROM "UsageChange" RETURNING "customerId"`);
  return [...new Set(rows.map((r) => r.customerId))];
}

/**
 * Current customers whose aggregates cannot be moved from day P: none yet (new, or current again),
 * counted from another join date, or not at P. Aggregates of customers no longer current go.
 */
export async function unfoldableCustomers(tx: SqlHandle, from: string): Promise<string[]> {
  await tx.run(
    `DELETE FROM "UsageAggregate" a WHERE NOT EXISTS
       (SELECT 1 FROM "Customer" c WHERE c."id" = a."customerId" AND c."status" != 'left')`,
  );
  const rows = await tx.all<{ id: string }>(
    `SELECT c."id" FROM "Customer" c LEFT JOIN "UsageAggregate" a ON a."customerId" = c."id"
     WHERE c."status" != 'left' AND (a."customerId" IS NULL OR a."joinDate" != c."joinDate" OR a."asOf" != ?)`,
    [from],
  );
  return rows.map((r) => r.id);
}

/** Drops these customers' aggregates (they are recomputed from their rows). */
export async function dropAggregatesOf(tx: SqlHandle, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 10_000)
    await tx.run(
      `DELETE FROM "UsageAggregate" WHERE "customerId" IN (SELECT value FROM json_array_elements_text(?::json))`,
      [JSON.stringify(ids.slice(i, i + 10_000))],
    );
}

/** The current customers among these, with their join dates. */
export async function currentJoinDates(
  tx: SqlHandle,
  ids: readonly string[],
): Promise<{ id: string; joinDate: string }[]> {
  return tx.all<{ id: string; joinDate: string }>(
    `SELECT "id", "joinDate" FROM "Customer"
     WHERE "id" IN (SELECT value FROM json_array_elements_text(?::json)) AND "status" != 'left' ORDER BY "id"`,
    [JSON.stringify(ids)],
  );
}

/** One customer's aggregates as stored: at `asOf`, counted from `joinDate`. */
export type StoredAggregate = UsageAggregateRow & { joinDate: string };

/** Writes aggregates (lists sorted) at day D: one statement a call. */
export async function insertAggregates(tx: SqlHandle, day: string, rows: readonly StoredAggregate[]) {
  if (rows.length === 0) return;
  await tx.run(
    `INSERT INTO "UsageAggregate" ("customerId", "asOf", "joinDate", "recentSpendFen", "baselineSpendFen",
       "recentDataCenti", "baselineDataCenti", "lastCallDay", "hotlineDays", "forwardedDays")
     SELECT r.c, ?, r.j, r.rs, r.bs, r.rd, r.bd, r.l, r.h, r.f
     FROM json_to_recordset(?::json) AS r(c text, j text, rs integer, bs integer, rd integer, bd integer, l text, h text, f text)`,
    [
      day,
      JSON.stringify(
        rows.map((a) => ({
          c: a.customerId,
          j: a.joinDate,
          rs: a.recentSpendFen,
          bs: a.baselineSpendFen,
          rd: a.recentDataCenti,
          bd: a.baselineDataCenti,
          l: a.lastCallDay,
          h: a.hotlineDays,
          f: a.forwardedDays,
        })),
      ),
    ],
  );
}

/** The stored aggregates of the customers with ids in (after, last]. */
export async function aggregatesInRange(
  tx: SqlHandle,
  range: { after: string; last: string },
): Promise<UsageAggregateRow[]> {
  return tx.all<UsageAggregateRow>(
    `SELECT "customerId", "recentSpendFen", "baselineSpendFen", "recentDataCenti", "baselineDataCenti",
       "lastCallDay", "hotlineDays", "forwardedDays"
     FROM "UsageAggregate" WHERE "customerId" > ? AND "customerId" <= ?`,
    [range.after, range.last],
  );
}

/** The windows of a day, as the fold needs them. */
export interface FoldWindows extends UsageWindowBounds {}

/** A sorted list with its entries before `from` cut (a whole list at or after `from` is kept as is). */
const cut = (column: string) =>
  `CASE WHEN a."${column}" IS NULL OR a."${column}" COLLATE "C" >= ? THEN a."${column}"
     ELSE (SELECT string_agg(e, ',' ORDER BY e COLLATE "C") FROM unnest(string_to_array(a."${column}", ',')) e
           WHERE e COLLATE "C" >= ?) END`;

/** The last call day cut to the history window. */
const LAST_CALL_CUT = `CASE WHEN a."lastCallDay" COLLATE "C" >= ? THEN a."lastCallDay" END`;

/** Half-open day ranges [from, to), merged where they overlap or touch, in order. */
export function disjointRanges(
  ranges: readonly { from: string; to: string }[],
): { from: string; to: string }[] {
  const merged: { from: string; to: string }[] = [];
  for (const r of [...ranges].filter((r) => r.from < r.to).sort((a, b) => (a.from < b.from ? -1 : 1))) {
    const last = merged.at(-1);
    if (!last || r.from > last.to) merged.push({ ...r });
    else if (r.to > last.to) last.to = r.to;
  }
  return merged;
}

/**
 * Each moved day with what its rows do: to the recent sums (+1 entering, −1 leaving, 0) and the
 * baseline's, and whether its calls are new (dated after P, inside D's history window).
 */
export function movedDays(
  p: FoldWindows,
  d: FoldWindows,
): { day: string; recent: number; baseline: number; fresh: number }[] {
  const bucket = (w: FoldWindows, day: string) => ({
    recent: day >= w.recentFrom && day <= w.asOf ? 1 : 0,
    baseline: day >= w.historyFrom && day < w.recentFrom ? 1 : 0,
  });
  const days = [];
  for (const r of disjointRanges([
    { from: p.historyFrom, to: d.historyFrom },
    { from: p.recentFrom, to: d.recentFrom },
    { from: addDays(p.asOf, 1), to: addDays(d.asOf, 1) },
  ]))
    for (let day = r.from; day < r.to; day = addDays(day, 1)) {
      const [at, was] = [bucket(d, day), bucket(p, day)];
      days.push({
        day,
        recent: at.recent - was.recent,
        baseline: at.baseline - was.baseline,
        fresh: day > p.asOf && day >= d.historyFrom ? 1 : 0,
      });
    }
  return days;
}

export async function foldAggregates(
  tx: SqlHandle,
  p: FoldWindows,
  d: FoldWindows,
): Promise<{ customers: number; rest: number }> {
  const days = movedDays(p, d);
  // Each moved day's rows are one range of DailyUsage's covering date index (an index-only scan
  // where the pages are all-visible), tagged with what they do: no per-row date tests.
  const tags = days.map(() => "(?::text, ?::integer, ?::integer, ?::integer)").join(", ");
  const tagParams = days.flatMap((t) => [t.day, t.recent, t.baseline, t.fresh]);
  // Tenure: only customers who joined after P's history window began can have rows before it.
  const moved = `SELECT u."customerId" AS id,
      SUM(ROUND(u."spend" * 100) * w.recent)::bigint AS rs, SUM(ROUND(u."spend" * 100) * w.baseline)::bigint AS bs,
      SUM(ROUND(u."dataMb" * 100) * w.recent)::bigint AS rd, SUM(ROUND(u."dataMb" * 100) * w.baseline)::bigint AS bd,
      MAX(u."date" COLLATE "C") FILTER (WHERE u."calls" > 0 AND w.fresh = 1) AS call
    FROM (VALUES ${tags}) w(day, recent, baseline, fresh)
    JOIN "DailyUsage" u ON u."date" = w.day
    LEFT JOIN "UsageAggregate" j ON j."customerId" = u."customerId" AND j."joinDate" COLLATE "C" > ?
    WHERE j."joinDate" IS NULL OR u."date" COLLATE "C" >= j."joinDate" COLLATE "C"
    GROUP BY u."customerId"`;
  const customers = await tx.run(
    `UPDATE "UsageAggregate" a SET "asOf" = ?,
       "recentSpendFen" = a."recentSpendFen" + m.rs, "baselineSpendFen" = a."baselineSpendFen" + m.bs,
       "recentDataCenti" = a."recentDataCenti" + m.rd, "baselineDataCenti" = a."baselineDataCenti" + m.bd,
       "lastCallDay" = COALESCE(m.call, ${LAST_CALL_CUT}),
       "hotlineDays" = ${cut("hotlineDays")}, "forwardedDays" = ${cut("forwardedDays")}
     FROM (${moved}) m WHERE a."customerId" = m.id AND a."asOf" = ?`,
    [
      d.asOf,
      d.historyFrom,
      d.hotlineFrom,
      d.hotlineFrom,
      d.historyFrom,
      d.historyFrom,
      ...tagParams,
      p.historyFrom,
      p.asOf,
    ],
  );
  const rest = await tx.run(
    `UPDATE "UsageAggregate" a SET "asOf" = ?, "lastCallDay" = ${LAST_CALL_CUT},
       "hotlineDays" = ${cut("hotlineDays")}, "forwardedDays" = ${cut("forwardedDays")}
     WHERE a."asOf" = ?`,
    [d.asOf, d.historyFrom, d.hotlineFrom, d.hotlineFrom, d.historyFrom, d.historyFrom, p.asOf],
  );
  // The marks dated after P, in date order (every list entry already there is dated up to P).
  await tx.run(
    `UPDATE "UsageAggregate" a SET
       "hotlineDays" = NULLIF(concat_ws(',', a."hotlineDays", m.hot), ''),
       "forwardedDays" = NULLIF(concat_ws(',', a."forwardedDays", m.fwd), '')
     FROM (SELECT u."customerId" AS id,
         string_agg(u."date" || ':' || CAST(u."competitorHotlineSeconds" AS text), ',' ORDER BY u."date" COLLATE "C")
           FILTER (WHERE u."competitorHotlineSeconds" > ? AND u."date" COLLATE "C" >= ?) AS hot,
         string_agg(u."date", ',' ORDER BY u."date" COLLATE "C")
           FILTER (WHERE u."forwardedToCompetitor" AND u."date" COLLATE "C" >= ?) AS fwd
       FROM "DailyUsage" u JOIN "UsageAggregate" b ON b."customerId" = u."customerId"
       WHERE u."date" > ? AND u."date" <= ? AND (u."forwardedToCompetitor" OR u."competitorHotlineSeconds" > ?)
         AND b."asOf" = ? AND u."date" COLLATE "C" >= b."joinDate" COLLATE "C"
       GROUP BY u."customerId") m
     WHERE a."customerId" = m.id AND (m.hot IS NOT NULL OR m.fwd IS NOT NULL)`,
    [d.hotlineLimit, d.hotlineFrom, d.historyFrom, p.asOf, d.asOf, d.hotlineLimit, d.asOf],
  );
  return { customers, rest };
}
