/**
 * The incremental day moves most customers' usage aggregates in SQL (src/store/usage-aggregate-fold.ts)
 * and judges in JavaScript only those whose judgement can change. Each case below changes one
 * customer's usage in a way only one of the fold's rules catches — a call ending a zero-call streak,
 * a fifth forwarded day in a row, a day on the competitor's hotline, a day dropping the spend to
 * nothing — next to a row that arrived late and a corrected one; the day must equal a rebuild of the
 * same day field for field, and the changes must show in the rows (so there was something to miss).
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import type { SqliteDatabase } from "../../src/store/database.js";
import { demoAppPerFile } from "../setup/demo-app-per-file.js";
import { holdBackUsage } from "../setup/held-back-usage.js";
import { quietCustomers } from "../setup/quiet-customers.js";
import { warningDaySnapshot } from "../setup/warning-snapshot.js";

const D = "2026-06-30";
const P = addDays(D, -1);
const app = demoAppPerFile({ seed: 3, asOf: D, customers: 150, days: 130 });

const codesOn = (sql: SqliteDatabase, day: string, customerId: string) =>
  sql
    .prepare("SELECT code FROM Warning WHERE day = ? AND customerId = ? ORDER BY code")
    .pluck()
    .all(day, customerId);

describe("incremental day with the aggregates moved in SQL", { timeout: 120_000 }, () => {
  it("judges every customer whose moved usage changes a warning, and equals a rebuild", () => {
    const sql = app().store.sql;
    // D's rows arrive after P's run, as they do every day.
    const heldBack = holdBackUsage(sql, "on", D);
    materialiseWarnings(sql, P, app().rules, { rebuild: true });
    const [forwarder, hotliner, zeroSpender, lateOne, corrected] = quietCustomers(sql, P, addDays(P, -3));
    const silent = sql
      .prepare("SELECT customerId FROM Warning WHERE day = ? AND code = 'zero_call_days' ORDER BY customerId")
      .pluck()
      .get(P) as string;
    expect([forwarder, hotliner, zeroSpender, lateOne, corrected, silent].every(Boolean)).toBe(true);

    // Before P's run: four forwarded days up to P (no signal yet), nothing spent since D-29, and a
    // row that will arrive late (not there for P's run).
    sql
      .prepare(
        "UPDATE DailyUsage SET forwardedToCompetitor = 1 WHERE customerId = ? AND date BETWEEN ? AND ?",
      )
      .run(forwarder, addDays(P, -3), P);
    sql
      .prepare("UPDATE DailyUsage SET spend = 0 WHERE customerId = ? AND date > ?")
      .run(zeroSpender, addDays(D, -30));
    const lateDay = addDays(P, -4);
    const lateRow = sql
      .prepare("SELECT * FROM DailyUsage WHERE customerId = ? AND date = ?")
      .get(lateOne, lateDay);
    sql.prepare("DELETE FROM DailyUsage WHERE customerId = ? AND date = ?").run(lateOne, lateDay);
    materialiseWarnings(sql, P, app().rules, { rebuild: true });
    expect(codesOn(sql, P, forwarder!)).toEqual([]);
    expect(codesOn(sql, P, hotliner!)).toEqual([]);
    expect(codesOn(sql, P, silent)).toContain("zero_call_days");

    // D's rows arrive: a fifth forwarded day, a long call to the competitor's hotline, a call ending
    // a zero-call streak, nothing spent again; the late row (worth nine times what it was) with them.
    const onD = sql.prepare(
      "UPDATE temp.HeldBack SET calls = ?, forwardedToCompetitor = ?, competitorHotlineSeconds = ? WHERE customerId = ?",
    );
    onD.run(4, 1, 0, forwarder);
    onD.run(4, 0, 600, hotliner);
    onD.run(5, 0, 0, silent);
    sql.prepare("UPDATE temp.HeldBack SET spend = 0 WHERE customerId = ?").run(zeroSpender);
    heldBack.arrive();
    const late = { ...(lateRow as Record<string, unknown>) };
    late.spend = Number(late.spend) * 9 + 1;
    const columns = Object.keys(late);
    sql
      .prepare(
        `INSERT INTO DailyUsage (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`,
      )
      .run(late);
    // A row P counted is corrected.
    sql
      .prepare("UPDATE DailyUsage SET dataMb = 0 WHERE customerId = ? AND date BETWEEN ? AND ?")
      .run(corrected, addDays(P, -20), P);

    const inc = materialiseWarnings(sql, D, app().rules, { judgeAllShare: Number.POSITIVE_INFINITY });
    expect(inc.mode).toBe("incremental");
    // Most customers were moved in SQL and not judged: their rows were carried over.
    expect(inc.judged).toBeLessThan(inc.customers / 2);
    expect(inc.carriedRows).toBeGreaterThan(0);
    const incremental = warningDaySnapshot(sql, D);
    const changes = {
      forwarder: codesOn(sql, D, forwarder!),
      hotliner: codesOn(sql, D, hotliner!),
      silent: codesOn(sql, D, silent),
      zeroSpender: codesOn(sql, D, zeroSpender!),
    };
    const full = materialiseWarnings(sql, D, app().rules, { rebuild: true });
    expect(full.mode).toBe("full");
    const rebuilt = warningDaySnapshot(sql, D);
    expect(incremental.aggregates).toEqual(rebuilt.aggregates);
    expect(incremental.warnings).toEqual(rebuilt.warnings);
    expect(incremental.ranks).toEqual(rebuilt.ranks);
    expect(changes.forwarder).toContain("call_forwarding");
    expect(changes.hotliner).toContain("competitor_hotline");
    expect(changes.silent).not.toContain("zero_call_days");
    expect(changes.zeroSpender).toContain("zero_spend_month");
  });
});
