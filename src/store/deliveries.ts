import type { SqlHandle } from "./sql-handle.js";

/** How long a delivery id is remembered: far beyond any platform's retry window. */
export const DELIVERY_MEMORY_MS = 3 * 24 * 3_600_000;

/**
 * Records a platform delivery id; false when it was recorded before (a replay or a retry). The
 * primary key makes the check and the insert one atomic step, even for two copies at once on two
 * instances. Ids older than DELIVERY_MEMORY_MS are forgotten on the way.
 */
export async function claimDelivery(db: SqlHandle, id: string, now: Date): Promise<boolean> {
  await db.run('DELETE FROM "Delivery" WHERE "at" < ?', [new Date(now.getTime() - DELIVERY_MEMORY_MS)]);
  const inserted = await db.run('INSERT INTO "Delivery" ("id", "at") VALUES (?, ?) ON CONFLICT DO NOTHING', [
    id,
    now,
  ]);
  return inserted === 1;
}
