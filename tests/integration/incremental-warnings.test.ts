/**
 * The incremental daily job equals a full rebuild, field for field, over a generated month: two
 * stores get the same usage day by day — most rows on time, some days late, corrected rows, a
 * whole day re-imported with new values, a new customer with back-dated rows, a changed join date,
 * a skipped day and a run killed midway — and the same bills, events and profile changes (a bill
 * added, one falling due, one paid, a complaint, an event deleted, a VIP level, a suspension, a
 * customer leaving and coming back); one store runs the job incrementally, the other with
 * `rebuild`. A fifth of the customers use the line only every tenth day, so on most days nothing of
 * theirs changes and the incremental run carries their rows over — one of them crosses the contract
 * threshold with no new input. Every day the Warning and WarningRank rows and the usage aggregates
 * (but for the day and run that last computed them) must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { addDays } from "../../src/domain/dates.js";
import { type MaterialiseStats, materialiseWarnings } from "../../src/services/warnings/materialise.js";
import type { SqliteDatabase } from "../../src/store/database.js";
import { createTestApp } from "../setup/test-app.js";
import { warningDaySnapshot } from "../setup/warning-snapshot.js";

const END = "2026-06-30";
const START = addDays(END, -30);
const CUSTOMERS = 120;
const PAGE = 40;
/** Customers whose usage exists only on days 10, 20 and 30 of a month (and every group customer). */
const groupCustomers = new Set<string>();
const isSparse = (customerId: string) => /[37]$/.test(customerId) || groupCustomers.has(customerId);
const sparseDay = (date: string) => date.endsWith("0");
/** The sparse customer whose contract enters the 60-day window on CONTRACT_DAY, nothing else new. */
const CONTRACT_DAY = addDays(START, 15);
let contractCustomer = "";
/** The customer who leaves on day 17 and comes back on day 23. */
let leaver = "";
/** Members moved out of a flagged group on day 13, a quiet day for sparse customers (both stores). */
let movedMembers = 0;
/** Ranked customers handed to another manager (their rows would otherwise be carried as they were). */
let handedOver = 0;

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
    for (const id of app.store.sql.prepare("SELECT id FROM Customer WHERE segment = 'group'").pluck().all())
      groupCustomers.add(id as string);
    const rows = app.store.sql
      .prepare("SELECT * FROM DailyUsage WHERE date > ? ORDER BY date, customerId")
      .all(START) as UsageRow[];
    if (app === inc)
      for (const r of rows)
        if (!isSparse(r.customerId) || sparseDay(r.date))
          month.set(r.date, [...(month.get(r.date) ?? []), r]);
    const sql = app.store.sql;
    sql.prepare("DELETE FROM DailyUsage WHERE date > ?").run(START);
    sql.function("is_sparse", (id: unknown) => (isSparse(String(id)) ? 1 : 0));
    sql.prepare("DELETE FROM DailyUsage WHERE is_sparse(customerId) AND substr(date, -1) != '0'").run();
    contractCustomer = sql
      .prepare(
        "SELECT id FROM Customer WHERE status = 'active' AND is_sparse(id) AND segment = 'personal' ORDER BY id LIMIT 1",
      )
      .pluck()
      .get() as string;
    sql
      .prepare("UPDATE Customer SET contractEnd = ? WHERE id = ?")
      .run(addDays(CONTRACT_DAY, 60), contractCustomer);
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

const snapshot = (app: App, day: string) => warningDaySnapshot(app.store.sql, day);

/** The n-th current sparse customer (by id) of a segment. */
function sparseCustomer(sql: SqliteDatabase, n: number): string {
  return sql
    .prepare(
      "SELECT id FROM Customer WHERE status = 'active' AND segment = 'personal' AND substr(id, -1) IN ('3', '7') ORDER BY id LIMIT 1 OFFSET ?",
    )
    .pluck()
    .get(n) as string;
}

/** Bills, events and profiles changed on some days of the month, the same on both stores. */
function changeInputs(day: string): void {
  const at = (n: number) => day === addDays(START, n);
  onBoth((sql) => {
    if (at(5)) {
      // One bill already overdue, one falling due in five days (nothing arrives then).
      const bill = sql.prepare("INSERT INTO Bill (customerId, month, amount, dueDate) VALUES (?, ?, ?, ?)");
      bill.run(sparseCustomer(sql, 2), "2026-09", 88.5, addDays(day, -2));
      bill.run(sparseCustomer(sql, 3), "2026-09", 42.25, addDays(day, 5));
    }
    if (at(9))
      sql
        .prepare("UPDATE Bill SET paidDate = ? WHERE month = '2026-09' AND customerId = ?")
        .run(day, sparseCustomer(sql, 2));
    if (at(14)) {
      sql
        .prepare("INSERT INTO Event (customerId, date, type, note) VALUES (?, ?, 'complaint', '')")
        .run(sparseCustomer(sql, 4), addDays(day, -1));
      sql
        .prepare("DELETE FROM Event WHERE id = (SELECT MAX(id) FROM Event WHERE date >= ?)")
        .run(addDays(day, -20));
    }
    if (at(17)) {
      sql
        .prepare("UPDATE Customer SET vipLevel = 'diamond', arpu = 180 WHERE id = ?")
        .run(sparseCustomer(sql, 5));
      sql.prepare("UPDATE Customer SET status = 'suspended' WHERE id = ?").run(sparseCustomer(sql, 6));
      leaver = sparseCustomer(sql, 7);
      sql.prepare("UPDATE Customer SET status = 'left' WHERE id = ?").run(leaver);
    }
    if (at(13))
      // A group with the group signal loses every member (moved out): nothing else of its changes.
      movedMembers += sql
        .prepare(
          `UPDATE Customer SET groupId = NULL WHERE groupId = (SELECT customerId FROM Warning
             WHERE code = 'group_bulk_anomaly' ORDER BY day DESC, customerId LIMIT 1)`,
        )
        .run().changes;
    if (at(23)) sql.prepare("UPDATE Customer SET status = 'active' WHERE id = ?").run(leaver);
    if (at(11))
      // Sparse customers on yesterday's list, on a quiet day for them, handed to another manager.
      handedOver += sql
        .prepare(
          `UPDATE Customer SET managerId = (SELECT id FROM Manager WHERE id != Customer.managerId ORDER BY id LIMIT 1)
           WHERE id IN (SELECT customerId FROM WarningRank WHERE day = ? AND modelOnly = 0
             AND is_sparse(customerId) ORDER BY customerId LIMIT 3)`,
        )
        .run(addDays(day, -1)).changes;
  });
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
    let judgeOnBefore = "";
    for (let day = addDays(START, 1); day <= END; day = addDays(day, 1)) {
      arrive(day);
      changeInputs(day);
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
      // Always through the judge set, however many changed (by default a run judges everyone when
      // most did: parallel-warnings.test.ts).
      const a = materialiseWarnings(inc.store.sql, day, inc.rules, {
        pageSize: PAGE,
        judgeAllShare: Number.POSITIVE_INFINITY,
      });
      const b = materialiseWarnings(full.store.sql, day, full.rules, { pageSize: PAGE, rebuild: true });
      stats.push(a);
      expect(b.mode).toBe("full");
      const left = snapshot(inc, day);
      const right = snapshot(full, day);
      expect(left.aggregates.length, day).toBe(b.customers);
      expect(left.aggregates, day).toEqual(right.aggregates);
      expect(left.warnings, day).toEqual(right.warnings);
      // Runs go on from the day before (none on the first day, nor after the day without a run),
      // and start on the day.
      const since = (left.warnings as { sinceDay: string }[]).map((w) => w.sinceDay);
      const runOn = since.filter((s) => s < day).length;
      if (day === addDays(START, 1) || day === addDays(START, 21)) expect(runOn, day).toBe(0);
      else expect(runOn, day).toBeGreaterThan(0);
      expect(
        since.filter((s) => s > day),
        day,
      ).toEqual([]);
      expect(left.ranks, day).toEqual(right.ranks);
      checkedDays += 1;
      if (day === addDays(CONTRACT_DAY, -1))
        judgeOnBefore = inc.store.sql
          .prepare("SELECT judgeOn FROM UsageAggregate WHERE customerId = ?")
          .pluck()
          .get(contractCustomer) as string;
    }
    expect(checkedDays).toBe(29);
    expect(movedMembers).toBeGreaterThan(0);
    expect(handedOver).toBe(6); // three on each store
    const first = stats[0]!;
    expect(first).toMatchObject({ mode: "full", fullReason: "no_aggregates" });
    const later = stats.slice(1);
    expect(later.every((s) => s.mode === "incremental")).toBe(true);
    // Most customers were folded from the day before, reading a few rows each, not recomputed —
    // except after the re-imported day, when every customer's rows had changed.
    const reimported = addDays(START, 8);
    const afterReimport = stats.find((s) => s.day === reimported)!;
    expect(afterReimport.recomputed).toBeGreaterThan(afterReimport.customers * 0.7);
    const killed = addDays(START, 25);
    for (const s of later.filter((s) => s.day !== reimported && s.day !== killed)) {
      expect(s.folded).toBeGreaterThan(s.recomputed);
      expect(s.rowsFolded).toBeLessThan(s.folded * 8);
    }
    // On days when no sparse row enters or leaves a window the sparse customers are not judged:
    // their rows are carried over.
    const quiet = later.filter((s) => s.judged < s.customers * 0.9);
    expect(quiet.length).toBeGreaterThan(12);
    for (const s of quiet) expect(s.carriedRows, s.day).toBeGreaterThan(0);
    // The contract threshold was crossed with nothing new for that customer: judged from its stored day.
    const contractRows = (day: string) =>
      inc.store.sql
        .prepare(
          "SELECT evidence FROM Warning WHERE day = ? AND customerId = ? AND code = 'contract_expiring'",
        )
        .pluck()
        .all(day, contractCustomer);
    expect(contractRows(addDays(CONTRACT_DAY, -1))).toEqual([]);
    expect(contractRows(CONTRACT_DAY)).toEqual([
      JSON.stringify({
        key: "contract_expiring",
        params: { contractEnd: addDays(CONTRACT_DAY, 60), daysLeft: 60 },
      }),
    ]);
    expect(judgeOnBefore).toBe(CONTRACT_DAY);
    expect(contractRows(END)).toHaveLength(1);
    // The warnings are not trivial: there was something to get wrong.
    expect(snapshot(full, END).warnings.length).toBeGreaterThan(20);
  });
});
