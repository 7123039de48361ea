import type { Command } from "commander";
import pg from "pg";
import { asOfClock, systemClock } from "../clock.js";
import { type Config, redactedStoreUrl, storeKind } from "../config.js";
import { type GlobalOptions, loadConfig, UsageError } from "../create-app.js";
import { maintainUsagePartitions, type UsageMaintenance } from "../store/postgres/usage-partitions.js";

/** Runs the usage partitions' maintenance on the PostgreSQL store of `config`, as of its today. */
export async function maintainUsage(config: Config): Promise<UsageMaintenance> {
  const clock = config.RETAINBOT_AS_OF ? asOfClock(config.RETAINBOT_AS_OF) : systemClock();
  const client = new pg.Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  try {
    return await maintainUsagePartitions(client, {
      today: clock.today(config.RETAINBOT_TIME_ZONE),
      retentionDays: config.USAGE_RETENTION_DAYS,
    });
  } finally {
    await client.end();
  }
}

export function describeUsageMaintenance(m: UsageMaintenance): string {
  const parts = [
    m.created.length > 0 ? `usage months created: ${m.created.join(", ")}` : "usage months current",
    ...(m.moved > 0 ? [`${m.moved} waiting rows moved into their months`] : []),
    ...(m.dropped.length > 0 ? [`months past retention dropped: ${m.dropped.join(", ")}`] : []),
    ...(m.deleted > 0 ? [`${m.deleted} expired rows deleted from the default partition`] : []),
  ];
  return parts.join("; ");
}

/**
 * `maintain-usage` (PostgreSQL): creates the coming months' usage partitions, moves rows waiting in
 * the default partition into their months, and drops months older than USAGE_RETENTION_DAYS. Run
 * it daily (docs/operations.md); two instances running it at once take turns.
 */
export function registerMaintainUsageCommand(program: Command): void {
  program
    .command("maintain-usage")
    .description(
      "PostgreSQL: create the coming months' usage partitions, drop months past USAGE_RETENTION_DAYS",
    )
    .action(async () => {
      const config = loadConfig(program.opts<GlobalOptions>());
      if (storeKind(config.DATABASE_URL) !== "postgres")
        throw new UsageError(
          "maintain-usage is for a PostgreSQL store (DailyUsage partitioned by month); the SQLite store keeps all usage.",
        );
      const done = await maintainUsage(config);
      process.stdout.write(
        `${redactedStoreUrl(config.DATABASE_URL)}: ${describeUsageMaintenance(done)} (retention ${config.USAGE_RETENTION_DAYS} days).\n`,
      );
    });
}
