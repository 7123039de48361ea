import type { PrismaClient, SqliteDatabase } from "./database.js";

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

/** Appends one row per customer accessed. */
export async function appendAudit(
  prisma: PrismaClient,
  entry: AuditEntry,
  customerIds: readonly string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  await prisma.auditLog.createMany({ data: customerIds.map((customerId) => ({ ...entry, customerId })) });
}
