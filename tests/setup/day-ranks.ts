import type { SqlHandle } from "../../src/store/sql-handle.js";

/**
 * A day's `WarningRank` rows as comparable on either store: ordered by customer, flags as
 * booleans and numbers as numbers (PostgreSQL returns numerics as text, SQLite flags as 0/1).
 */
export async function dayRanks(db: SqlHandle, day: string) {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT "customerId", "managerId", "priority", "rulesPriority", "doNotChase", "churnProbability", "modelOnly"
     FROM "WarningRank" WHERE "day" = ? ORDER BY "customerId"`,
    [day],
  );
  return rows.map((r) => ({
    ...r,
    priority: Number(r.priority),
    rulesPriority: Number(r.rulesPriority),
    churnProbability: r.churnProbability === null ? null : Number(r.churnProbability),
    doNotChase: Boolean(r.doNotChase),
    modelOnly: Boolean(r.modelOnly),
  }));
}
