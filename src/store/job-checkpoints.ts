/**
 * How the daily warnings job writes the WAL (decision 026). With SQLite's default autocheckpoint
 * (1,000 pages) every commit of the job's short page transactions checkpointed: at 1M customers
 * the incremental day wrote ~1.1 GB (the WAL and each checkpoint's copy, the same pages again and
 * again) and waited on the disk at each checkpoint's fsync. While the job runs its connection
 * checkpoints only every `JOB_AUTOCHECKPOINT_PAGES` (the WAL stays small enough that a chat write
 * that checkpoints it after the job waits a fraction of a second), and once when it is done.
 */
import type { SqliteDatabase } from "./database.js";

/** 16,384 pages of 4 KiB: 64 MiB of WAL between two checkpoints of the job's connection. */
export const JOB_AUTOCHECKPOINT_PAGES = 16_384;

/**
 * Runs the job's work (synchronous, or a promise) with the job's checkpoints on its connection,
 * then checkpoints what is left (PASSIVE: waits for no reader) and puts the setting back.
 */
export function withJobCheckpoints<T>(sql: SqliteDatabase, work: () => T): T {
  const before = Number(sql.pragma("wal_autocheckpoint", { simple: true }));
  sql.pragma(`wal_autocheckpoint = ${JOB_AUTOCHECKPOINT_PAGES}`);
  // A connection closed meanwhile (shutdown) has no setting to restore: the work's own error stands.
  const done = () => {
    if (!sql.open) return;
    sql.pragma(`wal_autocheckpoint = ${before}`);
    sql.pragma("wal_checkpoint(PASSIVE)");
  };
  let result: T;
  try {
    result = work();
  } catch (error) {
    done();
    throw error;
  }
  if (result instanceof Promise) return result.finally(done) as T;
  done();
  return result;
}
