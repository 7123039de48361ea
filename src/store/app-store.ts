/**
 * The store the App runs on: the embedded SQLite file or a PostgreSQL database. Both carry `db`,
 * the shared SqlHandle every store module takes. The SQLite store also exposes its Prisma client
 * and better-sqlite3 connection for the whole-store jobs not yet moved onto the handle (the
 * incremental warnings job, SQLite's churn steps, the demo loader); a PostgreSQL store
 * throws `SqliteOnlyError` when one is reached for, so a path not yet moved stops with one clear
 * message instead of half-working.
 */
import { redactedStoreUrl } from "../config.js";
import type { Store } from "./database.js";
import { postgresHandle } from "./postgres/postgres-handle.js";
import { openPostgresPool, type PostgresStoreOptions } from "./postgres/postgres-pool.js";
import type { SqlHandle } from "./sql-handle.js";

export interface PostgresAppStore {
  readonly kind: "postgres";
  readonly db: SqlHandle;
  /** The database URL with its password masked: what messages may show. */
  readonly path: string;
  /** The full URL, for what opens its own connections (advisory locks). */
  readonly url: string;
  readonly repairedIndexes?: undefined;
  /** SQLite only: reaching for them throws SqliteOnlyError. */
  readonly prisma: never;
  readonly sql: never;
  close(): Promise<void>;
}

export type AppStore = Store | PostgresAppStore;

/** A path that still runs on the SQLite connection only, reached on a PostgreSQL store. */
export class SqliteOnlyError extends Error {
  constructor(readonly what: string) {
    super(
      `${what} runs on the SQLite store only in this version; on PostgreSQL it is not available yet (docs/postgresql.md says what runs where).`,
    );
  }
}

export function openPostgresAppStore(url: string, options: PostgresStoreOptions): PostgresAppStore {
  const pool = openPostgresPool(url, options);
  const refuse = (what: string): never => {
    throw new SqliteOnlyError(what);
  };
  return {
    kind: "postgres",
    db: postgresHandle(pool),
    path: redactedStoreUrl(url),
    url,
    get prisma(): never {
      return refuse("This command");
    },
    get sql(): never {
      return refuse("This command");
    },
    close: () => pool.end(),
  };
}

/** The SQLite store for a path that needs its connection; SqliteOnlyError on PostgreSQL. */
export function sqliteOnly(store: AppStore, what: string): Store {
  if (store.kind === "postgres") throw new SqliteOnlyError(what);
  return store;
}
