import { openStore } from "../../src/store/database.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres.js";
import type { SqlHandle } from "../../src/store/sql-handle.js";
import { scratchPostgres, testPostgresUrl } from "./postgres.js";
import { createTestDb } from "./test-app.js";

/** What a store-parametrised test gets: the shared SQL handle, and how to let the store go. */
export interface TestStore {
  db: SqlHandle;
  /** The store's DATABASE_URL (for what opens its own connections: locks, child processes). */
  url: string;
  close(): Promise<void>;
}

export interface StoreKind {
  name: "sqlite" | "postgres";
  /** A fresh, migrated, empty store of this kind. */
  open(): Promise<TestStore>;
  /** Another instance's handle on an open store (its own connections), closed by the caller. */
  connect(url: string): { db: SqlHandle; close(): Promise<void> };
}

const sqlite: StoreKind = {
  name: "sqlite",
  async open() {
    const { url } = createTestDb();
    const store = openStore(url);
    return { db: store.db, url, close: () => store.close() };
  },
  connect(url) {
    const store = openStore(url);
    return { db: store.db, close: () => store.close() };
  },
};

const postgres: StoreKind = {
  name: "postgres",
  async open() {
    const database = await scratchPostgres({ migrated: true });
    const store = openPostgresStore(database.url, { poolSize: 4, statementTimeoutMs: 30_000 });
    return {
      db: store.db,
      url: database.url,
      async close() {
        await store.close();
        await database.drop();
      },
    };
  },
  connect(url) {
    const store = openPostgresStore(url, { poolSize: 4, statementTimeoutMs: 30_000 });
    return { db: store.db, close: () => store.close() };
  },
};

/**
 * The stores a behavioural test runs on, for `describe.each`: SQLite always, PostgreSQL when
 * TEST_POSTGRES_URL names a server (the global set-up prints one line when it does not).
 */
export const eachStore: StoreKind[] = testPostgresUrl ? [sqlite, postgres] : [sqlite];
