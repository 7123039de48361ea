import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eachStore, type TestStore } from "../../setup/each-store.js";

const teamCount = async (store: TestStore) =>
  Number((await store.db.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Team"`))?.n);

describe.each(eachStore)("SqlHandle.transaction on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  const addTeam = (db: TestStore["db"], id: string) =>
    db.run(`INSERT INTO "Team" ("id", "name") VALUES (?, ?)`, [id, id]);

  it("commits every statement of work that resolves, and returns its value", async () => {
    const value = await store.db.transaction(async (tx) => {
      await addTeam(tx, "T1");
      await addTeam(tx, "T2");
      return "done";
    });
    expect(value).toBe("done");
    expect(await teamCount(store)).toBe(2);
  });

  it("rolls back every statement of work that throws, and passes the error on", async () => {
    await expect(
      store.db.transaction(async (tx) => {
        await addTeam(tx, "T1");
        throw new Error("refused midway");
      }),
    ).rejects.toThrow("refused midway");
    // A failing statement rolls back the earlier ones as well.
    await expect(
      store.db.transaction(async (tx) => {
        await addTeam(tx, "T2");
        await addTeam(tx, "T2");
      }),
    ).rejects.toThrow();
    expect(await teamCount(store)).toBe(0);
    // The handle is usable afterwards.
    await addTeam(store.db, "T3");
    expect(await teamCount(store)).toBe(1);
  });

  it("runs reads started together inside a transaction one after another, each with its own rows", async () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on("warning", listen);
    try {
      const counts = await store.db.transaction(async (tx) => {
        await addTeam(tx, "T1");
        // Several statements asked for at once on the transaction's one connection.
        return Promise.all(
          [1, 2, 3].map((n) => tx.get<{ n: number }>(`SELECT COUNT(*) + ? AS "n" FROM "Team"`, [n])),
        );
      });
      expect(counts.map((row) => Number(row?.n))).toEqual([2, 3, 4]);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off("warning", listen);
    }
    expect(warnings.filter((m) => m.includes("already executing a query"))).toEqual([]);
  });

  it("joins a transaction started inside another one instead of waiting for it", async () => {
    await store.db.transaction(async (tx) => {
      await addTeam(tx, "T1");
      await tx.transaction(async (inner) => addTeam(inner, "T2"));
    });
    expect(await teamCount(store)).toBe(2);
  });

  it("runs two transactions started together one after the other, each whole", async () => {
    const both = await Promise.allSettled([
      store.db.transaction(async (tx) => {
        await addTeam(tx, "A1");
        await new Promise((r) => setTimeout(r, 20));
        await addTeam(tx, "A2");
      }),
      store.db.transaction(async (tx) => {
        await addTeam(tx, "B1");
        throw new Error("second fails");
      }),
    ]);
    expect(both.map((b) => b.status)).toEqual(["fulfilled", "rejected"]);
    const ids = (await store.db.all<{ id: string }>(`SELECT "id" FROM "Team" ORDER BY "id"`)).map(
      (r) => r.id,
    );
    expect(ids).toEqual(["A1", "A2"]);
  });
});
