/**
 * A new competitor hotline day for a customer warned for competitor_hotline already does not get the
 * customer judged: their codes, levels, stage and priority stay, so their rows are carried over
 * and the row's figures — how many days over the limit, the longest, the last day — are rewritten
 * from the stored marks in SQL (src/store/warning-carry-over.ts). A customer without the warning
 * who gets a hotline day is judged (the warning is new). Nor does an old mark leaving the window
 * while a newer one stays (decision 035): the fold in SQL drops it and the carried row's figures
 * follow; the newest leaving (the warning ends) gets the customer judged, and so does a mark leaving
 * for a customer without a usage row on D (not moved in SQL). The day must equal a rebuild field
 * for field, and so must the same day run again.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG, type RulesConfig } from "../../src/domain/rules-config.js";
import { judgeAndFinishHere, materialiseWarnings, planRun } from "../../src/services/warnings/materialise.js";
import { movedDays } from "../../src/services/warnings/stream-inputs.js";
import { beginRun } from "../../src/services/warnings/warning-runs.js";
import type { SqliteDatabase } from "../../src/store/database.js";
import { demoAppPerFile } from "../setup/demo-app-per-file.js";
import { holdBackUsage } from "../setup/held-back-usage.js";
import { quietCustomers } from "../setup/quiet-customers.js";
import { warningDaySnapshot } from "../setup/warning-snapshot.js";

const D = "2026-06-30";
const P = addDays(D, -1);
const app = demoAppPerFile({ seed: 13, asOf: D, customers: 150, days: 130 });

/** The warning codes of a customer on a day. */
const codesOn = (sql: SqliteDatabase, day: string, customerId: string | undefined) =>
  sql
    .prepare("SELECT code FROM Warning WHERE day = ? AND customerId = ? ORDER BY code")
    .pluck()
    .all(day, customerId);

/** Plans D's run judging a set on one connection; returns it with which of `customers` it judges. */
function planD(sql: SqliteDatabase, rules: RulesConfig, customers: readonly (string | undefined)[]) {
  const started = performance.now();
  const run = beginRun(sql, D);
  const plan = planRun(sql, D, rules, run, { judgeAllShare: Number.POSITIVE_INFINITY, foldConnections: 1 });
  expect(plan).toMatchObject({ mode: "incremental", judge: "set" });
  const judged = sql
    .prepare(
      `SELECT customerId FROM WarningJudgeSet WHERE runId = ? AND customerId IN (SELECT value FROM json_each(?))
       ORDER BY customerId`,
    )
    .pluck()
    .all(run.id, JSON.stringify(customers));
  return { judged, finish: () => judgeAndFinishHere(sql, D, rules, run, plan, started) };
}

describe("incremental day, a hotline day for a customer warned for it", { timeout: 120_000 }, () => {
  it("carries the row with the marks' new figures, judges a customer without it, and equals a rebuild", () => {
    const sql = app().store.sql;
    const rules = app().rules;
    // The rows dated after P arrive after P's run, as they do every day.
    const heldBack = holdBackUsage(sql, "after", P);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    const [longer, shorter, fresh] = quietCustomers(sql, P, addDays(P, -3));
    expect(fresh).toBeDefined();
    const seconds = sql.prepare(
      "UPDATE DailyUsage SET competitorHotlineSeconds = ? WHERE customerId = ? AND date = ?",
    );
    seconds.run(600, longer, addDays(P, -2));
    seconds.run(900, shorter, addDays(P, -3));
    seconds.run(300, shorter, addDays(P, -1));
    const onD = sql.prepare(
      "UPDATE temp.HeldBack SET competitorHotlineSeconds = ? WHERE customerId = ? AND date = ?",
    );
    onD.run(900, longer, D);
    onD.run(700, shorter, D);
    onD.run(800, fresh, D);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    expect(codesOn(sql, P, longer)).toEqual(["competitor_hotline"]);
    expect(codesOn(sql, P, shorter)).toEqual(["competitor_hotline"]);
    expect(codesOn(sql, P, fresh)).toEqual([]);

    heldBack.arrive();
    const day = planD(sql, rules, [longer, shorter, fresh]);
    expect(day.judged).toEqual([fresh]);
    day.finish();

    const evidenceOf = (customerId: string | undefined) =>
      JSON.parse(
        sql
          .prepare(
            "SELECT evidence FROM Warning WHERE day = ? AND customerId = ? AND code = 'competitor_hotline'",
          )
          .pluck()
          .get(D, customerId) as string,
      );
    expect(evidenceOf(longer).params).toEqual({ withinDays: 7, daysOver: 2, maxSeconds: 900, lastDay: D });
    expect(evidenceOf(shorter).params).toEqual({ withinDays: 7, daysOver: 3, maxSeconds: 900, lastDay: D });
    expect(evidenceOf(fresh).params).toEqual({ withinDays: 7, daysOver: 1, maxSeconds: 800, lastDay: D });
    const incremental = warningDaySnapshot(sql, D);

    // The same day again (its rows staged before the swap, gap 0): nothing moves.
    expect(materialiseWarnings(sql, D, rules).mode).toBe("incremental");
    expect(warningDaySnapshot(sql, D)).toEqual(incremental);

    expect(materialiseWarnings(sql, D, rules, { rebuild: true }).mode).toBe("full");
    const rebuilt = warningDaySnapshot(sql, D);
    expect(incremental.warnings).toEqual(rebuilt.warnings);
    expect(incremental.aggregates).toEqual(rebuilt.aggregates);
    expect(incremental.ranks).toEqual(rebuilt.ranks);
    expect(incremental).toEqual(rebuilt);
  });

  it("drops a mark leaving the window in SQL, carries the row, and judges when the last one leaves", () => {
    const sql = app().store.sql;
    const rules = app().rules;
    expect(rules.signals.competitorHotline.withinDays).toBe(
      DEFAULT_RULES_CONFIG.signals.competitorHotline.withinDays,
    );
    const heldBack = holdBackUsage(sql, "after", P);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    // P's window is P-6..P, D's P-5..D: a mark on P-6 leaves it on D.
    const leaving = addDays(P, -6);
    const [twoMarks, lastMark, noRowOnD, nothingElse] = quietCustomers(sql, P, addDays(P, -3));
    expect(nothingElse).toBeDefined();
    const seconds = sql.prepare(
      "UPDATE DailyUsage SET competitorHotlineSeconds = ? WHERE customerId = ? AND date = ?",
    );
    seconds.run(900, twoMarks, leaving);
    seconds.run(400, twoMarks, addDays(P, -2));
    seconds.run(500, lastMark, leaving);
    seconds.run(700, noRowOnD, leaving);
    seconds.run(200, noRowOnD, addDays(P, -1));
    seconds.run(650, nothingElse, leaving);
    seconds.run(350, nothingElse, addDays(P, -4));
    // Nothing else moves for this one: no spend, data or call on the days that change windows.
    for (const day of movedDays(P, D, rules)) {
      const table = day > P ? "temp.HeldBack" : "DailyUsage";
      sql
        .prepare(`UPDATE ${table} SET spend = 0, dataMb = 0, calls = 0 WHERE customerId = ? AND date = ?`)
        .run(nothingElse, day);
    }
    // No new mark on D: only marks leaving.
    for (const customer of [twoMarks, lastMark, nothingElse])
      sql.prepare("UPDATE temp.HeldBack SET competitorHotlineSeconds = 0 WHERE customerId = ?").run(customer);
    sql.prepare("DELETE FROM temp.HeldBack WHERE customerId = ? AND date = ?").run(noRowOnD, D);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    for (const customer of [twoMarks, lastMark, noRowOnD, nothingElse])
      expect(codesOn(sql, P, customer)).toEqual(["competitor_hotline"]);

    heldBack.arrive();
    const day = planD(sql, rules, [twoMarks, lastMark, noRowOnD, nothingElse]);
    expect(day.judged).toEqual([lastMark, noRowOnD].sort());
    const marks = (customerId: string | undefined) =>
      sql.prepare("SELECT hotlineDays FROM UsageAggregate WHERE customerId = ?").pluck().get(customerId);
    // Moved in SQL, the mark that left dropped.
    expect(marks(twoMarks)).toBe(`${addDays(P, -2)}:400`);
    expect(marks(nothingElse)).toBe(`${addDays(P, -4)}:350`);
    day.finish();

    const paramsOf = (customerId: string | undefined) =>
      JSON.parse(
        (sql
          .prepare(
            "SELECT evidence FROM Warning WHERE day = ? AND customerId = ? AND code = 'competitor_hotline'",
          )
          .pluck()
          .get(D, customerId) as string | undefined) ?? "null",
      )?.params;
    expect(paramsOf(twoMarks)).toEqual({
      withinDays: 7,
      daysOver: 1,
      maxSeconds: 400,
      lastDay: addDays(P, -2),
    });
    expect(paramsOf(nothingElse)).toEqual({
      withinDays: 7,
      daysOver: 1,
      maxSeconds: 350,
      lastDay: addDays(P, -4),
    });
    expect(paramsOf(noRowOnD)).toEqual({
      withinDays: 7,
      daysOver: 1,
      maxSeconds: 200,
      lastDay: addDays(P, -1),
    });
    expect(codesOn(sql, D, lastMark)).toEqual([]);
    const incremental = warningDaySnapshot(sql, D);

    expect(materialiseWarnings(sql, D, rules).mode).toBe("incremental");
    expect(warningDaySnapshot(sql, D)).toEqual(incremental);

    expect(materialiseWarnings(sql, D, rules, { rebuild: true }).mode).toBe("full");
    expect(incremental).toEqual(warningDaySnapshot(sql, D));
  });
});
