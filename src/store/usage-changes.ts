import type { SqliteDatabase } from "./database.js";
import { dropInputTracking, trackInputChanges } from "./input-changes.js";
import { dropRiskRechecks, trackRiskRechecks } from "./risk-recheck.js";

/**
 * Updated and deleted `DailyUsage` rows name their customer in `UsageChange`, so the incremental
 * daily job (src/services/warnings/rolling-aggregates.ts) recomputes those customers from their rows. New rows need
 * no trigger: they are found by rowid above the job's watermark, so imports pay nothing for this.
 * The triggers come with the migration and are re-created on every open (like the audit log's).
 */
const TRIGGERS = [
  `CREATE TRIGGER IF NOT EXISTS "DailyUsage_updated" AFTER UPDATE ON "DailyUsage" BEGIN
     INSERT INTO "UsageChange" ("customerId") VALUES (NEW."customerId");
     INSERT INTO "UsageChange" ("customerId") SELECT OLD."customerId" WHERE OLD."customerId" != NEW."customerId";
   END;`,
  `CREATE TRIGGER IF NOT EXISTS "DailyUsage_deleted" AFTER DELETE ON "DailyUsage" BEGIN
     INSERT INTO "UsageChange" ("customerId") VALUES (OLD."customerId");
   END;`,
];

export function trackUsageChanges(sql: SqliteDatabase): void {
  const hasTable = sql
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'UsageChange'")
    .get();
  if (!hasTable) return;
  for (const trigger of TRIGGERS) sql.exec(trigger);
}

/**
 * Runs `work` (which deletes every customer's usage, bills and events) without the triggers, then forgets the rolling
 * aggregates so the next daily run rebuilds them, and the /risk rechecks (the customers are gone, with their ranks): one row of bookkeeping per deleted row would
 * turn a wholesale delete into a slow one. Call it inside the caller's transaction.
 */
export function withoutUsageTracking(sql: SqliteDatabase, work: () => void): void {
  sql.exec('DROP TRIGGER IF EXISTS "DailyUsage_updated"; DROP TRIGGER IF EXISTS "DailyUsage_deleted";');
  dropInputTracking(sql);
  dropRiskRechecks(sql);
  work();
  for (const table of [
    "UsageChange",
    "UsageAggregate",
    "UsageAggregateState",
    "WarningInputChange",
    "RiskRecheck",
  ])
    sql.exec(`DELETE FROM "${table}"`);
  trackUsageChanges(sql);
  trackInputChanges(sql);
  trackRiskRechecks(sql);
}
