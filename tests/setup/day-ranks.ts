import type { SqlHandle } from "../../src/store/sql-handle.js";
import { rankCountsOf } from "./rank-counts.js";

/**
 * A day's `WarningRank` rows as comparable on either store: ordered by customer, flags as
 * booleans and numbers as numbers (PostgreSQL returns numerics as text, SQLite flags as 0/1).
 * Throws when the day's rank counts per manager are not these rows counted (rank-counts.ts).
 */
export async function dayRanks(db: SqlHandle, day: string) {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT "customerId", "managerId", "priority", "rulesPriority", "doNotChase", "churnProbability", "modelOnly"
     FROM "WarningRank" WHERE "day" = ? ORDER BY "customerId"`,
    [day],
  );
  await rankCountsOf(db, day);
  return rows.map((r) => ({
    ...r,
    priority: Number(r.priority),
    rulesPriority: Number(r.rulesPriority),
    churnProbability: r.churnProbability === null ? null : Number(r.churnProbability),
    doNotChase: Boolean(r.doNotChase),
    modelOnly: Boolean(r.modelOnly),
  }));
}
