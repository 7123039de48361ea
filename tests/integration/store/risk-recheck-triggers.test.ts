import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople, TEAM_T1 } from "../../setup/store-seed.js";

const D = "2026-06-30";

/**
 * RiskRecheck is kept by triggers on both stores (SQLite: src/store/risk-recheck.ts; PostgreSQL:
 * the migration 20261202140000_risk_recheck_triggers): the same writes leave the same rows.
 */
describe.each(eachStore)("risk rechecks kept by triggers on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const { db } = store;
    await seedPeople(db, {
      ...TEAM_T1,
      customers: Array.from({ length: 7 }, (_, i) => [`C${i + 1}`, "M1"] as const),
    });
    for (let n = 1; n <= 7; n += 1) {
      await db.run(
        `INSERT INTO "WarningRank" ("day", "customerId", "managerId", "priority", "doNotChase") VALUES (?, ?, 'M1', 1, ?)`,
        [D, `C${n}`, false],
      );
    }
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  const outcome = (customerId: string, kindOf: string, day: string, snoozeUntil: string | null = null) =>
    store.db.run(
      `INSERT INTO "Outcome" ("customerId", "managerId", "kind", "day", "snoozeUntil") VALUES (?, 'M1', ?, ?, ?)`,
      [customerId, kindOf, day, snoozeUntil],
    );
  const rows = async () =>
    (
      await store.db.all<{ managerId: string; customerId: string; until: string; lastDay: string }>(
        `SELECT "managerId", "customerId", "until", "lastDay" FROM "RiskRecheck" ORDER BY "managerId", "customerId"`,
      )
    ).map((r) => `${r.managerId} ${r.customerId} ${r.until} ${r.lastDay}`);

  it("names customers with outcomes, and those lost who left only up to the last ranked day", async () => {
    await outcome("C1", "contacted", D);
    await outcome("C2", "snoozed", D, "2026-07-07");
    await outcome("C2", "contacted", "2026-06-20");
    await outcome("C3", "lost", D);
    await outcome("C7", "contacted", "not-a-day");
    expect(await rows()).toEqual([
      "M1 C1 2026-07-01 2026-06-30",
      "M1 C2 2026-07-07 2026-07-06",
      "M1 C3 9999-12-31 9999-12-30",
      "M1 C7 9999-12-31 9999-12-30",
    ]);
    await store.db.run(`UPDATE "Customer" SET "status" = 'left' WHERE "id" = 'C3'`);
    await store.db.run(`UPDATE "Outcome" SET "kind" = 'lost' WHERE "customerId" = 'C1'`);
    expect(await rows()).toEqual([
      "M1 C1 9999-12-31 9999-12-30",
      "M1 C2 2026-07-07 2026-07-06",
      `M1 C3 9999-12-31 ${D}`,
      "M1 C7 9999-12-31 9999-12-30",
    ]);
    await store.db.run(`UPDATE "Customer" SET "status" = 'active' WHERE "id" = 'C3'`);
    expect((await rows())[2]).toBe("M1 C3 9999-12-31 9999-12-30");
  });

  it("names customers taken from a manager (moved or deleted) under that manager, and their outcomes under the new one", async () => {
    await outcome("C5", "contacted", D);
    await store.db.run(`UPDATE "Customer" SET "managerId" = 'M2' WHERE "id" IN ('C4', 'C5')`);
    await store.db.run(`UPDATE "Customer" SET "name" = 'renamed' WHERE "id" = 'C2'`);
    await store.db.run(`DELETE FROM "WarningRank" WHERE "customerId" = 'C6'`);
    await store.db.run(`DELETE FROM "Customer" WHERE "id" = 'C6'`);
    expect(await rows()).toEqual([
      `M1 C4 9999-12-31 ${D}`,
      `M1 C5 9999-12-31 ${D}`,
      `M1 C6 9999-12-31 ${D}`,
      "M2 C5 2026-07-01 2026-06-30",
    ]);
  });
});
