import type { Command } from "commander";
import type { App } from "../app.js";
import { redactedStoreUrl, storeKind } from "../config.js";
import { createApp, type GlobalOptions, loadConfig, UsageError } from "../create-app.js";
import { DEMO_HISTORY_DAYS } from "../demo/load-demo.js";
import { loadDemoAtomically } from "../demo/load-demo-atomically.js";
import { sqliteOnly } from "../store/app-store.js";
import { migratePostgres } from "../store/postgres/migrate-postgres.js";
import { describeUsageMaintenance, maintainUsage } from "./maintain-usage-command.js";

/**
 * Loads the demo data set when the store has nothing in it yet; returns whether it did. Atomic and
 * under the store's demo lock: two instances starting on an empty store load it once.
 */
export async function loadDemoIfEmpty(app: App): Promise<boolean> {
  const options = {
    seed: app.config.RETAINBOT_DEMO_SEED,
    asOf: app.clock.today(app.config.RETAINBOT_TIME_ZONE),
    customers: 2000,
    days: DEMO_HISTORY_DAYS,
  };
  const load = await loadDemoAtomically(sqliteOnly(app.store, "The demo"), options, false);
  if (!load.loaded) return false;
  const { summary } = load;
  app.logger.info(
    { tables: summary.tables, planted: summary.planted },
    "demo data loaded into the empty store",
  );
  return true;
}

/** `setup`: migrate the store and load the demo if it is empty. */
export function registerSetupCommand(program: Command): void {
  program
    .command("setup")
    .description("create or migrate the store, rebuild missing indexes; load the demo data if it is empty")
    .action(async () => {
      const config = loadConfig(program.opts<GlobalOptions>());
      if (storeKind(config.DATABASE_URL) === "postgres") {
        const migrated = await migratePostgres(config.DATABASE_URL);
        if (!migrated.ok) throw new UsageError(migrated.error.message);
        const usage = await maintainUsage(config);
        process.stdout.write(
          `PostgreSQL store ready at ${redactedStoreUrl(config.DATABASE_URL)} (${migrated.value}; ${describeUsageMaintenance(usage)}; no demo data: \`npm run cli -- demo\` loads it into an empty database).\n`,
        );
        return;
      }
      const app = createApp(config);
      try {
        const loaded = await loadDemoIfEmpty(app);
        const repaired = app.store.repairedIndexes ?? [];
        if (repaired.length > 0)
          process.stdout.write(`Repaired missing indexes: ${[...repaired].sort().join(", ")}\n`);
        process.stdout.write(
          loaded
            ? `Store ready at ${app.store.path} (demo data loaded).\n`
            : `Store ready at ${app.store.path}.\n`,
        );
      } finally {
        await app.store.close();
      }
    });
}
