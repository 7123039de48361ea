import type { SqliteDatabase } from "./database.js";

/** Which of these strings are customer ids in the store (as written or upper-cased, so the primary key index answers). */
export function existingCustomerIds(sql: SqliteDatabase, candidates: readonly string[]): Set<string> {
  if (candidates.length === 0) return new Set();
  const rows = sql
    .prepare(
      'SELECT value FROM json_each(?) WHERE EXISTS (SELECT 1 FROM "Customer" WHERE "id" IN (value, upper(value)))',
    )
    .all(JSON.stringify(candidates.slice(0, 500))) as { value: string }[];
  return new Set(rows.map((r) => r.value));
}
