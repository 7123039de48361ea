import type { Command } from "commander";
import { redactedStoreUrl, sqlitePath, storeKind } from "../config.js";
import { type GlobalOptions, loadConfig, UsageError } from "../create-app.js";
import { isStoreCurrent } from "../store/migrate.js";
import { copySqliteToPostgres } from "../store/postgres/copy-sqlite-to-postgres.js";
import { migratePostgres } from "../store/postgres/migrate-postgres.js";

/**
 * `migrate-store --to postgresql://…`: moves the SQLite store named by DATABASE_URL (or --db) into
 * a new PostgreSQL database: migrates the target, then copies every table in one transaction.
 */
export function registerMigrateStoreCommand(program: Command): void {
  program
    .command("migrate-store")
    .description("copy the SQLite store into an empty PostgreSQL database (all or nothing)")
    .requiredOption("--to <postgresql-url>", "the PostgreSQL database to fill")
    .action(async (options: { to: string }) => {
      const config = loadConfig(program.opts<GlobalOptions>());
      if (storeKind(config.DATABASE_URL) !== "sqlite")
        throw new UsageError(
          "migrate-store copies from a SQLite store: set DATABASE_URL (or --db) to its file: URL.",
        );
      if (storeKind(options.to) !== "postgres")
        throw new UsageError(`--to must be a postgresql:// URL, not ${options.to}`);
      if (!isStoreCurrent(config.DATABASE_URL))
        throw new UsageError(
          `${config.DATABASE_URL} is missing or not migrated: run \`npm run cli -- setup\` on it first.`,
        );
      const migrated = await migratePostgres(options.to);
      if (!migrated.ok) throw new UsageError(migrated.error.message);
      const started = performance.now();
      const copied = await copySqliteToPostgres(
        sqlitePath(config.DATABASE_URL),
        options.to,
        ({ table, rows }) => process.stdout.write(`  ${table}: ${rows.toLocaleString("en")} rows\n`),
      );
      if (!copied.ok) throw new UsageError(copied.error.message);
      const total = copied.value.reduce((sum, t) => sum + t.rows, 0);
      process.stdout.write(
        `Copied ${total.toLocaleString("en")} rows in ${copied.value.length} tables to ${redactedStoreUrl(options.to)} in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
      );
    });
}
