import type { SqliteDatabase } from "../store/database.js";

/**
 * Indexes that cost more to keep up row by row than to build once: DailyUsage's date index takes
 * inserts at 120 places per customer, and keeping it up triples the load's CPU and I/O (measured:
 * 13.5 s vs 5.2 s of CPU, rebuild included, for 1.2M rows).
 */
const DEFERRED_INDEXES = ["DailyUsage_date_idx"];

/**
 * Runs a bulk load with the deferred indexes dropped and rebuilt afterwards from their own stored
 * definitions, so the schema ends exactly as the migrations made it. (A process killed midway
 * leaves the index missing, like it leaves a half-loaded demo: `demo --replace` puts both right.)
 */
export async function withDeferredIndexes<T>(db: SqliteDatabase, work: () => Promise<T>): Promise<T> {
  const definitions = DEFERRED_INDEXES.map(
    (name) =>
      db.prepare(`SELECT "sql" FROM sqlite_master WHERE type = 'index' AND name = ?`).pluck().get(name) as
        | string
        | undefined,
  ).filter((sql): sql is string => typeof sql === "string");
  for (const name of DEFERRED_INDEXES) db.exec(`DROP INDEX IF EXISTS "${name}"`);
  try {
    return await work();
  } finally {
    for (const sql of definitions) db.exec(sql);
  }
}
