/**
 * The days an incremental PostgreSQL run reads (decision 022): every day whose rows count
 * differently at D than at P is listed once, with the difference, and no other day — for gaps of
 * one to thirty days and windows short enough for the ranges to overlap.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../../../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG, type RulesConfig } from "../../../src/domain/rules-config.js";
import { usageWindowBounds as boundsOf } from "../../../src/services/warnings/load-inputs.js";
import { disjointRanges, movedDays } from "../../../src/store/usage-aggregates-postgres.js";

const withWindows = (recentDays: number, baselineDays: number): RulesConfig => ({
  ...DEFAULT_RULES_CONFIG,
  windows: { ...DEFAULT_RULES_CONFIG.windows, recentDays, baselineDays },
});

/** A day's bucket at `asOf`: recent, baseline, or neither. */
function bucket(config: RulesConfig, asOf: string, day: string) {
  const w = boundsOf(asOf, config);
  return {
    recent: day >= w.recentFrom && day <= asOf ? 1 : 0,
    baseline: day >= w.historyFrom && day < w.recentFrom ? 1 : 0,
  };
}

describe("movedDays", () => {
  for (const [recentDays, baselineDays] of [
    [30, 90],
    [7, 10],
    [3, 2],
  ] as const)
    it(`lists each day whose bucket changes once, with the change (windows ${recentDays}+${baselineDays})`, () => {
      const config = withWindows(recentDays, baselineDays);
      const p = "2026-06-10";
      for (const gap of [0, 1, 2, 5, 17, 30]) {
        const d = addDays(p, gap);
        const days = movedDays(boundsOf(p, config), boundsOf(d, config));
        expect(new Set(days.map((t) => t.day)).size).toBe(days.length);
        const listed = new Map(days.map((t) => [t.day, t]));
        for (let day = addDays(p, -(recentDays + baselineDays + 5)); day <= d; day = addDays(day, 1)) {
          const [at, was] = [bucket(config, d, day), bucket(config, p, day)];
          const change = { recent: at.recent - was.recent, baseline: at.baseline - was.baseline };
          const tag = listed.get(day);
          if (change.recent !== 0 || change.baseline !== 0)
            expect(tag, `${gap} ${day}`).toMatchObject(change);
          if (day > p && at.recent + at.baseline > 0) expect(tag?.fresh, `${gap} ${day}`).toBe(1);
          if (tag) expect(tag.fresh).toBe(day > p && at.recent + at.baseline > 0 ? 1 : 0);
        }
      }
    });
});

describe("disjointRanges", () => {
  it("merges overlapping and touching ranges and drops empty ones", () => {
    expect(
      disjointRanges([
        { from: "2026-06-05", to: "2026-06-08" },
        { from: "2026-06-01", to: "2026-06-03" },
        { from: "2026-06-03", to: "2026-06-04" },
        { from: "2026-06-07", to: "2026-06-10" },
        { from: "2026-06-20", to: "2026-06-20" },
      ]),
    ).toEqual([
      { from: "2026-06-01", to: "2026-06-04" },
      { from: "2026-06-05", to: "2026-06-10" },
    ]);
  });
});
