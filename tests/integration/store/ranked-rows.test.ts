import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listDayFacts, listDayFactsWithRechecks } from "../../../src/store/list-day.js";
import { countRankedDay } from "../../../src/store/ranked-counts.js";
import { hasRankedRows, rankedCountsAndPage, rankedIds } from "../../../src/store/ranked-rows.js";
import { rankedRechecks } from "../../../src/store/risk-recheck.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople } from "../../setup/store-seed.js";

const D = "2026-06-30";

describe.each(eachStore)("ranked rows and rechecks on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const { db } = store;
    // C1…C6 under M1, C7 and C8 under M2, C9 under M3; C4 has since moved to M2.
    const owner = (n: number) => (n <= 6 ? "M1" : n <= 8 ? "M2" : "M3");
    await seedPeople(db, {
      teams: [["T1", "team"]],
      managers: [
        ["M1", "m", "T1"],
        ["M2", "n", "T1"],
        ["M3", "o", "T1"],
      ],
      customers: Array.from(
        { length: 9 },
        (_, i) => [`C${i + 1}`, i + 1 === 4 ? "M2" : owner(i + 1)] as const,
      ),
    });
    // Priorities: C2 and C3 tie (id order breaks it); C5 and C8 are do-not-chase.
    const priority: Record<number, number> = {
      1: 50,
      2: 80,
      3: 80,
      4: 90,
      5: 99,
      6: 10,
      7: 70,
      8: 95,
      9: 60,
    };
    for (let n = 1; n <= 9; n += 1)
      await db.run(
        `INSERT INTO "WarningRank" ("day", "customerId", "managerId", "priority", "doNotChase") VALUES (?, ?, ?, ?, ?)`,
        [D, `C${n}`, owner(n), priority[n]!, n === 5 || n === 8],
      );
    await db.run(
      `INSERT INTO "WarningRank" ("day", "customerId", "managerId", "priority", "doNotChase") VALUES ('2026-06-29', 'C1', 'M1', 1, ?)`,
      [false],
    );
    // As every writer of ranks does, in the same transaction (ranked-counts.ts).
    for (const day of [D, "2026-06-29"]) await countRankedDay(db, day);
    await db.run(`DELETE FROM "RiskRecheck"`);
    const recheck = (managerId: string, customerId: string, until: string, lastDay: string) =>
      db.run(
        `INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay") VALUES (?, ?, ?, ?)`,
        [managerId, customerId, until, lastDay],
      );
    await recheck("M1", "C4", "9999-12-31", "2026-06-30"); // moved away: its ranked row still names M1
    await recheck("M1", "C1", "2026-07-01", "2026-06-30"); // an outcome today
    await recheck("M1", "C2", "2026-06-30", "2026-06-29"); // yesterday's outcome: no longer matters
    await recheck("M1", "C6", "9999-12-31", "2026-06-20"); // lost and left before the day was ranked
    await recheck("M2", "C1", "9999-12-31", "2026-06-30"); // names M2, but C1's ranked row names M1
    await recheck("M2", "C7", "2026-07-05", "2026-07-04");
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("tells a ranked day from one without ranks", async () => {
    expect(await hasRankedRows(store.db, D)).toBe(true);
    expect(await hasRankedRows(store.db, "2026-06-28")).toBe(false);
  });

  it("counts the managers' rows with and without do-not-chase, minus those left off", async () => {
    const rankedCounts = async (day: string, managerIds: string[], leftOff: string[]) =>
      (
        await rankedCountsAndPage(store.db, day, managerIds, {
          leftOff,
          includeDoNotChase: false,
          limit: 0,
          offset: 0,
        })
      ).counts;
    expect(await rankedCounts(D, ["M1"], [])).toEqual({ chase: 5, doNotChase: 1 });
    expect(await rankedCounts(D, ["M1", "M2"], [])).toEqual({ chase: 6, doNotChase: 2 });
    expect(await rankedCounts(D, ["M1"], ["C4", "C5", "C7"])).toEqual({ chase: 4, doNotChase: 0 });
    expect(await rankedCounts(D, ["M1", "M2"], ["C8", "C1"])).toEqual({ chase: 5, doNotChase: 1 });
  });

  it("pages the managers' rows by priority, then id, without those left off", async () => {
    // The page's set (in priority, then id order: C5 C4 C2 C3 C1 C6 for M1); the page orders its entries itself.
    const page = async (
      managerIds: string[],
      leftOff: string[],
      includeDoNotChase: boolean,
      limit: number,
      offset = 0,
    ) =>
      (
        await rankedCountsAndPage(store.db, D, managerIds, { leftOff, includeDoNotChase, limit, offset })
      ).ids.sort();
    expect(await page(["M1"], [], false, 10)).toEqual(["C1", "C2", "C3", "C4", "C6"]);
    expect(await page(["M1"], [], true, 10)).toEqual(["C1", "C2", "C3", "C4", "C5", "C6"]);
    expect(await page(["M1"], [], true, 2)).toEqual(["C4", "C5"]);
    expect(await page(["M1"], ["C4"], false, 2, 1)).toEqual(["C1", "C3"]);
    expect(await page(["M1", "M2"], ["C2"], true, 4)).toEqual(["C3", "C4", "C5", "C8"]);
    expect((await rankedIds(store.db, D, ["M2", "M3"])).sort()).toEqual(["C7", "C8", "C9"]);
  });

  it("names the ranked customers to look at: rechecks that matter on the day, with both managers", async () => {
    const looked = async (listDay: string, managerIds: string[], day: string) =>
      (await rankedRechecks(store.db, listDay, managerIds, day))
        .map((k) => `${k.customerId} ${k.rankedManagerId} ${k.managerId}`)
        .sort();
    expect(await looked(D, ["M1"], D)).toEqual(["C1 M1 M1", "C4 M1 M2"]);
    expect(await looked(D, ["M1", "M2"], D)).toEqual(["C1 M1 M1", "C4 M1 M2", "C7 M2 M2"]);
    expect(await looked(D, ["M1"], "2026-07-01")).toEqual(["C4 M1 M2"]);
    expect(await looked("2026-06-29", ["M1"], "2026-06-29")).toEqual(["C1 M1 M1"]);
    await store.db.run(`DELETE FROM "Customer" WHERE "id" = 'C9'`);
    await store.db.run(
      `INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay") VALUES ('M3', 'C9', '9999-12-31', ?)
       ON CONFLICT ("managerId", "customerId") DO NOTHING`,
      [D],
    );
    expect(await rankedRechecks(store.db, D, ["M3"], D)).toEqual([
      { customerId: "C9", rankedManagerId: "M3", managerId: null },
    ]);
  });

  it("gives the counts with the page's ids; a day without ranks gives none", async () => {
    expect(
      await rankedCountsAndPage(store.db, D, ["M1", "M2"], {
        leftOff: ["C2", "C8"],
        includeDoNotChase: true,
        limit: 2,
        offset: 1,
      }).then((got) => ({ ...got, ids: got.ids.sort() })),
    ).toEqual({ counts: { chase: 5, doNotChase: 1 }, ids: ["C3", "C4"] });
    expect(
      (
        await rankedCountsAndPage(store.db, D, ["M1"], {
          leftOff: [],
          includeDoNotChase: false,
          limit: 2,
          offset: 0,
        })
      ).ids.sort(),
    ).toEqual(["C2", "C4"]);
    expect(
      await rankedCountsAndPage(store.db, "2026-06-28", ["M1"], {
        leftOff: [],
        includeDoNotChase: true,
        limit: 10,
        offset: 0,
      }),
    ).toEqual({ counts: { chase: 0, doNotChase: 0 }, ids: [] });
  });

  it("reads a day's facts with the rechecks a page listed from that day looks at", async () => {
    const sorted = (ks: { customerId: string; rankedManagerId: string; managerId: string | null }[]) =>
      ks.map((k) => `${k.customerId} ${k.rankedManagerId} ${k.managerId}`).sort();
    for (const [day, managerIds] of [
      [D, ["M1"]],
      [D, ["M1", "M2"]],
      ["2026-06-29", ["M1"]],
      ["2026-06-28", ["M1"]],
    ] as const) {
      const both = await listDayFactsWithRechecks(store.db, day, managerIds);
      expect(both.facts).toEqual(await listDayFacts(store.db, day));
      expect(sorted(both.rechecks)).toEqual(sorted(await rankedRechecks(store.db, day, managerIds, day)));
    }
    expect(sorted((await listDayFactsWithRechecks(store.db, D, ["M1", "M2"])).rechecks)).toEqual([
      "C1 M1 M1",
      "C4 M1 M2",
      "C7 M2 M2",
    ]);
    expect((await listDayFactsWithRechecks(store.db, "2026-06-28", ["M1"])).rechecks).toEqual([]);
    await store.db.run(`DELETE FROM "Customer" WHERE "id" = 'C9'`);
    await store.db.run(
      `INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay") VALUES ('M3', 'C9', '9999-12-31', ?)
       ON CONFLICT ("managerId", "customerId") DO NOTHING`,
      [D],
    );
    expect((await listDayFactsWithRechecks(store.db, D, ["M3"])).rechecks).toEqual([
      { customerId: "C9", rankedManagerId: "M3", managerId: null },
    ]);
  });
});
