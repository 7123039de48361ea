/**
 * A day's churn scores as the risk list reads them, on the SQL handle (either store): whether and
 * by which model the day was scored, some customers' scores, the day's mean probability, and the
 * customers the model adds to some managers' list (the daily job's model-only ranked rows, or
 * those scored from a threshold up).
 */
import type { SqliteDatabase } from "./database.js";
import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";
import { cachedStatement } from "./statement-cache.js";

/** The model version of day D's scores, or null when the day has none. */
export async function scoredModelVersion(db: SqlHandle, day: string): Promise<string | null> {
  const row = await db.get<{ modelVersion: string }>(
    `SELECT "modelVersion" FROM "ChurnScore" WHERE "day" = ? LIMIT 1`,
    [day],
  );
  return row?.modelVersion ?? null;
}

export interface DayScoreRow {
  customerId: string;
  probability: number;
  /** JSON: the top reasons as scored. */
  reasons: string;
  modelVersion: string;
}

/**
 * Scores read beside other rows (a page's stored warnings): every customer of `customers` was
 * looked up, and those scored that day are in `scores`.
 */
export interface KnownScores {
  customers: ReadonlySet<string>;
  scores: ReadonlyMap<string, DayScoreRow>;
}

/** Day D's scores of these customers (those that have one). */
export async function dayScoresOf(
  db: SqlHandle,
  day: string,
  customerIds: readonly string[],
): Promise<DayScoreRow[]> {
  const rows = await db.all<DayScoreRow>(
    `SELECT "customerId", "probability", "reasons", "modelVersion" FROM "ChurnScore"
     WHERE "day" = ? AND "customerId" IN ${idList(db)}`,
    [day, JSON.stringify(customerIds)],
  );
  return rows.map((r) => ({ ...r, probability: Number(r.probability) }));
}

const MEAN = `SELECT AVG("probability") AS "mean" FROM "ChurnScore" WHERE "day" = ?`;

/** Day D's average churn probability (null: not scored). */
export async function meanProbability(db: SqlHandle, day: string): Promise<number | null> {
  const row = await db.get<{ mean: number | string | null }>(MEAN, [day]);
  return row?.mean === null || row?.mean === undefined ? null : Number(row.mean);
}

/** meanProbability on the SQLite connection (the daily job's rank step, inside its transaction). */
export function meanProbabilitySqlite(sql: SqliteDatabase, day: string): number | null {
  return ((cachedStatement(sql, MEAN).get(day) as { mean: number | null } | undefined)?.mean ?? null) as
    | number
    | null;
}

const MODEL_ONLY = { sqlite: `r."modelOnly" = 1`, postgres: `r."modelOnly" = true` } as const;

/** The customers of these managers the daily job ranked on day D as added by the model, by id. */
export async function rankedModelOnlyIds(
  db: SqlHandle,
  day: string,
  managerIds: readonly string[],
): Promise<string[]> {
  const rows = await db.all<{ customerId: string }>(
    `SELECT r."customerId" FROM "WarningRank" r JOIN "Customer" c ON c."id" = r."customerId"
     WHERE r."day" = ? AND ${MODEL_ONLY[db.dialect]} AND c."managerId" IN ${idList(db)} ORDER BY r."customerId"`,
    [day, JSON.stringify(managerIds)],
  );
  return rows.map((r) => r.customerId);
}

/** The customers of these managers scored on day D at or above `threshold`, by id. */
export async function scoredFromIds(
  db: SqlHandle,
  day: string,
  threshold: number,
  managerIds: readonly string[],
): Promise<string[]> {
  const rows = await db.all<{ customerId: string }>(
    `SELECT s."customerId" FROM "ChurnScore" s JOIN "Customer" c ON c."id" = s."customerId"
     WHERE s."day" = ? AND s."probability" >= ? AND c."managerId" IN ${idList(db)} ORDER BY s."customerId"`,
    [day, threshold, JSON.stringify(managerIds)],
  );
  return rows.map((r) => r.customerId);
}

/**
 * Day D's scores from `threshold` up of customers with no ranked row that day, by id: whom the
 * model adds to the day's list. Run inside the daily job's transaction, after the rules' rows.
 */
export async function unrankedScoresFrom(
  db: SqlHandle,
  day: string,
  threshold: number,
): Promise<{ customerId: string; probability: number }[]> {
  const rows = await db.all<{ customerId: string; probability: number }>(
    `SELECT s."customerId", s."probability" FROM "ChurnScore" s
     WHERE s."day" = ? AND s."probability" >= ?
       AND NOT EXISTS (SELECT 1 FROM "WarningRank" r WHERE r."day" = s."day" AND r."customerId" = s."customerId")
     ORDER BY s."customerId"`,
    [day, threshold],
  );
  return rows.map((r) => ({ customerId: r.customerId, probability: Number(r.probability) }));
}
