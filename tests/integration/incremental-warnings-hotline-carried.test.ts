/**
 * A new competitor hotline day for a customer warned for competitor_hotline already does not get the
 * customer judged: their codes, levels, stage and priority stay, so their rows are carried over
 * and the row's figures — how many days over the limit, the longest, the last day — are rewritten
 * from the stored marks in SQL (src/store/warning-carry-over.ts). A customer without the warning
 * who gets a hotline day is judged (the warning is new). The day must equal a rebuild field for
 * field, and so must the same day run again.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates.js";
import { judgeAndFinishHere, materialiseWarnings, planRun } from "../../src/services/warnings/materialise.js";
import { beginRun } from "../../src/services/warnings/warning-runs.js";
import { demoAppPerFile } from "../setup/demo-app-per-file.js";
import { holdBackUsage } from "../setup/held-back-usage.js";
import { quietCustomers } from "../setup/quiet-customers.js";
import { warningDaySnapshot } from "../setup/warning-snapshot.js";

const D = "2026-06-30";
const P = addDays(D, -1);
const app = demoAppPerFile({ seed: 13, asOf: D, customers: 150, days: 130 });

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
    const codesOn = (day: string, customerId: string | undefined) =>
      sql.prepare("SELECT code FROM Warning WHERE day = ? AND customerId = ?").pluck().all(day, customerId);
    expect(codesOn(P, longer)).toEqual(["competitor_hotline"]);
    expect(codesOn(P, shorter)).toEqual(["competitor_hotline"]);
    expect(codesOn(P, fresh)).toEqual([]);

    heldBack.arrive();
    const started = performance.now();
    const run = beginRun(sql, D);
    const plan = planRun(sql, D, rules, run, { judgeAllShare: Number.POSITIVE_INFINITY, foldConnections: 1 });
    expect(plan).toMatchObject({ mode: "incremental", judge: "set" });
    const judged = sql
      .prepare("SELECT customerId FROM WarningJudgeSet WHERE runId = ? AND customerId IN (?, ?, ?)")
      .pluck()
      .all(run.id, longer, shorter, fresh);
    expect(judged).toEqual([fresh]);
    judgeAndFinishHere(sql, D, rules, run, plan, started);

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
});
