import { readdirSync, readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../../src/store/database.js";
import { relinkLaterSinceDays, relinkSinceDays, sinceDaysOn } from "../../../src/store/warning-since-day.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople, TEAM_T1 } from "../../setup/store-seed.js";
import { createTestDb } from "../../setup/test-app.js";

/** The backfill statements of the migration that added `Warning.sinceDay`, for a store kind. */
function sinceDayBackfill(kind: "sqlite" | "postgres"): string[] {
  const migrations = new URL(
    kind === "sqlite" ? "../../../prisma/migrations/" : "../../../prisma/postgres/migrations/",
    import.meta.url,
  );
  const folder = readdirSync(migrations).find((name) => name.endsWith("_warning_since_day"))!;
  const migration = readFileSync(new URL(`${folder}/migration.sql`, migrations), "utf8");
  // The backfill ends the migration.
  const section = migration.slice(migration.indexOf("-- Backfill"));
  return section
    .replace(/^\s*--.*$/gm, "")
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

describe.each(eachStore)("warning since-days on $name", (kind) => {
  let store: TestStore;
  const warn = (day: string, customerId: string, code: string, sinceDay: string | null = day) =>
    store.db.run(
      `INSERT INTO "Warning" ("day", "customerId", "code", "level", "evidence", "sinceDay") VALUES (?, ?, ?, 1, '', ?)`,
      [day, customerId, code, sinceDay],
    );
  const sinceOf = async () =>
    (
      await store.db.all<{ day: string; customerId: string; code: string; sinceDay: string | null }>(
        `SELECT "day", "customerId", "code", "sinceDay" FROM "Warning" ORDER BY "customerId", "code", "day"`,
      )
    ).map((r) => `${r.customerId} ${r.code} ${r.day} ${r.sinceDay}`);

  beforeEach(async () => {
    store = await kind.open();
    await seedPeople(store.db, {
      ...TEAM_T1,
      customers: [
        ["C1", "M1"],
        ["C2", "M1"],
      ],
    });
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("links a day's rows to the day before's runs; a code or a day missing starts a new run", async () => {
    await warn("2026-06-01", "C1", "spend_drop");
    await warn("2026-06-02", "C1", "spend_drop", "2026-06-01");
    await warn("2026-06-02", "C1", "complaint");
    // 06-03 written as the handle path writes it: each row raised on its own day, then linked.
    await warn("2026-06-03", "C1", "spend_drop");
    await warn("2026-06-03", "C1", "complaint");
    await warn("2026-06-03", "C2", "complaint");
    // 06-04 has no rows at all: 06-05's runs start again.
    await warn("2026-06-05", "C1", "spend_drop");
    expect(await relinkSinceDays(store.db, "2026-06-03")).toBe(2);
    expect(await sinceOf()).toEqual([
      "C1 complaint 2026-06-02 2026-06-02",
      "C1 complaint 2026-06-03 2026-06-02",
      "C1 spend_drop 2026-06-01 2026-06-01",
      "C1 spend_drop 2026-06-02 2026-06-01",
      "C1 spend_drop 2026-06-03 2026-06-01",
      "C1 spend_drop 2026-06-05 2026-06-05",
      "C2 complaint 2026-06-03 2026-06-03",
    ]);
    expect(await sinceDaysOn(store.db, ["C1", "C2", "C9"], "2026-06-03")).toEqual(
      expect.arrayContaining([
        { customerId: "C1", code: "spend_drop", sinceDay: "2026-06-01" },
        { customerId: "C1", code: "complaint", sinceDay: "2026-06-02" },
        { customerId: "C2", code: "complaint", sinceDay: "2026-06-03" },
      ]),
    );
    expect(await sinceDaysOn(store.db, ["C1", "C2"], "2026-06-04")).toEqual([]);
  });

  it("moves the later days' runs on when an earlier day is written again", async () => {
    for (const day of ["2026-06-02", "2026-06-03", "2026-06-04"])
      await warn(day, "C1", "spend_drop", "2026-06-02");
    await warn("2026-06-04", "C2", "complaint");
    // 06-01 computed afterwards, with the same warning: the run now starts on 06-01, to 06-04.
    await warn("2026-06-01", "C1", "spend_drop");
    expect(await relinkSinceDays(store.db, "2026-06-01")).toBe(3);
    expect(await sinceOf()).toEqual([
      "C1 spend_drop 2026-06-01 2026-06-01",
      "C1 spend_drop 2026-06-02 2026-06-01",
      "C1 spend_drop 2026-06-03 2026-06-01",
      "C1 spend_drop 2026-06-04 2026-06-01",
      "C2 complaint 2026-06-04 2026-06-04",
    ]);
    // 06-02 written again without it: 06-03 and 06-04 start anew on 06-03.
    await store.db.run(`DELETE FROM "Warning" WHERE "day" = '2026-06-02'`);
    await warn("2026-06-02", "C2", "complaint");
    expect(await relinkSinceDays(store.db, "2026-06-02")).toBe(2);
    expect(await sinceOf()).toEqual([
      "C1 spend_drop 2026-06-01 2026-06-01",
      "C1 spend_drop 2026-06-03 2026-06-03",
      "C1 spend_drop 2026-06-04 2026-06-03",
      "C2 complaint 2026-06-02 2026-06-02",
      "C2 complaint 2026-06-04 2026-06-04",
    ]);
  });

  it("fills the since-days of the rows written before them (the migration's backfill)", async () => {
    for (const day of ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-05", "2026-06-06"])
      await warn(day, "C1", "spend_drop", null);
    for (const day of ["2026-06-02", "2026-06-03"]) await warn(day, "C1", "complaint", null);
    for (const day of ["2026-05-31", "2026-06-01", "2026-06-03"]) await warn(day, "C2", "complaint", null);
    for (const statement of sinceDayBackfill(kind.name)) await store.db.run(statement);
    expect(await sinceOf()).toEqual([
      "C1 complaint 2026-06-02 2026-06-02",
      "C1 complaint 2026-06-03 2026-06-02",
      "C1 spend_drop 2026-06-01 2026-06-01",
      "C1 spend_drop 2026-06-02 2026-06-01",
      "C1 spend_drop 2026-06-03 2026-06-01",
      "C1 spend_drop 2026-06-05 2026-06-05",
      "C1 spend_drop 2026-06-06 2026-06-05",
      "C2 complaint 2026-05-31 2026-05-31",
      "C2 complaint 2026-06-01 2026-05-31",
      "C2 complaint 2026-06-03 2026-06-03",
    ]);
  });
});

describe("warning since-days in SQLite's swap", () => {
  it("moves the later days' runs on inside the swap's transaction (relinkLaterSinceDays)", async () => {
    const store = openStore(createTestDb().url);
    try {
      await seedPeople(store.db, { ...TEAM_T1, customers: [["C1", "M1"]] });
      const warn = store.sql.prepare(
        `INSERT INTO Warning (day, customerId, code, level, evidence, sinceDay) VALUES (?, 'C1', 'complaint', 1, '', ?)`,
      );
      for (const day of ["2026-06-02", "2026-06-03"]) warn.run(day, "2026-06-02");
      warn.run("2026-06-05", "2026-06-05");
      warn.run("2026-06-01", "2026-06-01");
      expect(relinkLaterSinceDays(store.sql, "2026-06-01")).toBe(2);
      expect(
        store.sql.prepare("SELECT day || ' ' || sinceDay FROM Warning ORDER BY day").pluck().all(),
      ).toEqual([
        "2026-06-01 2026-06-01",
        "2026-06-02 2026-06-01",
        "2026-06-03 2026-06-01",
        "2026-06-05 2026-06-05",
      ]);
      expect(relinkLaterSinceDays(store.sql, "2026-06-01")).toBe(0);
    } finally {
      await store.close();
    }
  });
});
