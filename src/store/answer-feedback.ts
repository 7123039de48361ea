/** 👍 / 👎 on answers, and the passages rated worst (what the training material should improve). */
import type { SqlHandle } from "./sql-handle.js";

/** Stores a user's rating of an answer: one row per user and answer, a later press replaces it. */
export async function saveAnswerFeedback(
  db: SqlHandle,
  entry: {
    answerId: string;
    managerId: string;
    rating: "up" | "down";
    passages: readonly string[];
    at: Date;
  },
): Promise<void> {
  await db.run(
    `INSERT INTO "AnswerFeedback" ("answerId", "managerId", "rating", "passages", "createdAt") VALUES (?, ?, ?, ?, ?)
     ON CONFLICT ("answerId", "managerId") DO UPDATE SET "rating" = excluded."rating", "createdAt" = excluded."createdAt"`,
    [entry.answerId, entry.managerId, entry.rating, JSON.stringify(entry.passages), entry.at],
  );
}

export interface PassageRating {
  passageId: string;
  up: number;
  down: number;
}

/** The cited passage ids of every rating, one row each: JSON arrays are read differently by each store. */
const RATED_PASSAGES = {
  sqlite: `SELECT p.value AS "passageId", f."rating" AS rating FROM "AnswerFeedback" f, json_each(f."passages") p`,
  postgres: `SELECT p AS "passageId", f."rating" AS rating FROM "AnswerFeedback" f, jsonb_array_elements_text(f."passages"::jsonb) p`,
};

/** Every rated passage, the most 👎 (then the fewest 👍) first. */
export async function worstRatedPassages(db: SqlHandle, limit: number): Promise<PassageRating[]> {
  const rows = await db.all<{ passageId: string; up: number | string; down: number | string }>(
    `SELECT "passageId", SUM(CASE WHEN rating = 'up' THEN 1 ELSE 0 END) AS up,
            SUM(CASE WHEN rating = 'down' THEN 1 ELSE 0 END) AS down
     FROM (${RATED_PASSAGES[db.dialect]}) rated
     GROUP BY "passageId"
     ORDER BY SUM(CASE WHEN rating = 'down' THEN 1 ELSE -1 END) DESC, down DESC, "passageId"
     LIMIT ?`,
    [limit],
  );
  return rows.map((r) => ({ passageId: r.passageId, up: Number(r.up), down: Number(r.down) }));
}
