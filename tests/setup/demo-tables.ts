import { createHash } from "node:crypto";
import type { SqliteDatabase } from "../../src/store/database.js";

/** The tables the demo writes. */
export const DEMO_TABLES = ["Team", "Manager", "Customer", "DailyUsage", "Bill", "Event", "Outcome"] as const;

const ORDER: Record<string, string> = { DailyUsage: '"customerId", "date"', Bill: '"customerId", "month"' };

/** A hash of every row of the demo's tables in primary-key order (`where` narrows the rows). */
export function demoContentHash(db: SqliteDatabase, where: Partial<Record<string, string>> = {}): string {
  const hash = createHash("sha256");
  for (const table of DEMO_TABLES) {
    const filter = where[table] ? ` WHERE ${where[table]}` : "";
    const sql = `SELECT * FROM "${table}"${filter} ORDER BY ${ORDER[table] ?? '"id"'}`;
    for (const row of db.prepare(sql).raw().iterate()) hash.update(JSON.stringify(row));
  }
  return hash.digest("hex");
}
