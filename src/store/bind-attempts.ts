import { type SqliteDatabase, sqliteTime } from "./database.js";

/** A wrong /bind code: who tried, from where, for which manager id. */
export interface BindAttemptKey {
  platform: string;
  platformUserId: string;
  managerId: string;
}

/** Records one wrong code. */
export function recordFailedBind(sql: SqliteDatabase, key: BindAttemptKey, now: Date): void {
  sql
    .prepare(
      'INSERT INTO "BindAttempt" ("platform", "platformUserId", "managerId", "at") VALUES (?, ?, ?, ?)',
    )
    .run(key.platform, key.platformUserId, key.managerId.toUpperCase(), sqliteTime(now));
}

/** Wrong codes since `since`, by this chat user and against this manager id. */
export function failedBindsSince(
  sql: SqliteDatabase,
  key: BindAttemptKey,
  since: Date,
): { byUser: number; byManager: number } {
  const byUser = sql
    .prepare(
      'SELECT COUNT(*) AS n FROM "BindAttempt" WHERE "platform" = ? AND "platformUserId" = ? AND "at" >= ?',
    )
    .get(key.platform, key.platformUserId, sqliteTime(since)) as { n: number };
  const byManager = sql
    .prepare('SELECT COUNT(*) AS n FROM "BindAttempt" WHERE "managerId" = ? AND "at" >= ?')
    .get(key.managerId.toUpperCase(), sqliteTime(since)) as { n: number };
  return { byUser: byUser.n, byManager: byManager.n };
}
