/** 👍 / 👎 on answers, and the passages rated worst (what the training material should improve). */
import type { SqliteDatabase } from "./database.js";
import { sqliteTime } from "./database.js";

/** Stores a user's rating of an answer: one row per user and answer, a later press replaces it. */
export function saveAnswerFeedback(
  sql: SqliteDatabase,
  entry: {
    answerId: string;
    managerId: string;
    rating: "up" | "down";
    passages: readonly string[];
    at: Date;
  },
): void {
  sql
    .prepare(
      `INSERT INTO AnswerFeedback (answerId, managerId, rating, passages, createdAt) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (answerId, managerId) DO UPDATE SET rating = excluded.rating, createdAt = excluded.createdAt`,
    )
    .run(entry.answerId, entry.managerId, entry.rating, JSON.stringify(entry.passages), sqliteTime(entry.at));
}

export interface PassageRating {
  passageId: string;
  up: number;
  down: number;
}

/** Every rated passage, the most 👎 (then the fewest 👍) first. */
export function worstRatedPassages(sql: SqliteDatabase, limit: number): PassageRating[] {
  return sql
    .prepare(
      `SELECT p.value AS passageId, SUM(f.rating = 'up') AS up, SUM(f.rating = 'down') AS down
       FROM AnswerFeedback f, json_each(f.passages) p
       GROUP BY p.value
       ORDER BY down - up DESC, down DESC, passageId
       LIMIT ?`,
    )
    .all(limit) as PassageRating[];
}
