import type { SqlHandle } from "./sql-handle.js";

/** A wrong /bind code: who tried, from where, for which manager id. */
export interface BindAttemptKey {
  platform: string;
  platformUserId: string;
  managerId: string;
}

/** Records one wrong code. */
export async function recordFailedBind(db: SqlHandle, key: BindAttemptKey, now: Date): Promise<void> {
  await db.run(
    'INSERT INTO "BindAttempt" ("platform", "platformUserId", "managerId", "at") VALUES (?, ?, ?, ?)',
    [key.platform, key.platformUserId, key.managerId.toUpperCase(), now],
  );
}

/** Wrong codes since `since`, by this chat user and against this manager id. */
export async function failedBindsSince(
  db: SqlHandle,
  key: BindAttemptKey,
  since: Date,
): Promise<{ byUser: number; byManager: number }> {
  const byUser = await db.get<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM "BindAttempt" WHERE "platform" = ? AND "platformUserId" = ? AND "at" >= ?',
    [key.platform, key.platformUserId, since],
  );
  const byManager = await db.get<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM "BindAttempt" WHERE "managerId" = ? AND "at" >= ?',
    [key.managerId.toUpperCase(), since],
  );
  return { byUser: Number(byUser?.n ?? 0), byManager: Number(byManager?.n ?? 0) };
}
