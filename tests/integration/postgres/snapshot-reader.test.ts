/**
 * The snapshot reader (SqlHandle.readerOf, src/store/snapshot-reader.ts): a second connection that
 * reads what the run's transaction saw when it exported its snapshot — not a row committed after,
 * not the run's own uncommitted writes — and none when the pool has no connection to spare.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { openPostgresStore, type PostgresStore } from "../../../src/store/postgres/open-postgres.js";
import { readerInSnapshotOf } from "../../../src/store/snapshot-reader.js";
import { describePostgres, type ScratchDatabase, scratchPostgres } from "../../setup/postgres.js";

const teamNames = async (db: { all<T>(text: string): Promise<T[]> }) =>
  (await db.all<{ name: string }>(`SELECT "name" FROM "Team" ORDER BY "name"`)).map((r) => r.name);

describePostgres("a reader in a transaction's snapshot", () => {
  let database: ScratchDatabase;
  let store: PostgresStore;

  beforeAll(async () => {
    database = await scratchPostgres({ migrated: true });
    store = openPostgresStore(database.url, { poolSize: 4, statementTimeoutMs: 30_000 });
    await store.db.run(`INSERT INTO "Team" ("id", "name") VALUES ('T1', 'before')`);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("sees the rows as of the export: not a later commit, not the exporter's own writes", async () => {
    await store.db.transaction(async (tx) => {
      await tx.run(`INSERT INTO "Team" ("id", "name") VALUES ('T2', 'mine')`);
      const reader = await readerInSnapshotOf(store.db, tx);
      expect(reader).not.toBeNull();
      try {
        // Committed by another connection after the export: the pool sees it, the reader does not.
        await store.db.run(`INSERT INTO "Team" ("id", "name") VALUES ('T3', 'later')`);
        expect(await teamNames(store.db)).toEqual(["before", "later"]);
        expect(await teamNames(reader!.db)).toEqual(["before"]);
        expect(await teamNames(tx)).toEqual(["before", "later", "mine"]);
        // Read only: a write on the reader is refused.
        await expect(reader!.db.run(`INSERT INTO "Team" ("id", "name") VALUES ('T4', 'x')`)).rejects.toThrow(
          /read-only/,
        );
      } finally {
        await reader!.end();
      }
    });
    await store.db.run(`DELETE FROM "Team" WHERE "id" <> 'T1'`);
  }, 30_000);

  it("is null on a pool of two (the transaction holds one, one stays free) and gives its connection back", async () => {
    const two = openPostgresStore(database.url, { poolSize: 2, statementTimeoutMs: 30_000 });
    const three = openPostgresStore(database.url, { poolSize: 3, statementTimeoutMs: 30_000 });
    try {
      await two.db.transaction(async (tx) => {
        expect(await readerInSnapshotOf(two.db, tx)).toBeNull();
      });
      for (let round = 0; round < 3; round++)
        await three.db.transaction(async (tx) => {
          const reader = await readerInSnapshotOf(three.db, tx);
          expect(reader).not.toBeNull();
          await reader!.end();
          await reader!.end(); // twice: nothing more
        });
      // Every connection is free again: three at once.
      await Promise.all([1, 2, 3].map(() => three.db.transaction((tx) => tx.get("SELECT pg_sleep(0.05)"))));
    } finally {
      await two.close();
      await three.close();
    }
  }, 30_000);
});
