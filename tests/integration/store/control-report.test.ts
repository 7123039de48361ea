/**
 * The control-group report and the share a lead sets, on each store: churn among the newly warned
 * customers who were contacted, who were not, and who were held out, from seeded warnings,
 * outcomes and customers who left (tests/setup/control-report-seed.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { controlReport } from "../../../src/services/control-group/control-report.js";
import { controlSettingsOf, saveControlShare } from "../../../src/store/control-group.js";
import { managerBy, teamLead } from "../../../src/store/managers.js";
import { holdOutInT1, rankWarnedDays, seedControlReport } from "../../setup/control-report-seed.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";

/** [churned, customers] of the three groups. */
const counts = (r: Awaited<ReturnType<typeof controlReport>>) =>
  [r.contacted, r.notContacted, r.control].map((g) => [g.churned, g.customers]);

describe.each(eachStore)("the control-group report on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    await seedControlReport(store.db);
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("counts every warned customer as contacted or not while the team holds none out", async () => {
    const report = await controlReport(store.db, "T1", "2026-06-01", "2026-06-30");
    expect(report).toMatchObject({ teamId: "T1", sharePercent: 0, since: null });
    // Contacted on or after the first warning: K03, K04, K05 (left). K11 was called before it.
    expect(counts(report)).toEqual([
      [1, 3],
      [4, 9],
      [0, 0],
    ]);
  });

  it("counts the same from the ranked rows written with the warnings, by the manager of the day", async () => {
    await rankWarnedDays(store.db);
    const t1 = async () => counts(await controlReport(store.db, "T1", "2026-06-01", "2026-06-30"));
    expect(await t1()).toEqual([
      [1, 3],
      [4, 9],
      [0, 0],
    ]);
    await holdOutInT1(store.db);
    // The churn model's row of K12 before the start does not make it warned before the start.
    expect(await t1()).toEqual([
      [1, 3],
      [3, 5],
      [1, 2],
    ]);
    // K10, ranked under T2's manager on its only warned day, is T2's.
    await store.db.run(`UPDATE "WarningRank" SET "managerId" = 'L2' WHERE "customerId" = 'K10'`);
    expect(await t1()).toEqual([
      [1, 3],
      [3, 4],
      [1, 2],
    ]);
    expect(counts(await controlReport(store.db, "T2", "2026-06-01", "2026-06-30"))).toEqual([
      [0, 0],
      [1, 2],
      [0, 0],
    ]);
  });

  it("counts the newly warned since the start in three groups, one team's only", async () => {
    await holdOutInT1(store.db);
    const report = await controlReport(store.db, "T1", "2026-06-01", "2026-06-30");
    expect(report).toMatchObject({
      sharePercent: 25,
      since: "2026-06-10",
      from: "2026-06-01",
      to: "2026-06-30",
    });
    // K01 (warned the day before the start) and K09 (first warned before it) are left out;
    // K02 and K12 are drawn at 25 % with this salt.
    expect(counts(report)).toEqual([
      [1, 3],
      [3, 5],
      [1, 2],
    ]);
    expect(report.control.rate).toBe(0.5);
    expect(report.control.low).toBeCloseTo(0.0945, 3);
    expect(report.control.high).toBeCloseTo(0.9055, 3);
    expect(report.notContacted.low).toBeCloseTo(0.2307, 3);
    expect(report.notContacted.high).toBeCloseTo(0.8824, 3);
    expect(counts(await controlReport(store.db, "T2", "2026-06-01", "2026-06-30"))).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
    // A window before anyone was warned: no one in any group.
    expect(counts(await controlReport(store.db, "T1", "2026-05-01", "2026-05-31"))).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  it("keeps the salt and the start day while the share changes, and clears the start at 0", async () => {
    const { db } = store;
    expect(await controlSettingsOf(db, "T1")).toEqual({
      teamId: "T1",
      sharePercent: 0,
      salt: "",
      since: null,
    });
    const set = (sharePercent: number, day: string) =>
      saveControlShare(db, { teamId: "T1", sharePercent, day, by: "M1", at: new Date(`${day}T02:00:00Z`) });
    const first = await set(10, "2026-06-10");
    expect(first).toMatchObject({ teamId: "T1", sharePercent: 10, since: "2026-06-10" });
    expect(first.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(await set(20, "2026-06-12")).toEqual({ ...first, sharePercent: 20 });
    expect(await set(0, "2026-06-14")).toEqual({ ...first, sharePercent: 0, since: null });
    expect(await set(15, "2026-06-16")).toEqual({ ...first, sharePercent: 15, since: "2026-06-16" });
    expect(await controlSettingsOf(db, "T1")).toEqual({ ...first, sharePercent: 15, since: "2026-06-16" });
    // Two leads turning it on at once: one salt and one start day, and both are told what is stored.
    const [a, b] = await Promise.all([
      saveControlShare(db, { teamId: "T2", sharePercent: 10, day: "2026-06-20", by: "L2", at: new Date() }),
      saveControlShare(db, { teamId: "T2", sharePercent: 20, day: "2026-06-20", by: "L2", at: new Date() }),
    ]);
    expect(a.salt).toBe(b.salt);
    expect((await controlSettingsOf(db, "T2")).salt).toBe(a.salt);
  });

  it("finds the lead `export --team` asks as, and a manager by id", async () => {
    expect(await teamLead(store.db, "T1")).toEqual({ id: "L1", name: "黄团长", teamId: "T1", role: "lead" });
    await store.db.run(`UPDATE "Manager" SET "role" = 'manager' WHERE "id" = 'L2'`);
    expect(await teamLead(store.db, "T2")).toBeUndefined();
    expect(await managerBy(store.db, "id", "M1")).toMatchObject({ id: "M1", teamId: "T1", role: "manager" });
  });
});
