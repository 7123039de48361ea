/**
 * The incremental day moves the aggregates of the customers it judges in SQL too, when it can
 * (src/store/usage-aggregate-fold.ts, buildJudgeSet in src/store/warning-carry-over.ts); JavaScript
 * reads rows only for those the fold cannot move. Each case below is a judged customer on one side
 * of that line: a complaint on D (judged, moved in SQL), a hotline day, a forwarded day and a last
 * call leaving their windows, a row corrected on a customer with no row on the moved days (left to
 * JavaScript, and not to be marked as standing at D), a late joiner with rows before the join date
 * on the moved days (tenure still growing: counted by neither day, so left to JavaScript), and a
 * join date corrected after P's run (the aggregates were counted from the old one); and a newcomer
 * whose baseline reaches the days a drop is judged by on D, with nothing new but the calendar (its
 * judgeOn, src/services/warnings/next-judge-day.ts). Each
 * changes the aggregates or the rows when handled the wrong way; the day must equal a rebuild of
 * the same day field for field.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates.js";
import { ruleWindows } from "../../src/domain/signals/index.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { movedDays } from "../../src/services/warnings/stream-inputs.js";
import type { SqliteDatabase } from "../../src/store/database.js";
import { demoAppPerFile } from "../setup/demo-app-per-file.js";
import { holdBackUsage } from "../setup/held-back-usage.js";
import { quietCustomers } from "../setup/quiet-customers.js";
import { warningDaySnapshot } from "../setup/warning-snapshot.js";

const D = "2026-06-30";
/** Two days before D: a step of two days, so a threshold between them is found from judgeOn alone. */
const P = addDays(D, -2);
const app = demoAppPerFile({ seed: 5, asOf: D, customers: 150, days: 130 });

const aggregateOf = (sql: SqliteDatabase, customerId: string) =>
  sql.prepare("SELECT * FROM UsageAggregate WHERE customerId = ?").get(customerId) as Record<string, unknown>;

describe("incremental day, judged customers moved in SQL", { timeout: 120_000 }, () => {
  it("moves the judged customers it can, leaves the rest to JavaScript, and equals a rebuild", () => {
    const sql = app().store.sql;
    const rules = app().rules;
    const p = ruleWindows(P, rules);
    const moved = movedDays(P, D, rules);
    // The rows dated after P arrive after P's run, as they do every day.
    const heldBack = holdBackUsage(sql, "after", P);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    const picked = quietCustomers(sql, P, addDays(P, -3), addDays(P, -400));
    const [complainer, hotlineLeaver, forwardLeaver, callLeaver, corrected, lateJoiner, rejoined, newcomer] =
      picked;
    expect(picked.length).toBeGreaterThanOrEqual(8);

    // Before P's run: a hotline day on the first day of P's hotline window, a forwarded day on the
    // first of its history window, the last call on that day too (none after it, nor on D), no
    // row on the moved days for one customer, and a join date ten days before D for another (rows
    // before it stay, on the moved days among others).
    const set = sql.prepare(
      "UPDATE DailyUsage SET competitorHotlineSeconds = ?, forwardedToCompetitor = ? WHERE customerId = ? AND date = ?",
    );
    set.run(600, 0, hotlineLeaver, p.hotline.from);
    set.run(0, 1, forwardLeaver, p.history.from);
    sql
      .prepare("UPDATE DailyUsage SET calls = 0 WHERE customerId = ? AND date > ?")
      .run(callLeaver, p.history.from);
    sql
      .prepare("UPDATE DailyUsage SET calls = 3 WHERE customerId = ? AND date = ?")
      .run(callLeaver, p.history.from);
    sql.prepare("UPDATE temp.HeldBack SET calls = 0 WHERE customerId = ?").run(callLeaver);
    sql
      .prepare("DELETE FROM DailyUsage WHERE customerId = ? AND date IN (SELECT value FROM json_each(?))")
      .run(corrected, JSON.stringify(moved));
    sql.prepare("DELETE FROM temp.HeldBack WHERE customerId = ?").run(corrected);
    sql.prepare("UPDATE Customer SET joinDate = ? WHERE id = ?").run(addDays(D, -10), lateJoiner);
    // A newcomer (no row before joining) whose baseline has too few days to judge a drop by on P,
    // and enough on D: its spend fell from 10 a day to 0.5 (spend_drop from D on, with nothing new
    // but the calendar and sums that hold the rule either way).
    const { recentDays, minBaselineTenureDays } = rules.windows;
    const joined = addDays(D, -(recentDays + minBaselineTenureDays - 1));
    sql.prepare("UPDATE Customer SET joinDate = ? WHERE id = ?").run(joined, newcomer);
    sql.prepare("DELETE FROM DailyUsage WHERE customerId = ? AND date < ?").run(newcomer, joined);
    sql
      .prepare("UPDATE DailyUsage SET spend = CASE WHEN date > ? THEN 0.5 ELSE 10 END WHERE customerId = ?")
      .run(addDays(D, -recentDays), newcomer);
    sql.prepare("UPDATE temp.HeldBack SET spend = 0.5 WHERE customerId = ?").run(newcomer);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    expect(aggregateOf(sql, hotlineLeaver!).hotlineDays).toBe(`${p.hotline.from}:600`);
    expect(aggregateOf(sql, forwardLeaver!).forwardedDays).toBe(p.history.from);
    expect(aggregateOf(sql, callLeaver!).lastCallDay).toBe(p.history.from);
    const preJoin = sql
      .prepare(
        "SELECT COUNT(*) FROM DailyUsage WHERE customerId = ? AND date < ? AND date IN (SELECT value FROM json_each(?))",
      )
      .pluck()
      .get(lateJoiner, addDays(D, -10), JSON.stringify(moved));
    expect(preJoin).toBeGreaterThan(0);
    const codesOn = (day: string, customerId: string) =>
      sql.prepare("SELECT code FROM Warning WHERE day = ? AND customerId = ?").pluck().all(day, customerId);
    expect(codesOn(P, newcomer!)).not.toContain("spend_drop");

    // The held-back rows arrive; a complaint is logged on D; a row P counted is corrected; a join date is
    // corrected to fifty days before D (P's aggregates counted rows from the old one).
    heldBack.arrive();
    sql
      .prepare("INSERT INTO Event (customerId, date, type, note) VALUES (?, ?, 'complaint', 'billing')")
      .run(complainer, D);
    sql
      .prepare("UPDATE DailyUsage SET spend = spend + 7 WHERE customerId = ? AND date = ?")
      .run(corrected, addDays(P, -5));
    sql.prepare("UPDATE Customer SET joinDate = ? WHERE id = ?").run(addDays(D, -50), rejoined);

    const inc = materialiseWarnings(sql, D, rules, { judgeAllShare: Number.POSITIVE_INFINITY });
    expect(inc.mode).toBe("incremental");
    expect(inc.judged).toBeLessThan(inc.customers / 2);
    const incremental = warningDaySnapshot(sql, D);
    const complaint = sql
      .prepare("SELECT code FROM Warning WHERE day = ? AND customerId = ? AND code = 'complaint'")
      .pluck()
      .get(D, complainer);
    const full = materialiseWarnings(sql, D, rules, { rebuild: true });
    expect(full.mode).toBe("full");
    const rebuilt = warningDaySnapshot(sql, D);
    expect(incremental.aggregates).toEqual(rebuilt.aggregates);
    expect(incremental.warnings).toEqual(rebuilt.warnings);
    expect(incremental.ranks).toEqual(rebuilt.ranks);
    // Something changed for each of them between P and D.
    expect(complaint).toBe("complaint");
    expect(aggregateOf(sql, hotlineLeaver!).hotlineDays).toBeNull();
    expect(aggregateOf(sql, forwardLeaver!).forwardedDays).toBeNull();
    expect(aggregateOf(sql, callLeaver!).lastCallDay).toBeNull();
    expect(codesOn(D, newcomer!)).toContain("spend_drop");
  });
});
