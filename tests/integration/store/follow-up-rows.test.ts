import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outcomesUpTo } from "../../../src/store/follow-up-rows.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople, TEAM_T1 } from "../../setup/store-seed.js";

describe.each(eachStore)("follow-up rows on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const { db } = store;
    await seedPeople(db, {
      ...TEAM_T1,
      customers: [
        ["C1", "M1"],
        ["C2", "M1"],
        ["C3", "M1"],
      ],
    });
    const outcome = (
      customerId: string,
      managerId: string,
      kindOf: string,
      day: string,
      extra: string | null,
    ) =>
      db.run(
        `INSERT INTO "Outcome" ("customerId", "managerId", "kind", "day", "snoozeUntil", "lostReason", "note")
         VALUES (?, ?, ?, ?, ?, ?, 'n')`,
        [
          customerId,
          managerId,
          kindOf,
          day,
          kindOf === "snoozed" ? extra : null,
          kindOf === "lost" ? extra : null,
        ],
      );
    await outcome("C1", "M1", "contacted", "2026-06-30", null);
    await outcome("C1", "M2", "snoozed", "2026-06-20", "2026-06-27");
    await outcome("C1", "M1", "lost", "2026-07-01", "price");
    await outcome("C2", "M1", "lost", "2026-06-20", "price");
    await outcome("C3", "M1", "contacted", "2026-06-01", null);
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("reads the customers' outcomes up to a day, by day then id", async () => {
    const rows = await outcomesUpTo(store.db, ["C1", "C2"], "2026-06-30");
    expect(rows).toEqual([
      {
        id: 2,
        customerId: "C1",
        managerId: "M2",
        kind: "snoozed",
        day: "2026-06-20",
        snoozeUntil: "2026-06-27",
        lostReason: null,
        note: "n",
      },
      {
        id: 4,
        customerId: "C2",
        managerId: "M1",
        kind: "lost",
        day: "2026-06-20",
        snoozeUntil: null,
        lostReason: "price",
        note: "n",
      },
      {
        id: 1,
        customerId: "C1",
        managerId: "M1",
        kind: "contacted",
        day: "2026-06-30",
        snoozeUntil: null,
        lostReason: null,
        note: "n",
      },
    ]);
    expect(await outcomesUpTo(store.db, [], "2026-06-30")).toEqual([]);
  });
});
