import type { Logger } from "../logger.js";
import { err, ok, type Result } from "../result.js";
import { openStore, type Store } from "./database.js";
import { migrateStore, migrationsDir } from "./migrate.js";
import { repairIndexes } from "./repair-indexes.js";

/**
 * Opens the store, applying any pending migration first and rebuilding any index the migrations
 * define that the store lacks. Migration runs the Prisma CLI in a child
 * process (~2 s), so callers that know the file is current (tests with a migrated template) skip it.
 */
export function prepareStore(
  databaseUrl: string,
  logger: Logger,
  options: { migrate?: boolean } = {},
): Result<Store> {
  if (options.migrate === false) return ok(openStore(databaseUrl));
  const migrated = migrateStore(databaseUrl);
  if (!migrated.ok) return err(migrated.error);
  logger.debug({ databaseUrl }, "store migrated");
  const store = openStore(databaseUrl);
  store.repairedIndexes = repairIndexes(store.sql, migrationsDir);
  if (store.repairedIndexes.length > 0)
    logger.warn({ indexes: store.repairedIndexes }, "missing indexes rebuilt");
  return ok(store);
}

export async function isStoreEmpty(store: Store): Promise<boolean> {
  const row = await store.db.get(
    `SELECT 1 AS "one" WHERE EXISTS (SELECT 1 FROM "Customer") OR EXISTS (SELECT 1 FROM "Manager")`,
  );
  return row === undefined;
}
