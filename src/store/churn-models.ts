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

/** The newest training row, or undefined before the first. */
export function latestChurnModelRow(db: SqlHandle): Promise<ChurnModelRow | undefined> {
  return db.get<ChurnModelRow>(LATEST);
}

/** latestChurnModelRow on the SQLite connection (the churn job, its worker threads). */
export function latestChurnModelRowSqlite(sql: SqliteDatabase): ChurnModelRow | undefined {
  return cachedStatement(sql, LATEST).get() as ChurnModelRow | undefined;
}
