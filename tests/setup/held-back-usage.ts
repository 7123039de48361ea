import type { SqliteDatabase } from "../../src/store/database.js";

/**
 * Takes the usage rows dated after `day` (`"after"`) or on it (`"on"`) out of DailyUsage into
 * `temp.HeldBack`, where a test may change them, so they arrive after a run as each day's rows do
 * in production; `arrive()` puts them in (new rowids: read as arrived since that run) and drops
 * the table.
 */
export function holdBackUsage(sql: SqliteDatabase, which: "after" | "on", day: string): { arrive(): void } {
  const where = which === "after" ? "date > ?" : "date = ?";
  sql.prepare(`CREATE TEMP TABLE HeldBack AS SELECT * FROM DailyUsage WHERE ${where}`).run(day);
  sql.prepare(`DELETE FROM DailyUsage WHERE ${where}`).run(day);
  return {
    arrive() {
      sql.exec("INSERT INTO DailyUsage SELECT * FROM temp.HeldBack; DROP TABLE temp.HeldBack");
    },
  };
}
