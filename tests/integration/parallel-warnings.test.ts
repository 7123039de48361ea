/**
 * The daily job over two worker threads (parallel-run.ts) gives the same day as in this thread,
 * field for field: a full rebuild, and the incremental day after it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { addDays } from "../../src/domain/dates.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { materialiseInWorkers, splitCustomers } from "../../src/services/warnings/parallel-run.js";
import { AUTO_MIN_CUSTOMERS } from "../../src/services/warnings/worker-count.js";
import { createTestApp } from "../setup/test-app.js";

const D = "2026-06-29";
const NEXT = addDays(D, 1);
let app: App;
let plantedGroup: string;

beforeAll(async () => {
  app = createTestApp({ asOf: NEXT });
  const demo = await loadDemo(app.store, { seed: 5, asOf: NEXT, customers: 200 });
  plantedGroup = demo.plantedIds.group_bulk_anomaly![0]!;
}, 120_000);
afterAll(async () => {
  await app.store.close();
});

function snapshot(day: string) {
  const sql = app.store.sql;
  return {
    warnings: sql
      .prepare(
        "SELECT customerId, code, level, evidence, stage, doNotChase FROM Warning WHERE day = ? ORDER BY customerId, code",
      )
      .all(day),
    ranks: sql.prepare("SELECT * FROM WarningRank WHERE day = ? ORDER BY customerId").all(day),
    // The day and run that last computed a row differ (carried customers keep theirs); the rest not.
    aggregates: sql
      .prepare(
        `SELECT customerId, joinDate, recentSpendFen, baselineSpendFen, recentDataCenti, baselineDataCenti,
           lastCallDay, hotlineDays, forwardedDays, judgeOn FROM UsageAggregate ORDER BY customerId`,
      )
      .all(),
  };
}

describe("daily job in two worker threads", { timeout: 180_000 }, () => {
  it("splits the customers in two and computes the same day as one thread, full and incremental", async () => {
    const sql = app.store.sql;
    const ranges = splitCustomers(sql, 2);
    expect(ranges).toHaveLength(2);
    expect(ranges[0]!.upTo).toBe(ranges[1]!.after);
    // The planted group gets a member in each half, so its tally must add up across the workers.
    const group = plantedGroup;
    for (const range of ranges)
      sql
        .prepare(
          `UPDATE Customer SET groupId = ? WHERE id IN (SELECT id FROM Customer WHERE id > ? AND (? IS NULL OR id <= ?)
             AND segment = 'personal' AND status != 'left' AND groupId IS NULL ORDER BY id LIMIT 1)`,
        )
        .run(group, range.after, range.upTo, range.upTo);

    const one = materialiseWarnings(sql, D, app.rules, { rebuild: true, pageSize: 30 });
    const oneDay = snapshot(D);
    const oneNext = materialiseWarnings(sql, NEXT, app.rules, { pageSize: 30 });
    const oneNextDay = snapshot(NEXT);
    expect(oneNext.mode).toBe("incremental");

    const two = await materialiseInWorkers(sql, app.store.path, D, app.rules, {
      rebuild: true,
      pageSize: 30,
    });
    expect(two).toMatchObject({
      mode: "full",
      customers: one.customers,
      warnings: one.warnings,
      judgeThreads: 2,
    });
    expect(snapshot(D)).toEqual(oneDay);
    // The incremental day's judge set split over the workers too (on a set this small it is judged
    // in this thread unless told otherwise: below).
    const twoNext = await materialiseInWorkers(sql, app.store.path, NEXT, app.rules, {
      pageSize: 30,
      minJudgedForWorkers: 0,
    });
    expect(twoNext).toMatchObject({
      mode: "incremental",
      customers: oneNext.customers,
      folded: oneNext.folded,
      judgeThreads: 2,
    });
    expect(snapshot(NEXT)).toEqual(oneNextDay);
    // By default a judge set below AUTO_MIN_CUSTOMERS is judged in this thread: the same day.
    const small = await materialiseInWorkers(sql, app.store.path, NEXT, app.rules, { pageSize: 30 });
    expect(small).toMatchObject({ mode: "incremental", customers: oneNext.customers, judgeThreads: 1 });
    expect(small.judged).toBeLessThan(AUTO_MIN_CUSTOMERS);
    expect(snapshot(NEXT)).toEqual(oneNextDay);
    // Group customers were judged from the tallies of both halves.
    expect(
      oneDay.warnings.some(
        (w) =>
          (w as { code: string; customerId: string }).code === "group_bulk_anomaly" &&
          (w as { customerId: string }).customerId === group,
      ),
    ).toBe(true);
    const members = sql
      .prepare("SELECT id FROM Customer WHERE groupId = ? AND status != 'left'")
      .pluck()
      .all(group);
    expect(members.some((id) => (id as string) <= ranges[0]!.upTo!)).toBe(true);
    expect(members.some((id) => (id as string) > ranges[0]!.upTo!)).toBe(true);
    expect(sql.prepare("SELECT COUNT(*) FROM WarningStaging").pluck().get()).toBe(0);
  });
});
