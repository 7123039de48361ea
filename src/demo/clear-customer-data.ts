import type { SqliteDatabase } from "../store/database.js";
import { withoutUsageTracking } from "../store/usage-changes.js";

/** Children first, so the foreign keys hold at every step. */
const CUSTOMER_TABLES = [
  "ChurnScore",
  "ChurnUsageWindow",
  "ChurnUsageWindowState",
  "Warning",
  "WarningRank",
  "WarningRankCount",
  "Outcome",
  "Event",
  "Bill",
  "DailyUsage",
  "Customer",
] as const;

/**
 * Deletes every customer and everything hung on customers (usage, bills, events, outcomes,
 * warnings, their ranks and rank counts, churn scores and the churn scoring's usage window, the daily job's rolling aggregates) in one transaction. Teams, managers,
 * chat groups and bindings stay: the demo upserts its own teams and managers. The audit log stays
 * too: it is append-only (src/store/audit-log.ts). Returns how many customers were removed.
 */
export function clearCustomerData(db: SqliteDatabase): number {
  const before = (db.prepare('SELECT COUNT(*) AS n FROM "Customer"').get() as { n: number }).n;
  db.transaction(() => {
    withoutUsageTracking(db, () => {
      for (const table of CUSTOMER_TABLES) db.prepare(`DELETE FROM "${table}"`).run();
    });
  })();
  return before;
}
