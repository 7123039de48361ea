import type { SnapshotReader, SqlHandle } from "./sql-handle.js";
import { allowPageMemory } from "./warning-day-writes.js";

/**
 * A second connection for a long transaction's reads (the daily job on PostgreSQL): `tx` exports its
 * snapshot and the reader's REPEATABLE READ transaction imports it, so everything the reader reads is
 * what `tx` saw when it exported (committed rows as of then; nothing committed later, nothing `tx`
 * writes). The reader gets the run's memory and JIT settings. Null on SQLite, and when the pool has
 * no connection to spare (SqlHandle.readerOf): the caller reads on `tx` alone.
 */
export async function readerInSnapshotOf(db: SqlHandle, tx: SqlHandle): Promise<SnapshotReader | null> {
  if (tx.dialect !== "postgres" || !db.readerOf) return null;
  const exported = await tx.get<{ snapshot: string }>("SELECT pg_export_snapshot() AS snapshot");
  const reader = await db.readerOf(exported!.snapshot);
  if (reader === null) return null;
  try {
    await allowPageMemory(reader.db);
  } catch (error) {
    await reader.end().catch(() => undefined);
    throw error;
  }
  return reader;
}
