/**
 * The PostgreSQL handle's transactions (src/store/postgres/postgres-handle.ts): a statement that
 * work which failed asks for after its ROLLBACK (a read still in flight when the error came) is
 * refused, never sent on the connection the pool has taken back, where it would run outside any
 * transaction or inside the next borrower's.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { openPostgresStore, type PostgresStore } from "../../../src/store/postgres/open-postgres.js";
import { readerInSnapshotOf } from "../../../src/store/snapshot-reader.js";
import { describePostgres, type ScratchDatabase, scratchPostgres } from "../../setup/postgres.js";

const teamCount = async (store: PostgresStore) =>
  Number((await store.db.get<{ n: string }>(`SELECT count(*) AS n FROM "Team"`))!.n);

describePostgres("statements asked for after a transaction ended", () => {
  let database: ScratchDatabase;
  let store: PostgresStore;

  beforeAll(async () => {
    database = await scratchPostgres({ migrated: true });
    store = openPostgresStore(database.url, { poolSize: 4, statementTimeoutMs: 30_000 });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("a write asked for after the rollback is refused and leaves no row", async () => {
    let late: Promise<unknown> | null = null;
    await expect(
      store.db.transaction(async (tx) => {
        // The write is asked for when the slow read returns: after the failure queued the ROLLBACK.
        const slow = tx.get("SELECT pg_sleep(0.2)");
        slow.then(() => {
          late = tx.run(`INSERT INTO "Team" ("id", "name") VALUES ('T-late', 'late')`);
          late.catch(() => undefined);
        });
        throw new Error("work failed");
      }),
    ).rejects.toThrow("work failed");
    await expect(late).rejects.toThrow(/after its transaction's COMMIT or ROLLBACK/);
    expect(await teamCount(store)).toBe(0);
    // The connection serves the next transaction cleanly.
    await store.db.transaction((tx) => tx.run(`INSERT INTO "Team" ("id", "name") VALUES ('T1', 'next')`));
    expect(await teamCount(store)).toBe(1);
    await store.db.run(`DELETE FROM "Team"`);
  }, 30_000);

  it("a read asked for on a snapshot reader after it ended is refused; the next reader imports its snapshot", async () => {
    await store.db.transaction(async (tx) => {
      const reader = (await readerInSnapshotOf(store.db, tx))!;
      expect(reader).not.toBeNull();
      const slow = reader.db.get("SELECT pg_sleep(0.2)");
      let late: Promise<unknown> | null = null;
      slow.then(() => {
        late = reader.db.get(`SELECT count(*) FROM "Team"`);
        late.catch(() => undefined);
      });
      await reader.end();
      await expect(late).rejects.toThrow(/after its transaction's COMMIT or ROLLBACK/);
      // Every spare connection takes a reader in turn: none was left inside a transaction.
      for (let round = 0; round < 3; round++) {
        const next = await readerInSnapshotOf(store.db, tx);
        expect(next).not.toBeNull();
        await next!.end();
      }
    });
  }, 30_000);
});
