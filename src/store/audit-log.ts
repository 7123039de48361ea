import type { SqliteDatabase } from "./database.js";
import type { SqlHandle } from "./sql-handle.js";

/**
 * The audit log is append-only: triggers abort any UPDATE or DELETE of its rows. They come with the
 * migration and are re-created here on every open, so a later migration that rebuilds the table
 * cannot silently drop them.
 */
export function protectAuditLog(sql: SqliteDatabase): void {
  const hasTable = sql
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'AuditLog'")
    .get();
  if (!hasTable) return;
  for (const op of ["UPDATE", "DELETE"])
    sql.exec(
      `CREATE TRIGGER IF NOT EXISTS "AuditLog_no_${op.toLowerCase()}" BEFORE ${op} ON "AuditLog" ` +
        "BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;",
    );
}

/** One access to customer data: who, what, and from which chat. */
export interface AuditEntry {
  actorId: string;
  action: string;
  /** The platform (console, telegram, slack, …). */
  channel: string;
  chatId: string | null;
  chatType: "private" | "group";
  at: Date;
}

/** One row per id of the JSON array (the last parameter), the entry's columns from the others. */
const APPEND = {
  sqlite: `INSERT INTO "AuditLog" ("actorId", "action", "channel", "chatId", "chatType", "at", "customerId")
    SELECT ?, ?, ?, ?, ?, ?, value FROM json_each(?)`,
  postgres: `INSERT INTO "AuditLog" ("actorId", "action", "channel", "chatId", "chatType", "at", "customerId")
    SELECT ?, ?, ?, CAST(? AS text), CAST(? AS text), CAST(? AS timestamp(3)), id
    FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS ids(id)`,
} as const;

/** Appends one row per customer accessed, in one statement whatever their number. */
export async function appendAudit(
  db: SqlHandle,
  entry: AuditEntry,
  customerIds: readonly string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  await db.run(APPEND[db.dialect], [
    entry.actorId,
    entry.action,
    entry.channel,
    entry.chatId,
    entry.chatType,
    entry.at,
    JSON.stringify(customerIds),
  ]);
}
