/**
 * The scoring's kept usage window (src/services/churn/usage-window.ts) equals a recount from the
 * rows, field for field, and so do the features built on it: day after day, over gaps, with late
 * rows, updated and deleted rows, dropped change entries and an earlier day. A generated store in
 * a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { addDays } from "../../../src/domain/dates.js";
import { churnFeaturesAsOf } from "../../../src/services/churn/features.js";
import { keptUsageWindowsAt } from "../../../src/services/churn/usage-window.js";
import { recountAll } from "../../../src/store/churn-recount.js";
import { usageWindowsOn } from "../../../src/store/churn-rows-on-handle.js";
import { movedBounds, movedDays } from "../../../src/store/churn-usage-fold.js";
import { usageWindowsFromRows, windowsOf } from "../../../src/store/churn-usage-window.js";
import { createTestApp } from "../../setup/test-app.js";

const D = "2026-11-23";

describe("the kept usage window of the churn features", { timeout: 120_000 }, () => {
  let app: App;
  const sql = () => app.store.sql;

  /** Moves the kept window to `day`, checks it and the features against the rows; returns the move. */
  function moveAndCompare(day: string) {
    const kept = keptUsageWindowsAt(sql(), day);
    const reference = usageWindowsFromRows(sql(), day);
    expect(reference.length).toBeGreaterThan(100);
    expect(kept.rows).toEqual(reference);
    const fast = churnFeaturesAsOf(sql(), day, "kept");
    const slow = churnFeaturesAsOf(sql(), day, "rows");
    expect(fast.customerIds).toEqual(slow.customerIds);
    fast.columns.forEach((column, f) => {
      expect(Array.from(column), `feature ${f}`).toEqual(Array.from(slow.columns[f]!));
    });
    return kept.update;
  }

  const usageRow = (customerId: string, date: string, spend: number) =>
    sql()
      .prepare(
        `INSERT INTO DailyUsage (customerId, date, calls, callMinutes, dataMb, spend, competitorHotlineSeconds, forwardedToCompetitor)
         VALUES (?, ?, 0, 0, 12.34, ?, 75, 1)`,
      )
      .run(customerId, date, spend);

  beforeAll(async () => {
    app = createTestApp({ asOf: D });
    await loadDemo(app.store, { seed: 11, asOf: D, customers: 250, days: 210 });
  }, 120_000);
  afterAll(async () => app?.store.close());

  it("folds day by day and over gaps up to 30 days, equal to a recount each time", () => {
    expect(moveAndCompare(addDays(D, -70))).toEqual({ mode: "rebuild", reason: "no_window" });
    for (const day of [addDays(D, -69), addDays(D, -68), addDays(D, -65)])
      expect(moveAndCompare(day)).toMatchObject({ mode: "fold", recounted: 0 });
    // Same day again: nothing moves.
    expect(moveAndCompare(addDays(D, -65))).toMatchObject({ mode: "fold", from: addDays(D, -65) });
    expect(moveAndCompare(addDays(D, -35))).toMatchObject({ mode: "fold", from: addDays(D, -65) });
    expect(moveAndCompare(addDays(D, -4))).toEqual({ mode: "rebuild", reason: "gap_too_long" });
  });

  it("counts rows added since (late ones, and ones dated after the day once their day comes)", () => {
    const [a, b] = sql().prepare(`SELECT id FROM Customer ORDER BY id LIMIT 2`).pluck().all() as string[];
    // A new customer day inside both windows, and rows dated later than the next day scored.
    sql()
      .prepare(`DELETE FROM DailyUsage WHERE customerId = ? AND date IN (?, ?, ?)`)
      .run(a, addDays(D, -50), addDays(D, -10), addDays(D, -1));
    sql().prepare(`DELETE FROM UsageChange`).run();
    expect(moveAndCompare(addDays(D, -3))).toEqual({ mode: "rebuild", reason: "changes_dropped" });
    usageRow(a!, addDays(D, -50), 3.21);
    usageRow(a!, addDays(D, -10), 0.07);
    usageRow(a!, addDays(D, -1), 99.99);
    usageRow(b!, addDays(D, 5), 1.5);
    expect(moveAndCompare(addDays(D, -2))).toMatchObject({ mode: "fold", recounted: 0 });
    expect(moveAndCompare(D)).toMatchObject({ mode: "fold", recounted: 0 });
    expect(moveAndCompare(addDays(D, 6))).toMatchObject({ mode: "fold", recounted: 0 });
  });

  it("recounts customers whose rows were updated or deleted", () => {
    const [a, b] = sql()
      .prepare(`SELECT id FROM Customer ORDER BY id LIMIT 2 OFFSET 5`)
      .pluck()
      .all() as string[];
    sql()
      .prepare(`UPDATE DailyUsage SET spend = spend + 7.77, calls = 0 WHERE customerId = ? AND date >= ?`)
      .run(a, addDays(D, -40));
    sql().prepare(`DELETE FROM DailyUsage WHERE customerId = ? AND date = ?`).run(b, addDays(D, -3));
    expect(moveAndCompare(addDays(D, 7))).toMatchObject({ mode: "fold", recounted: 2 });
  });

  it("recounts when the change entries it needs are gone, for an earlier day, or when rows were removed", () => {
    const a = sql().prepare(`SELECT id FROM Customer ORDER BY id LIMIT 1 OFFSET 9`).pluck().get() as string;
    sql().prepare(`UPDATE DailyUsage SET dataMb = 0 WHERE customerId = ?`).run(a);
    // The warnings job drops the change entries it has handled.
    sql().prepare(`DELETE FROM UsageChange`).run();
    expect(moveAndCompare(addDays(D, 8))).toEqual({ mode: "rebuild", reason: "changes_dropped" });
    expect(moveAndCompare(addDays(D, 2))).toEqual({ mode: "rebuild", reason: "earlier_day" });
    // The newest rows deleted: the rowid counted up to is gone (and may be handed out again).
    sql().prepare(`DELETE FROM DailyUsage WHERE rowid > (SELECT MAX(rowid) - 3 FROM DailyUsage)`).run();
    expect(moveAndCompare(addDays(D, 3))).toEqual({ mode: "rebuild", reason: "usage_rows_removed" });
    // The newest counted row deleted and its rowid handed out again to another row.
    sql().prepare(`DELETE FROM DailyUsage WHERE rowid = (SELECT MAX(rowid) FROM DailyUsage)`).run();
    usageRow(a, addDays(D, 2), 5.3);
    expect(moveAndCompare(addDays(D, 4))).toEqual({ mode: "rebuild", reason: "rowids_reused" });
    expect(moveAndCompare(addDays(D, 5))).toMatchObject({ mode: "fold", recounted: 0 });
  });

  it("recounts along the (customerId, date) key, on the connection and on the SQL handle alike", async () => {
    // One text for both (churn-recount.ts): `+"date"` keeps it off the date index, which would
    // need a temporary B-tree to group by customer.
    const plan = sql()
      .prepare(`EXPLAIN QUERY PLAN ${recountAll("sqlite")}`)
      .all(windowsOf(D)) as { detail: string }[];
    expect(plan.map((step) => step.detail)).toEqual([
      "SCAN DailyUsage USING INDEX sqlite_autoindex_DailyUsage_1",
    ]);
    expect(await usageWindowsOn(app.store.db, D)).toEqual(usageWindowsFromRows(sql(), D));
  });

  it("reads the moved days' rows from the date index alone, never from the table", () => {
    // The table's rows of one day lie one per customer on different pages (a store loaded customer
    // by customer): read from the table, a fold at 1M customers is ~3M random page reads.
    for (const select of [...movedDays(), ...movedDays(" AND rowid % @parts = 0")]) {
      const plan = sql()
        .prepare(`EXPLAIN QUERY PLAN ${select}`)
        .all({ ...movedBounds(addDays(D, -1), D), fromRowid: 1e9, parts: 3 }) as { detail: string }[];
      expect(plan.map((step) => step.detail)).toEqual([
        expect.stringContaining("USING COVERING INDEX DailyUsage_date_idx"),
      ]);
    }
  });
});
