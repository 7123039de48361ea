/**
 * With a covering (date, customerId, usage columns) index on DailyUsage, an incremental day that
 * judges everyone (`judgeAllShare: 0` here) reads the days entering and leaving the windows as index ranges per page
 * (src/store/usage-date-index.ts) instead of seeks per customer; the result must still equal a full
 * rebuild field for field — with rows arriving on time and late, a corrected row, and pages (and
 * worker ranges) whose bounds fall between customers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { addDays } from "../../src/domain/dates.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { materialiseInWorkers } from "../../src/services/warnings/parallel-run.js";
import type { SqliteDatabase } from "../../src/store/database.js";
import { usageDateCoveringIndex } from "../../src/store/usage-date-index.js";
import { createTestApp } from "../setup/test-app.js";
import { warningDaySnapshot } from "../setup/warning-snapshot.js";

const END = "2026-06-30";
const FIRST = addDays(END, -4);
const PAGE = 37;

let inc: App;
let full: App;
/** The last days' usage, held back and handed in day by day. */
const held = new Map<string, Record<string, unknown>[]>();

beforeAll(async () => {
  inc = createTestApp({ asOf: END });
  full = createTestApp({ asOf: END });
  for (const app of [inc, full]) {
    await loadDemo(app.store, { seed: 13, asOf: END, customers: 150, days: 130 });
    const sql = app.store.sql;
    if (app === inc)
      for (const r of sql
        .prepare("SELECT * FROM DailyUsage WHERE date > ? ORDER BY date, customerId")
        .all(FIRST) as Record<string, unknown>[])
        held.set(r.date as string, [...(held.get(r.date as string) ?? []), r]);
    sql.prepare("DELETE FROM DailyUsage WHERE date > ?").run(FIRST);
  }
  // The schema may have such an index already (then this one is a second, harmless copy).
  inc.store.sql.exec(
    `CREATE INDEX IF NOT EXISTS DailyUsage_date_cover ON DailyUsage (date, customerId, calls, spend, dataMb,
       competitorHotlineSeconds, forwardedToCompetitor)`,
  );
}, 120_000);
afterAll(async () => {
  await inc.store.close();
  await full.store.close();
});

function onBoth(work: (sql: SqliteDatabase) => void): void {
  for (const app of [inc, full]) app.store.sql.transaction(() => work(app.store.sql))();
}

function insertRows(sql: SqliteDatabase, rows: readonly Record<string, unknown>[]): void {
  const insert = sql.prepare(
    `INSERT INTO DailyUsage (customerId, date, calls, callMinutes, dataMb, spend, competitorHotlineSeconds, forwardedToCompetitor)
     VALUES (@customerId, @date, @calls, @callMinutes, @dataMb, @spend, @competitorHotlineSeconds, @forwardedToCompetitor)`,
  );
  for (const r of rows) insert.run(r);
}

/** Customers whose rows of a day arrive a day late. */
const isLate = (customerId: string) => customerId.endsWith("4");

const snapshot = (app: App, day: string) => warningDaySnapshot(app.store.sql, day);

describe("incremental day through a covering date index", { timeout: 180_000 }, () => {
  it("equals a full rebuild, in this thread and over two workers", async () => {
    expect(usageDateCoveringIndex(inc.store.sql)).not.toBeNull();
    // Both stores hold the first day: the next day's runs go on from it on both.
    for (const app of [inc, full])
      materialiseWarnings(app.store.sql, FIRST, app.rules, { rebuild: true, pageSize: PAGE });
    let checked = 0;
    for (let day = addDays(FIRST, 1); day <= END; day = addDays(day, 1)) {
      const today = held.get(day) ?? [];
      const yesterday = held.get(addDays(day, -1)) ?? [];
      onBoth((sql) => {
        insertRows(sql, [
          ...today.filter((r) => !isLate(r.customerId as string)),
          ...(day === addDays(FIRST, 1) ? [] : yesterday.filter((r) => isLate(r.customerId as string))),
        ]);
        // A corrected row the aggregates counted: a call taken away, spend cut.
        sql
          .prepare(
            `UPDATE DailyUsage SET calls = 0, spend = round(spend * 0.3, 2) WHERE date = ?
               AND customerId = (SELECT MIN(customerId) FROM DailyUsage WHERE date = ? AND calls > 0)`,
          )
          .run(addDays(day, -40), addDays(day, -40));
      });
      const workers = day === END;
      // Judging everyone (by default the run moves most aggregates in SQL and judges a few:
      // incremental-warnings-sql-fold.test.ts).
      const options = { pageSize: PAGE, judgeAllShare: 0 };
      const a = workers
        ? await materialiseInWorkers(inc.store.sql, inc.store.path, day, inc.rules, options)
        : materialiseWarnings(inc.store.sql, day, inc.rules, options);
      const b = materialiseWarnings(full.store.sql, day, full.rules, { rebuild: true, pageSize: PAGE });
      // The run judges all and reads the moved days by range.
      expect(a).toMatchObject({ mode: "incremental", judged: b.customers, carriedRows: 0 });
      expect(a.rowsFolded).toBeGreaterThan(b.customers);
      const left = snapshot(inc, day);
      const right = snapshot(full, day);
      expect(left.aggregates, day).toEqual(right.aggregates);
      expect(left.warnings, day).toEqual(right.warnings);
      expect(left.ranks, day).toEqual(right.ranks);
      checked += 1;
    }
    expect(checked).toBe(4);
    expect(snapshot(full, END).warnings.length).toBeGreaterThan(20);
  });
});
