/**
 * One-time bind codes (`BindCode`), on the SQL handle (either store): issued by an operator,
 * redeemed once from a chat on any instance, revoked when posted where others can read them.
 */

import type { SqlHandle } from "./sql-handle.js";
import { storedDate } from "./stored-date.js";

export interface BindCodeRow {
  code: string;
  managerId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Stores a new code for the manager. */
export async function insertBindCode(
  db: SqlHandle,
  code: { code: string; managerId: string; expiresAt: Date },
): Promise<void> {
  await db.run(`INSERT INTO "BindCode" ("code", "managerId", "expiresAt") VALUES (?, ?, ?)`, [
    code.code,
    code.managerId,
    code.expiresAt,
  ]);
}

/**
 * The code's row, if it was ever issued. With `lock` (inside a transaction), another redemption of
 * the same code waits until this transaction ends and then reads what it left: PostgreSQL locks the
 * row; SQLite's transactions already take turns.
 */
export async function bindCodeRow(
  db: SqlHandle,
  code: string,
  options: { lock?: boolean } = {},
): Promise<BindCodeRow | undefined> {
  const lock = options.lock && db.dialect === "postgres" ? " FOR UPDATE" : "";
  const row = await db.get<{ code: string; managerId: string; expiresAt: unknown; usedAt: unknown }>(
    `SELECT "code", "managerId", "expiresAt", "usedAt" FROM "BindCode" WHERE "code" = ?${lock}`,
    [code],
  );
  if (!row) return undefined;
  return {
    code: row.code,
    managerId: row.managerId,
    expiresAt: storedDate(row.expiresAt),
    usedAt: row.usedAt === null ? null : storedDate(row.usedAt),
  };
}

/**
 * Marks the code used at `now` if it is still unused and unexpired; false when it is not (another
 * redemption, on this instance or another, got there first, or it was revoked meanwhile).
 */
export async function claimBindCode(db: SqlHandle, code: string, now: Date): Promise<boolean> {
  const changed = await db.run(
    `UPDATE "BindCode" SET "usedAt" = ? WHERE "code" = ? AND "usedAt" IS NULL AND "expiresAt" > ?`,
    [now, code, now],
  );
  return changed === 1;
}

/** Makes an unused code expire at `now`. */
export async function expireBindCode(db: SqlHandle, code: string, now: Date): Promise<void> {
  await db.run(`UPDATE "BindCode" SET "expiresAt" = ? WHERE "code" = ? AND "usedAt" IS NULL`, [now, code]);
}
