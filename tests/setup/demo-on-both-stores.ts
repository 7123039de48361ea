import { afterAll, beforeAll } from "vitest";
import { type DemoOptions, loadDemo } from "../../src/demo/load-demo.js";
import { openStore, type Store } from "../../src/store/database.js";
import { openPostgresStore, type PostgresStore } from "../../src/store/postgres/open-postgres.js";
import type { ScratchDatabase } from "./postgres.js";
import { postgresCopyOf } from "./postgres-copy.js";
import { createTestDb } from "./test-app.js";

/** The same generated demo store on both kinds, open for one describe block. */
export interface DemoOnBothStores {
  /** The SQLite store the demo was loaded into. */
  sqlite: Store;
  /** Its file (what a task or the CLI opens as a path). */
  sqlitePath: string;
  /** The scratch PostgreSQL database the store was copied into. */
  database: ScratchDatabase;
  /** A pool on it (4 connections, 60 s statement timeout). */
  pg: PostgresStore;
}

/**
 * Call once inside a `describePostgres` block: before its tests, the demo is loaded into a fresh
 * SQLite store, `beforeCopy` changes it (rows the demo lacks), and every row is copied into a
 * migrated scratch PostgreSQL database with a pool opened on it; after them, all is closed and the
 * database dropped. The fields are set when the block's tests run.
 */
export function demoOnBothStores(
  demo: Omit<DemoOptions, "onProgress">,
  options: {
    beforeCopy?: (sqlite: Store) => void;
    /** What follows `CREATE DATABASE name` for the PostgreSQL copy (a locale, say). */
    createWith?: string;
    timeoutMs?: number;
  } = {},
): DemoOnBothStores {
  const stores = {} as DemoOnBothStores;
  beforeAll(async () => {
    const source = createTestDb();
    stores.sqlitePath = source.path;
    stores.sqlite = openStore(source.url);
    await loadDemo(stores.sqlite, demo);
    options.beforeCopy?.(stores.sqlite);
    stores.database = await postgresCopyOf(source.path, options.createWith);
    stores.pg = openPostgresStore(stores.database.url, { poolSize: 4, statementTimeoutMs: 60_000 });
  }, options.timeoutMs ?? 300_000);
  afterAll(async () => {
    await stores.pg?.close();
    await stores.sqlite?.close();
    await stores.database?.drop();
  });
  return stores;
}
