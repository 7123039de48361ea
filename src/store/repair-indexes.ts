import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SqliteDatabase } from "./database.js";

const CREATE_INDEX = /CREATE\s+(?:UNIQUE\s+)?INDEX\s+"([^"]+)"[^;]*;/gi;
const DROP_INDEX = /DROP\s+INDEX\s+(?:IF\s+EXISTS\s+)?"([^"]+)"/gi;

/**
 * Every index the committed migrations leave behind, by name, with its CREATE statement: each
 * migration's CREATE INDEX statements replace earlier ones of the same name, DROP INDEX removes.
 */
export function expectedIndexes(migrationsDir: string): Map<string, string> {
  const indexes = new Map<string, string>();
  const folders = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const folder of folders) {
    const sql = readFileSync(resolve(migrationsDir, folder, "migration.sql"), "utf8");
    const events: [number, string, string | null][] = [];
    for (const m of sql.matchAll(DROP_INDEX)) events.push([m.index, m[1]!, null]);
    for (const m of sql.matchAll(CREATE_INDEX)) events.push([m.index, m[1]!, m[0]]);
    for (const [, name, create] of events.sort((a, b) => a[0] - b[0])) {
      if (create === null) indexes.delete(name);
      else indexes.set(name, create);
    }
  }
  return indexes;
}

/**
 * Creates the migrations' indexes that the store lacks (a bulk load killed after dropping one, a
 * hand-made change); returns their names. Indexes are derived data: rebuilding one loses nothing.
 */
export function repairIndexes(sql: SqliteDatabase, migrationsDir: string): string[] {
  const present = new Set(
    sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all() as string[],
  );
  const repaired: string[] = [];
  for (const [name, create] of expectedIndexes(migrationsDir)) {
    if (present.has(name)) continue;
    sql.exec(create);
    repaired.push(name);
  }
  return repaired;
}
