import type { Statement } from "better-sqlite3";
import type { SqliteDatabase } from "./database.js";

const statements = new WeakMap<SqliteDatabase, Map<string, Statement>>();

/**
 * A prepared statement kept per connection: preparing costs more than running a small indexed
 * query, and the risk list (and every store module on the SQL handle) runs the same few
 * statements on every request. At most 100 are kept per connection.
 */
export function cachedStatement(sql: SqliteDatabase, text: string): Statement {
  const cache = statements.get(sql) ?? new Map<string, Statement>();
  if (cache.size === 0) statements.set(sql, cache);
  let statement = cache.get(text);
  if (!statement) {
    if (cache.size >= 100) cache.clear();
    statement = sql.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}
