/** Reading one customer's stored churn score (the daily scoring's ChurnScore rows), on either store. */
import type { SqlHandle } from "./sql-handle.js";

export interface StoredChurnScore {
  day: string;
  probability: number;
  /** JSON: the top reasons as scored (services/churn/score-store.ts `ChurnReason[]`). */
  reasons: string;
  modelVersion: string;
}

/** The newest day on or before `day` that has scores, or null (walks the (day, customerId) key). */
export async function latestScoredDay(db: SqlHandle, day: string): Promise<string | null> {
  const row = await db.get<{ day: string | null }>(
    `SELECT MAX("day") AS "day" FROM "ChurnScore" WHERE "day" <= ?`,
    [day],
  );
  return row?.day ?? null;
}

/** The customer's score of that day, or null when the customer was not scored. */
export async function churnScoreOf(
  db: SqlHandle,
  day: string,
  customerId: string,
): Promise<StoredChurnScore | null> {
  const row = await db.get<StoredChurnScore>(
    `SELECT "day", "probability", "reasons", "modelVersion" FROM "ChurnScore" WHERE "day" = ? AND "customerId" = ?`,
    [day, customerId],
  );
  return row ?? null;
}
