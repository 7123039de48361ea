import { type SqliteDatabase, sqliteTime } from "./database.js";

/** How long a delivery id is remembered: far beyond any platform's retry window. */
export const DELIVERY_MEMORY_MS = 3 * 24 * 3_600_000;

/**
 * Records a platform delivery id; false when it was recorded before (a replay or a retry). The
 * primary key makes the check and the insert one atomic step, even for two copies at once.
 * Ids older than DELIVERY_MEMORY_MS are forgotten on the way.
 */
export function claimDelivery(sql: SqliteDatabase, id: string, now: Date): boolean {
  sql
    .prepare('DELETE FROM "Delivery" WHERE "at" < ?')
    .run(sqliteTime(new Date(now.getTime() - DELIVERY_MEMORY_MS)));
  return (
    sql.prepare('INSERT OR IGNORE INTO "Delivery" ("id", "at") VALUES (?, ?)').run(id, sqliteTime(now))
      .changes === 1
  );
}
