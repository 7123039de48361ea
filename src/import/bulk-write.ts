import type { SqliteDatabase } from "../store/database.js";

/** The open import transaction: `finish()` before COMMIT, `restore()` always afterwards. */
export interface BulkWrite {
  finish(): void;
  restore(): void;
}

/** Below this many rows a bulk load is quick anyway and index juggling is not worth it. */
const REBUILD_MIN_ROWS = 50_000;

/**
 * Begins the import's one transaction with settings for a big write, each restored afterwards:
 * - foreign_keys OFF: every reference was already checked by the importer (cached lookups), so
 *   SQLite's per-row check is redundant work;
 * - synchronous NORMAL: in WAL mode still safe from corruption, and the commit skips an fsync;
 * - a 16 MiB page cache: enough for the B-tree pages a sorted bulk load keeps touching, small
 *   enough that finished pages spill to the WAL as the load goes instead of all at COMMIT. The
 *   earlier 256 MiB cost more CPU on the same 500k-row file (main thread 2.1–2.5 s vs 1.6 s,
 *   COMMIT 1.0–1.4 s vs 0.4–0.5 s, measured side by side);
 * - temp_store MEMORY: rebuilding an index sorts in memory rather than in temporary files;
 * - when the file is large compared to the table, the table's non-unique indexes are dropped and
 *   rebuilt before commit (one sort instead of a million scattered B-tree inserts). It all happens
 *   inside the transaction: readers and a rollback still see the indexes as they were.
 */
export function beginBulkWrite(sql: SqliteDatabase, table: string, estimatedRows: number): BulkWrite {
  const saved = {
    foreign_keys: sql.pragma("foreign_keys", { simple: true }),
    synchronous: sql.pragma("synchronous", { simple: true }),
    cache_size: sql.pragma("cache_size", { simple: true }),
    temp_store: sql.pragma("temp_store", { simple: true }),
  };
  sql.pragma("foreign_keys = OFF");
  sql.pragma("synchronous = NORMAL");
  sql.pragma("cache_size = -16384");
  sql.pragma("temp_store = MEMORY");
  sql.exec("BEGIN IMMEDIATE");
  const dropped = estimatedRows >= REBUILD_MIN_ROWS ? dropIndexesIfSmall(sql, table, estimatedRows) : [];
  return {
    finish() {
      for (const create of dropped) sql.exec(create);
    },
    restore() {
      for (const [name, value] of Object.entries(saved)) sql.pragma(`${name} = ${Number(value)}`);
    },
  };
}

function dropIndexesIfSmall(sql: SqliteDatabase, table: string, estimatedRows: number): string[] {
  const maxRowid = Number(sql.prepare(`SELECT coalesce(max(rowid), 0) FROM "${table}"`).pluck().get());
  if (maxRowid > estimatedRows) return [];
  const nonUnique = new Set(
    (sql.pragma(`index_list("${table}")`) as { name: string; unique: number }[])
      .filter((i) => i.unique === 0)
      .map((i) => i.name),
  );
  const indexes = sql
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
    .all(table) as { name: string; sql: string }[];
  const dropped: string[] = [];
  for (const index of indexes) {
    // The case-insensitive id index answers a query per row of this very import (case-twins.ts).
    if (!nonUnique.has(index.name) || index.name.endsWith("_nocase_idx")) continue;
    sql.exec(`DROP INDEX "${index.name}"`);
    dropped.push(index.sql);
  }
  return dropped;
}
