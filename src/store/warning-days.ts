/**
 * Which day a risk list reads, on the SQL handle (either store): whether the daily job's rows of a
 * day are complete, whether a run of the day is being computed now, and the latest complete day
 * before one. The job's runs write these rows (services/warnings/warning-runs.ts, SQLite only for
 * now); a list only reads them.
 */
import type { SqlHandle } from "./sql-handle.js";

/**
 * Whether day D has a complete list: a completed run, or rows (the `Warning` table only ever holds
 * whole days; rows written before runs were recorded count too).
 */
export async function isDayComplete(db: SqlHandle, day: string): Promise<boolean> {
  const row = await db.get(
    `SELECT 1 AS "one" WHERE EXISTS (SELECT 1 FROM "Warning" WHERE "day" = ?)
        OR EXISTS (SELECT 1 FROM "WarningRun" WHERE "day" = ? AND "status" = 'complete')`,
    [day, day],
  );
  return row !== undefined;
}

/**
 * Whether a run of day D is going on now: started, not finished, its heartbeat at or after
 * `staleBefore` (an ISO instant; heartbeats are stored as ISO text on both stores).
 */
export async function isDayBeingComputed(db: SqlHandle, day: string, staleBefore: string): Promise<boolean> {
  const row = await db.get(
    `SELECT 1 AS "one" FROM "WarningRun" WHERE "day" = ? AND "status" = 'running' AND "heartbeatAt" >= ? LIMIT 1`,
    [day, staleBefore],
  );
  return row !== undefined;
}

/** The latest day before D with a complete list (rows, or a completed run), or null. */
export async function latestCompleteDayBefore(db: SqlHandle, day: string): Promise<string | null> {
  const row = await db.get<{ withRows: string | null; completed: string | null }>(
    `SELECT (SELECT MAX("day") FROM "Warning" WHERE "day" < ?) AS "withRows",
            (SELECT MAX("day") FROM "WarningRun" WHERE "day" < ? AND "status" = 'complete') AS "completed"`,
    [day, day],
  );
  const withRows = row?.withRows ?? null;
  const completed = row?.completed ?? null;
  if (withRows === null) return completed;
  // Days are YYYY-MM-DD text: the later one sorts last.
  return completed !== null && completed > withRows ? completed : withRows;
}
