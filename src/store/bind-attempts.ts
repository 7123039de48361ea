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

/**
 * Makes the bind attempts of concurrent transactions take turns, so that counting the wrong codes
 * and recording one is never interleaved with another attempt. Call first inside a transaction:
 * SQLite's transactions already take turns (the write lock is taken at BEGIN); PostgreSQL takes a
 * transaction-level advisory lock, released at commit or rollback.
 */
export async function lockBindAttempts(tx: SqlHandle): Promise<void> {
  if (tx.dialect === "postgres") await tx.get(`SELECT pg_advisory_xact_lock(hashtext('retainbot:bind'))`);
}
