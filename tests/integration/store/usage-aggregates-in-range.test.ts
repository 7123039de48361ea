import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonical } from "../../../src/services/warnings/rolling-aggregates.js";
import { currentCustomersAfter } from "../../../src/store/customers.js";
import { usageAggregatesInRange } from "../../../src/store/signal-inputs.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { insertUsage, seedPeople, setJoinDate, TEAM_T1, type UsageRow } from "../../setup/store-seed.js";

/** Day D's windows: history from 03-03, recent from 06-01, hotline from 06-24 (over 60 s). */
const WINDOWS = {
  historyFrom: "2026-03-03",
  recentFrom: "2026-06-01",
  hotlineFrom: "2026-06-24",
  hotlineLimit: 60,
  asOf: "2026-06-30",
};

/** The daily job's page reads on the SQL handle (its PostgreSQL path reads sums and marks apart). */
describe.each(eachStore)("the daily job's page reads on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const ids = ["C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7"];
    await seedPeople(store.db, { ...TEAM_T1, customers: ids.map((id) => [id, "M1"] as const) });
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  const usage = (customerId: string, rows: readonly UsageRow[]) => insertUsage(store.db, customerId, rows);
  const joined = (id: string, day: string) => setJoinDate(store.db, id, day);

  it("aggregates the range's usage over the windows within each customer's tenure, lists included", async () => {
    await usage("C1", [
      ["2026-03-02", 1, 100, 100, 0, true], // before the history window
      ["2026-03-10", 2, 20.25, 10.5, 0, true],
      ["2026-06-02", 0, 1.5, 3.33, 120, false], // over the limit, before the hotline window
      ["2026-06-25", 3, 0, 1, 61, true],
      ["2026-06-26", 0, 0, 0, 60, false], // at the limit: not over it
      ["2026-06-28", 0, 0, 2, 300, false],
      ["2026-07-01", 5, 0, 50, 300, true], // after the day
    ]);
    // Joined inside the history window: the rows before the join date are not the customer's.
    await joined("C2", "2026-05-15");
    await usage("C2", [
      ["2026-04-01", 1, 0, 9, 200, true],
      ["2026-05-14", 1, 0, 9, 0, false],
      ["2026-05-15", 1, 2, 4, 0, true],
      ["2026-06-29", 0, 0.75, 1.25, 90, false],
    ]);
    await usage("C3", [["2026-06-10", 0, 3, 7, 0, false]]);
    // Joined after its only row: no aggregate at all.
    await joined("C4", "2026-06-20");
    await usage("C4", [["2026-06-10", 1, 1, 1, 100, true]]);
    // Outside the range (after, last] = (C0, C4].
    await usage("C0", [["2026-06-25", 1, 1, 1, 100, true]]);
    await usage("C5", [["2026-06-25", 1, 1, 1, 100, true]]);

    const rows = await usageAggregatesInRange(store.db, { after: "C0", last: "C4" }, WINDOWS);
    const byId = Object.fromEntries(rows.map(({ customerId, ...a }) => [customerId, canonical(a)]));
    expect(byId).toEqual({
      C1: {
        recentSpendFen: 633,
        baselineSpendFen: 1050,
        recentDataCenti: 150,
        baselineDataCenti: 2025,
        lastCallDay: "2026-06-25",
        hotlineDays: "2026-06-25:61,2026-06-28:300",
        forwardedDays: "2026-03-10,2026-06-25",
      },
      C2: {
        recentSpendFen: 125,
        baselineSpendFen: 400,
        recentDataCenti: 75,
        baselineDataCenti: 200,
        lastCallDay: "2026-05-15",
        hotlineDays: "2026-06-29:90",
        forwardedDays: "2026-05-15",
      },
      C3: {
        recentSpendFen: 700,
        baselineSpendFen: 0,
        recentDataCenti: 300,
        baselineDataCenti: 0,
        lastCallDay: null,
        hotlineDays: null,
        forwardedDays: null,
      },
    });
  });

  it("pages through the current customers in id order, skipping those who left", async () => {
    await store.db.run(`UPDATE "Customer" SET "status" = 'left' WHERE "id" IN ('C0', 'C3')`);
    const ids = async (after: string, limit: number) =>
      (await currentCustomersAfter(store.db, after, limit)).map((c) => c.id);
    expect(await ids("", 2)).toEqual(["C1", "C2"]);
    expect(await ids("C2", 2)).toEqual(["C4", "C5"]);
    expect(await ids("C5", 2)).toEqual(["C6", "C7"]);
    expect(await ids("C7", 2)).toEqual([]);
    expect(await ids("C1", 5_000)).toEqual(["C2", "C4", "C5", "C6", "C7"]);
  });
});
