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

/** One customer's score of a day as ChurnScore stores it. */
export interface NewChurnScore {
  customerId: string;
  probability: number;
  /** JSON: the top reasons. */
  reasons: string;
}

/** Deletes day D's scores (inside the caller's transaction, before the day's new ones). */
export async function clearDayScores(tx: SqlHandle, day: string): Promise<void> {
  await tx.run(`DELETE FROM "ChurnScore" WHERE "day" = ?`, [day]);
}

/** Rows per INSERT: 5 parameters each, well under either store's limit. */
const PER_INSERT = 1_000;

/** Inserts scores of day D by one model, 1,000 rows per statement. */
export async function insertDayScores(
  tx: SqlHandle,
  day: string,
  version: string,
  scores: readonly NewChurnScore[],
): Promise<void> {
  for (let at = 0; at < scores.length; at += PER_INSERT) {
    const chunk = scores.slice(at, at + PER_INSERT);
    await tx.run(
      `INSERT INTO "ChurnScore" ("day", "customerId", "probability", "reasons", "modelVersion") VALUES ${chunk
        .map(() => "(?, ?, ?, ?, ?)")
        .join(", ")}`,
      chunk.flatMap((s) => [day, s.customerId, s.probability, s.reasons, version]),
    );
  }
}

/** Whether day D has any scores. */
export async function isDayScored(db: SqlHandle, day: string): Promise<boolean> {
  return (await db.get(`SELECT 1 AS "one" FROM "ChurnScore" WHERE "day" = ? LIMIT 1`, [day])) !== undefined;
}
