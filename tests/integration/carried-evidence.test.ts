/**
 * A carried-over spend_drop, data_drop or zero_spend_month row gets its figures from the customer's
 * moved aggregates in SQL (carryOverRows, src/store/warning-carry-over.ts), and they must be the
 * rules' own, to the last character of the JSON: the same doubles (division order, JavaScript's
 * Math.round, round2) and the same text (no ".0" on whole numbers). Here thousands of random sums,
 * from a few fen to a hundred million yuan, and a few ties, are written as aggregates and carried
 * (a third of them for customers whose baseline tenure still grows);
 * every carried evidence must equal JSON.stringify of what the rule returns for those aggregates.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates.js";
import { dataDropRule } from "../../src/domain/signals/data-drop.js";
import { ruleWindows } from "../../src/domain/signals/index.js";
import { spendDropRule } from "../../src/domain/signals/spend-drop.js";
import type { SignalRule } from "../../src/domain/signals/types.js";
import { zeroSpendMonthRule } from "../../src/domain/signals/zero-spend-month.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { toSummary } from "../../src/services/warnings/rolling-aggregates.js";
import type { CustomerRow } from "../../src/services/warnings/store-rows.js";
import { judgedProfileOf } from "../../src/services/warnings/store-rows.js";
import { beginRun } from "../../src/services/warnings/warning-runs.js";
import { carryOverRows } from "../../src/store/warning-carry-over.js";
import { demoAppPerFile } from "../setup/demo-app-per-file.js";

const D = "2026-06-30";
const P = addDays(D, -1);
const app = demoAppPerFile({ seed: 9, asOf: D, customers: 60, days: 5 }, (a) => {
  materialiseWarnings(a.store.sql, P, a.rules, { rebuild: true });
});

/** A small deterministic generator (the test must fail the same way twice). */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

interface Sums {
  recentSpendFen: number;
  baselineSpendFen: number;
  recentDataCenti: number;
  baselineDataCenti: number;
}

/** Baseline and recent sums for which a drop rule holds: recent ≤ share × the baseline's per-window average. */
function dropSums(next: (n: number) => number, share: number, allowZero: boolean): [number, number] {
  const scale = [100, 10_000, 1_000_000, 100_000_000, 10_000_000_000][next(5)]!;
  const baseline = 3 + next(scale * 3);
  const most = Math.floor((baseline / 3) * share);
  const recent = allowZero ? next(most + 1) : 1 + next(Math.max(1, most));
  return [recent, baseline];
}

describe("carried evidence", { timeout: 120_000 }, () => {
  it("equals the rules' JSON for the moved sums, to the character", () => {
    const sql = app().store.sql;
    const rules = app().rules;
    const w = ruleWindows(D, rules);
    // Customers whose tenure fills both windows.
    const customers = sql
      .prepare(
        "SELECT id, managerId, segment, groupId, vipLevel, arpu, joinDate, contractEnd, status FROM Customer WHERE status = 'active' AND joinDate < ? ORDER BY id",
      )
      .all(w.history.from) as CustomerRow[];
    expect(customers.length).toBeGreaterThan(20);
    // A third of them joined inside the baseline window instead, with enough of it to judge a drop
    // by: their baseline is averaged over its days in their tenure on D (decision 025).
    const { baselineDays, minBaselineTenureDays } = rules.windows;
    for (const [i, c] of customers.entries()) {
      if (i % 3 !== 2) continue;
      const tenure = minBaselineTenureDays + ((i * 7) % (baselineDays - minBaselineTenureDays));
      c.joinDate = addDays(w.baseline.to, -(tenure - 1));
      sql.prepare("UPDATE Customer SET joinDate = ? WHERE id = ?").run(c.joinDate, c.id);
      sql.prepare("UPDATE UsageAggregate SET joinDate = ? WHERE customerId = ?").run(c.joinDate, c.id);
    }
    const next = random(12_345);
    // Ties of changePercent (−77.5 → −77, as Math.round does) and of round2 among the draws.
    const ties: Sums[] = [
      { recentSpendFen: 2_250, baselineSpendFen: 30_000, recentDataCenti: 2_250, baselineDataCenti: 30_000 },
      { recentSpendFen: 1, baselineSpendFen: 15, recentDataCenti: 0, baselineDataCenti: 15 },
      { recentSpendFen: 0, baselineSpendFen: 1_005, recentDataCenti: 5, baselineDataCenti: 1_000_000_005 },
    ];
    const setSums = sql.prepare(
      `UPDATE UsageAggregate SET recentSpendFen = @recentSpendFen, baselineSpendFen = @baselineSpendFen,
         recentDataCenti = @recentDataCenti, baselineDataCenti = @baselineDataCenti WHERE customerId = @id`,
    );
    const insertRow = sql.prepare(
      "INSERT INTO Warning (day, customerId, code, level, evidence, stage, doNotChase) VALUES (?, ?, ?, ?, ?, 'D', '[]')",
    );
    const insertRank = sql.prepare(
      "INSERT INTO WarningRank (day, customerId, managerId, priority, rulesPriority, doNotChase) VALUES (?, ?, ?, 10, 10, 0)",
    );
    const carried = sql.prepare("SELECT customerId, code, evidence FROM Warning WHERE day = ?");
    let compared = 0;
    for (let round = 0; round < 40; round++) {
      const expected = new Map<string, string>();
      sql.transaction(() => {
        sql.prepare("DELETE FROM Warning WHERE day = ?").run(P);
        sql.prepare("DELETE FROM WarningRank WHERE day = ?").run(P);
        for (const [i, c] of customers.entries()) {
          const zeroSpend = i % 2 === 0;
          const [recentSpendFen, baselineSpendFen] = dropSums(next, 0.6, zeroSpend);
          const [recentDataCenti, baselineDataCenti] = dropSums(next, 0.5, true);
          const sums =
            round === 0 && i < ties.length
              ? ties[i]!
              : {
                  recentSpendFen: zeroSpend ? 0 : recentSpendFen,
                  baselineSpendFen,
                  recentDataCenti,
                  baselineDataCenti,
                };
          setSums.run({ ...sums, id: c.id });
          const input = {
            customer: judgedProfileOf(c),
            usage: toSummary(
              { ...sums, lastCallDay: null, hotlineDays: null, forwardedDays: null },
              c.joinDate,
              w,
            ),
            bills: [],
            events: [],
          };
          const rulesOf: SignalRule[] = [spendDropRule, dataDropRule, zeroSpendMonthRule];
          for (const rule of rulesOf) {
            const signal = rule(input, D, rules);
            if (!signal) continue;
            const json = JSON.stringify(signal.evidence);
            // P's row has the same keys with other figures: the carry-over must write D's.
            const stale = JSON.parse(json) as { params: Record<string, unknown> };
            for (const key of Object.keys(stale.params))
              if (key !== "days" && key !== "baselineDays") stale.params[key] = 1.5;
            insertRow.run(P, c.id, signal.code, signal.level, JSON.stringify(stale));
            expected.set(`${c.id} ${signal.code}`, json);
          }
          insertRank.run(P, c.id, c.managerId);
        }
      })();
      const run = beginRun(sql, D);
      carryOverRows(
        sql,
        {
          runId: run.id,
          fromDay: P,
          day: D,
          gapDays: 1,
          windows: rules.windows,
          d: { historyFrom: w.history.from, recentFrom: w.recent.from },
        },
        { scored: false },
      );
      const got = carried.all(D) as { customerId: string; code: string; evidence: string }[];
      expect(got.length).toBe(expected.size);
      for (const row of got) {
        expect(row.evidence).toBe(expected.get(`${row.customerId} ${row.code}`));
        compared += 1;
      }
      sql.prepare("DELETE FROM Warning WHERE day = ?").run(D);
      sql.prepare("DELETE FROM WarningRank WHERE day = ?").run(D);
    }
    expect(compared).toBeGreaterThan(2_000);
  });
});
