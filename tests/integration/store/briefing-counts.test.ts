import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outcomeCountsOn, teamWarningCounts, teamWarningsByDay } from "../../../src/store/briefing-counts.js";
import { teamManagers } from "../../../src/store/managers.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople } from "../../setup/store-seed.js";

describe.each(eachStore)("briefing counts on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const { db } = store;
    await seedPeople(db, {
      teams: [
        ["T1", "one"],
        ["T2", "two"],
      ],
      managers: [
        ["M2", "乙", "T1"],
        ["M1", "甲", "T1"],
        ["M3", "丙", "T2"],
      ],
      customers: [
        ["C1", "M1"],
        ["C2", "M2"],
        ["C3", "M3"],
      ],
    });
    const warn = (day: string, customerId: string, code: string, level: number) =>
      db.run(
        `INSERT INTO "Warning" ("day", "customerId", "code", "level", "evidence") VALUES (?, ?, ?, ?, '')`,
        [day, customerId, code, level],
      );
    await warn("2026-06-30", "C1", "spend_drop", 2);
    await warn("2026-06-30", "C2", "spend_drop", 2);
    await warn("2026-06-30", "C1", "complaint", 1);
    await warn("2026-06-29", "C2", "spend_drop", 2);
    await warn("2026-06-29", "C2", "complaint", 1);
    await warn("2026-06-24", "C1", "zero_spend", 1);
    await warn("2026-06-23", "C1", "zero_spend", 1);
    await warn("2026-06-30", "C3", "spend_drop", 1);
    const outcome = (customerId: string, managerId: string, kindOf: string, day: string) =>
      db.run(`INSERT INTO "Outcome" ("customerId", "managerId", "kind", "day") VALUES (?, ?, ?, ?)`, [
        customerId,
        managerId,
        kindOf,
        day,
      ]);
    await outcome("C1", "M1", "contacted", "2026-06-29");
    await outcome("C1", "M1", "contacted", "2026-06-29");
    await outcome("C1", "M1", "retained", "2026-06-29");
    await outcome("C2", "M2", "lost", "2026-06-29");
    await outcome("C2", "M2", "lost", "2026-06-28");
    await outcome("C3", "M3", "lost", "2026-06-29");
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("reads a team's managers in id order", async () => {
    expect(await teamManagers(store.db, "T1")).toEqual([
      { id: "M1", name: "甲" },
      { id: "M2", name: "乙" },
    ]);
    expect(await teamManagers(store.db, "T9")).toEqual([]);
  });

  it("counts the team's warnings by code and level on the day and the day before", async () => {
    expect(await teamWarningCounts(store.db, "T1", "2026-06-30", "2026-06-29")).toEqual([
      { code: "complaint", level: 1, today: 1, yesterday: 1 },
      { code: "spend_drop", level: 2, today: 2, yesterday: 1 },
    ]);
    expect(await teamWarningCounts(store.db, "T2", "2026-06-30", "2026-06-29")).toEqual([
      { code: "spend_drop", level: 1, today: 1, yesterday: 0 },
    ]);
  });

  it("counts the team's warnings by level on each day of a range that has any", async () => {
    expect(await teamWarningsByDay(store.db, "T1", "2026-06-24", "2026-06-30")).toEqual([
      { day: "2026-06-24", level1: 1, level2: 0 },
      { day: "2026-06-29", level1: 1, level2: 1 },
      { day: "2026-06-30", level1: 1, level2: 2 },
    ]);
  });

  it("counts the managers' outcomes of a day by manager and kind", async () => {
    expect(await outcomeCountsOn(store.db, ["M1", "M2"], "2026-06-29")).toEqual([
      { managerId: "M1", kind: "contacted", count: 2 },
      { managerId: "M1", kind: "retained", count: 1 },
      { managerId: "M2", kind: "lost", count: 1 },
    ]);
    expect(await outcomeCountsOn(store.db, [], "2026-06-29")).toEqual([]);
  });
});
