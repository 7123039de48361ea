import type { Config } from "../config.js";
import { storeKind } from "../config.js";
import { createApp } from "../create-app.js";
import { openPostgresStore } from "../store/postgres/open-postgres.js";
import type { SqlHandle } from "../store/sql-handle.js";

/** What a command that only reads the store through the shared SQL handle needs of it. */
export interface ReadStore {
  readonly db: SqlHandle;
  close(): Promise<void>;
}

/**
 * The store for the CLI commands that only read through the shared SQL handle (`report`,
 * `knowledge report`), on either store: the App's SQLite store (not migrated here, as before), or
 * on a PostgreSQL DATABASE_URL a pool of its own (the App does not run on PostgreSQL yet:
 * docs/postgresql.md).
 */
export function openReadStore(config: Config): ReadStore {
  if (storeKind(config.DATABASE_URL) === "postgres")
    return openPostgresStore(config.DATABASE_URL, {
      poolSize: config.PG_POOL_SIZE,
      statementTimeoutMs: config.PG_STATEMENT_TIMEOUT_MS,
    });
  return createApp(config, { migrate: false }).store;
}
