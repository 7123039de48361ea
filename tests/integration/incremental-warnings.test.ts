/**
 * The incremental daily job equals a full rebuild, field for field, over a generated month: two
 * stores get the same usage day by day — most rows on time, some days late, corrected rows, a
 * whole day re-imported with new values, a new customer with back-dated rows, a changed join date,
 * a skipped day and a run killed midway — one store runs the job incrementally, the other with
 * `rebuild`. Every day their Warning and WarningRank rows and their usage aggregates must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { addDays } from "../../src/domain/dates.js";
import { type MaterialiseStats, materialiseWarnings } from "../../src/services/warnings/materialise.js";
import type { SqliteDatabase } from "../../src/store/database.js";
import { createTestApp } from "../setup/test-app.js";

const END = "2026-06-30";
const START = addDays(END, -30);
const CUSTOMERS = 120;
const PAGE = 40;

interface UsageRow {
  customerId: string;
  date: string;
  calls: number;
  callMinutes: number;
  dataMb: number;
  spend: number;
  competitorHotlineSeconds: number;
  forwardedToCompetitor: number;
}

let inc: App;
let full: App;
/** The month's usage, held back from the stores and handed in day by day. */
const month = new Map<string, UsageRow[]>();

beforeAll(async () => {
  inc = createTestApp({ asOf: END });
  full = createTestApp({ asOf: END });
  for (const app of [inc, full]) {
    await loadDemo(app.store, { seed: 11, asOf: END, customers: CUSTOMERS, days: 150 });
    const rows = app.store.sql
      .prepare("SELECT * FROM DailyUsage WHERE date > ? ORDER BY date, customerId")
      .all(START) as UsageRow[];
    if (app === inc) for (const r of rows) month.set(r.date, [...(month.get(r.date) ?? []), r]);
    app.store.sql.prepare("DELETE FROM DailyUsage WHERE date > ?").run(START);
  }
}, 120_000);
afterAll(async () => {
  await inc.store.close();
  await full.store.close();
});

/** The same writes on both stores. */
function onBoth(work: (sql: SqliteDatabase) => void): void {
  for (const app of [inc, full]) app.store.sql.transaction(() => work(app.store.sql))();
}

function insertRows(sql: SqliteDatabase, rows: readonly UsageRow[]): void {
  const insert = sql.prepare(
    `INSERT INTO DailyUsage (customerId, date, calls, callMinutes, dataMb, spend, competitorHotlineSeconds, forwardedToCompetitor)
     VALUES (@customerId, @date, @calls, @callMinutes, @dataMb, @spend, @competitorHotlineSeconds, @forwardedToCompetitor)`,
  );
  for (const r of rows) insert.run(r);
}

/** Customers whose rows of a day arrive two days late. */
const isLate = (customerId: string, day: string) =>
  (customerId.charCodeAt(customerId.length - 1) + Number(day.slice(8))) % 6 === 0;

function snapshot(app: App, day: string) {
  const sql = app.store.sql;
  return {
    warnings: sql
      .prepare(
        "SELECT customerId, code, level, evidence, stage, doNotChase FROM Warning WHERE day = ? ORDER BY customerId, code",
      )
      .all(day),
    ranks: sql
      .prepare(
        "SELECT customerId, managerId, priority, doNotChase FROM WarningRank WHERE day = ? ORDER BY customerId",
      )
      .all(day),
    aggregates: sql.prepare("SELECT * FROM UsageAggregate WHERE asOf = ? ORDER BY customerId").all(day),
  };
}

/** Day-by-day writes of the month: what arrives, and what is corrected, on day d. */
function arrive(day: string): void {
  const today = month.get(day) ?? [];
  const twoDaysAgo = month.get(addDays(day, -2)) ?? [];
  onBoth((sql) => {
    insertRows(sql, [
      ...today.filter((r) => !isLate(r.customerId, day)),
      ...twoDaysAgo.filter((r) => isLate(r.customerId, r.date)),
    ]);
    // Corrections to rows the aggregates already counted: in the recent window, in the baseline,
    // a call taken away, forwarding and a hotline call added.
    const n = Number(day.slice(8));
    sql
      .prepare(
        `UPDATE DailyUsage SET spend = round(spend * 0.4, 2), calls = 0, forwardedToCompetitor = 1,
           competitorHotlineSeconds = 200 + ?
         WHERE date IN (?, ?) AND (abs(random()) % 1) = 0 AND substr(customerId, -1) = ?`,
      )
      .run(n, addDays(day, -3), addDays(day, -45), String(n % 10));
  });
}

describe("incremental daily job", { timeout: 300_000 }, () => {
  it("equals a full rebuild every day of a month with late, corrected and re-imported rows", () => {
    const stats: MaterialiseStats[] = [];
    let checkedDays = 0;
    for (let day = addDays(START, 1); day <= END; day = addDays(day, 1)) {
      arrive(day);
      if (day === addDays(START, 8)) {
        // A whole day re-imported with new values (every row of it updated).
        onBoth((sql) =>
          sql
            .prepare(
              "UPDATE DailyUsage SET dataMb = round(dataMb * 0.3, 2), spend = spend + 1 WHERE date = ?",
            )
            .run(addDays(day, -12)),
        );
      }
      if (day === addDays(START, 12)) {
        // A new customer, with 40 days of back-dated usage; another customer's join date corrected.
        onBoth((sql) => {
          const model = sql
            .prepare("SELECT * FROM Customer WHERE status = 'active' ORDER BY id LIMIT 1")
            .get() as Record<string, unknown>;
          sql
            .prepare(
              `INSERT INTO Customer (id, name, phone, managerId, segment, vipLevel, arpu, joinDate, status)
               VALUES ('NEW-1', '新客户', '13800000000', ?, 'personal', 'gold', 88, ?, 'active')`,
            )
            .run(model.managerId, addDays(day, -40));
          insertRows(
            sql,
            Array.from({ length: 40 }, (_, i) => ({
              customerId: "NEW-1",
              date: addDays(day, -39 + i),
              calls: i < 30 ? 3 : 0,
              callMinutes: 9,
              dataMb: 500,
              spend: i < 20 ? 6.5 : 1.25,
              competitorHotlineSeconds: 0,
              forwardedToCompetitor: 0,
            })),
          );
          sql
            .prepare(
              "UPDATE Customer SET joinDate = ? WHERE id = (SELECT id FROM Customer ORDER BY id LIMIT 1 OFFSET 7)",
            )
            .run(addDays(day, -20));
        });
      }
      if (day === addDays(START, 20)) continue; // no run that day: the next one moves two days
      if (day === addDays(START, 25)) {
        // A run killed midway (its aggregates of the first page written, the day not completed).
        expect(() =>
          materialiseWarnings(inc.store.sql, day, inc.rules, {
            pageSize: PAGE,
            onPage: () => {
              throw new Error("killed");
            },
          }),
        ).toThrow("killed");
      }
      const a = materialiseWarnings(inc.store.sql, day, inc.rules, { pageSize: PAGE });
      const b = materialiseWarnings(full.store.sql, day, full.rules, { pageSize: PAGE, rebuild: true });
      stats.push(a);
      expect(b.mode).toBe("full");
      const left = snapshot(inc, day);
      const right = snapshot(full, day);
      expect(left.aggregates.length, day).toBe(b.customers);
      expect(left.aggregates, day).toEqual(right.aggregates);
      expect(left.warnings, day).toEqual(right.warnings);
      expect(left.ranks, day).toEqual(right.ranks);
      checkedDays += 1;
    }
    expect(checkedDays).toBe(29);
    const first = stats[0]!;
    expect(first).toMatchObject({ mode: "full", fullReason: "no_aggregates" });
    const later = stats.slice(1);
    expect(later.every((s) => s.mode === "incremental")).toBe(true);
    // Most customers were folded from the day before, reading a few rows each, not recomputed —
    // except after the re-imported day, when every customer's rows had changed.
    const reimported = addDays(START, 8);
    const afterReimport = stats.find((s) => s.day === reimported)!;
    expect(afterReimport.recomputed).toBeGreaterThan(afterReimport.customers * 0.9);
    for (const s of later.filter((s) => s.day !== reimported)) {
      expect(s.folded).toBeGreaterThan(s.recomputed);
      expect(s.rowsFolded).toBeLessThan(s.folded * 8);
    }
    // The warnings are not trivial: there was something to get wrong.
    expect(snapshot(full, END).warnings.length).toBeGreaterThan(20);
  });
});
