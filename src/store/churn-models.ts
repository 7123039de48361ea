/** The newest churn model row (`ChurnModel`), on the SQL handle (either store). */
import type { SqliteDatabase } from "./database.js";
import type { SqlHandle } from "./sql-handle.js";
import { cachedStatement } from "./statement-cache.js";

export interface ChurnModelRow {
  version: string;
  /** ms since the epoch, SQLite's CURRENT_TIMESTAMP text, or a PostgreSQL timestamp. */
  trainedAt: number | string | Date;
  holdoutDay: string;
  leavers: number;
  /** JSON trees; null when there were too few leavers. */
  model: string | null;
}

const LATEST = `SELECT "version", "trainedAt", "holdoutDay", "leavers", "model" FROM "ChurnModel" ORDER BY "id" DESC LIMIT 1`;

/** Which row is the newest: its key and creation, without the trees (a cheap read by the primary key). */
export interface ChurnModelKey {
  id: number;
  version: string;
  trainedAt: number | string | Date;
}

/** The newest training row's key, or undefined before the first. */
export function latestChurnModelKey(db: SqlHandle): Promise<ChurnModelKey | undefined> {
  return db.get<ChurnModelKey>(
    `SELECT "id", "version", "trainedAt" FROM "ChurnModel" ORDER BY "id" DESC LIMIT 1`,
  );
}

/** One training row by its key (undefined: gone). */
export function churnModelRowById(db: SqlHandle, id: number): Promise<ChurnModelRow | undefined> {
  return db.get<ChurnModelRow>(
    `SELECT "version", "trainedAt", "holdoutDay", "leavers", "model" FROM "ChurnModel" WHERE "id" = ?`,
    [id],
  );
}

/** The newest training row on the SQLite connection (the churn job, its worker threads), or undefined before the first. */
export function latestChurnModelRowSqlite(sql: SqliteDatabase): ChurnModelRow | undefined {
  return cachedStatement(sql, LATEST).get() as ChurnModelRow | undefined;
}

/** A training outcome as a `ChurnModel` row stores it (metrics and trees as JSON). */
export interface NewChurnModelRow {
  version: string;
  trainedAt: Date;
  dataFrom: string;
  dataTo: string;
  holdoutDay: string;
  rows: number;
  leavers: number;
  metrics: string;
  model: string | null;
  note: string;
}

/** How many training rows a holdout day has had (the next version is `<day>#<n + 1>`). */
export async function trainingsOfHoldoutDay(db: SqlHandle, holdoutDay: string): Promise<number> {
  const row = await db.get<{ n: number | string }>(
    `SELECT COUNT(*) AS "n" FROM "ChurnModel" WHERE "holdoutDay" = ?`,
    [holdoutDay],
  );
  return Number(row?.n ?? 0);
}

/**
 * Inserts a training row. `trainedAt` as the SQLite churn job writes it (ms) on SQLite, a
 * timestamp on PostgreSQL.
 */
export async function insertChurnModel(db: SqlHandle, row: NewChurnModelRow): Promise<void> {
  await db.run(
    `INSERT INTO "ChurnModel" ("version", "trainedAt", "dataFrom", "dataTo", "holdoutDay", "rows", "leavers", "metrics", "model", "note")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.version,
      db.dialect === "sqlite" ? row.trainedAt.getTime() : row.trainedAt,
      row.dataFrom,
      row.dataTo,
      row.holdoutDay,
      row.rows,
      row.leavers,
      row.metrics,
      row.model,
      row.note,
    ],
  );
}

/** When the newest model was trained (as stored), or undefined before the first. */
export async function latestTrainedAt(db: SqlHandle): Promise<number | string | Date | undefined> {
  const row = await db.get<{ trainedAt: number | string | Date }>(
    `SELECT "trainedAt" FROM "ChurnModel" ORDER BY "id" DESC LIMIT 1`,
  );
  return row?.trainedAt;
}
