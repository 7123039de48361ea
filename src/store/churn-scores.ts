/** Reading one customer's stored churn score (the daily scoring's ChurnScore rows). */
import type { SqliteDatabase } from "./database.js";

export interface StoredChurnScore {
  day: string;
  probability: number;
  /** JSON: the top reasons as scored (services/churn/score-store.ts `ChurnReason[]`). */
  reasons: string;
  modelVersion: string;
}

/** The newest day on or before `day` that has scores, or null (walks the (day, customerId) key). */
export function latestScoredDay(sql: SqliteDatabase, day: string): string | null {
  return (sql.prepare(`SELECT MAX("day") FROM "ChurnScore" WHERE "day" <= ?`).pluck().get(day) ?? null) as
    | string
    | null;
}

/** The customer's score of that day, or null when the customer was not scored. */
export function churnScoreOf(sql: SqliteDatabase, day: string, customerId: string): StoredChurnScore | null {
  const row = sql
    .prepare(
      `SELECT "day", "probability", "reasons", "modelVersion" FROM "ChurnScore" WHERE "day" = ? AND "customerId" = ?`,
    )
    .get(day, customerId) as StoredChurnScore | undefined;
  return row ?? null;
}
