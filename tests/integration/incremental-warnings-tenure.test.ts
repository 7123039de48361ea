/**
 * A customer who joined inside the history window has a baseline that grows by a day of tenure
 * every day, and the drop rules and the decline stage average the baseline over those days: the same
 * sums can start or stop a spend_drop from one day to the next. The incremental day no longer judges
 * such customers every day (decision 025): the fold compares P's outcome with D's in SQL with each
 * day's tenure (src/store/usage-aggregate-fold.ts), and the carry-over rewrites a held drop's figures
 * with D's tenure (src/store/warning-carry-over.ts). Three newcomers, 45 days of baseline on D: one
 * whose spend_drop starts on D as a big day moves into the baseline, one whose spend_drop ends on D
 * with no row on a moved day (only the tenure moved), and one whose spend_drop holds both days (its
 * figures move with the tenure); and one whose baseline becomes whole on D, ending its drop. The day
 * must equal a rebuild field for field.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import type { SqliteDatabase } from "../../src/store/database.js";
import { demoAppPerFile } from "../setup/demo-app-per-file.js";
import { quietCustomers } from "../setup/quiet-customers.js";
import { warningDaySnapshot } from "../setup/warning-snapshot.js";

const D = "2026-06-30";
const P = addDays(D, -1);
const app = demoAppPerFile({ seed: 6, asOf: D, customers: 150, days: 130 });

const spendDrop = (sql: SqliteDatabase, day: string, customerId: string) =>
  (
    sql
      .prepare("SELECT evidence FROM Warning WHERE day = ? AND customerId = ? AND code = 'spend_drop'")
      .pluck()
      .get(day, customerId) as string | undefined
  )?.toString() ?? null;

describe("incremental day, tenure still growing", { timeout: 120_000 }, () => {
  it("finds the drops that start, end or move with the tenure, and equals a rebuild", () => {
    const sql = app().store.sql;
    const rules = app().rules;
    // Joined 74 days before D: 45 days of baseline on D (from the join day to D-30), 44 on P.
    const joined = addDays(D, -74);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    const [starts, ends, holds, fills] = quietCustomers(sql, P, addDays(P, -3), addDays(P, -400));
    expect([starts, ends, holds, fills].every(Boolean)).toBe(true);
    const row = sql.prepare(
      `INSERT INTO DailyUsage (customerId, date, spend, dataMb, calls, forwardedToCompetitor, competitorHotlineSeconds)
       VALUES (?, ?, ?, 100, 1, 0, 0)`,
    );
    /** Rows from the join day: `baseline` a day up to D-31, `moving` on D-30, `recent` a day from D-29 (none on D when null). */
    const plant = (
      id: string,
      baseline: number,
      moving: number | null,
      recent: number,
      onD: boolean,
      join = joined,
    ) => {
      sql.prepare("UPDATE Customer SET joinDate = ? WHERE id = ?").run(join, id);
      sql.prepare("DELETE FROM DailyUsage WHERE customerId = ?").run(id);
      for (let day = join; day <= addDays(D, -31); day = addDays(day, 1)) row.run(id, day, baseline);
      if (moving !== null) row.run(id, addDays(D, -30), moving);
      for (let day = addDays(D, -29); day < D; day = addDays(day, 1)) row.run(id, day, recent);
      return onD ? () => row.run(id, D, recent) : () => undefined;
    };
    // P: 100 + 29 × 5 = 245 against 0.6 × 440 × 30 / 44 = 180, no drop; D: 150 against
    // 0.6 × 540 × 30 / 45 = 216, a drop (with the full window's 90 days it would be none either day).
    const startsOnD = plant(starts!, 10, 100, 5, true);
    // P: 29 × 6.1 = 176.9 ≤ 180, a drop; D: the same sums against 0.6 × 440 × 30 / 45 = 176, none.
    const endsOnD = plant(ends!, 10, null, 6.1, false);
    // A drop both days: 29 then 30 against 180 and 176; the baseline's monthly average moves with the tenure.
    const holdsOnD = plant(holds!, 10, null, 1, true);
    // Joined on the first day of D's history window: 89 days of baseline on P, the whole 90 on D.
    // P: 29 × 6.15 = 178.35 ≤ 0.6 × 890 × 30 / 89 = 180, a drop; D: against 178, none.
    plant(fills!, 10, null, 6.15, false, addDays(D, -119));
    sql.prepare("DELETE FROM DailyUsage WHERE date > ?").run(P);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    expect(spendDrop(sql, P, starts!)).toBeNull();
    expect(spendDrop(sql, P, ends!)).not.toBeNull();
    expect(spendDrop(sql, P, holds!)).not.toBeNull();
    expect(spendDrop(sql, P, fills!)).not.toBeNull();

    // D's rows arrive after P's run.
    for (const arrive of [startsOnD, endsOnD, holdsOnD]) arrive();
    const inc = materialiseWarnings(sql, D, rules, { judgeAllShare: Number.POSITIVE_INFINITY });
    expect(inc.mode).toBe("incremental");
    // Judged: the one whose drop starts and the one whose drop ends; the third is carried.
    expect(inc.judged).toBeLessThan(inc.customers / 2);
    const incremental = warningDaySnapshot(sql, D);
    const after = [starts!, ends!, holds!, fills!].map((id) => spendDrop(sql, D, id));
    materialiseWarnings(sql, D, rules, { rebuild: true });
    const rebuilt = warningDaySnapshot(sql, D);
    expect(incremental.warnings).toEqual(rebuilt.warnings);
    expect(incremental.ranks).toEqual(rebuilt.ranks);
    expect(incremental.aggregates).toEqual(rebuilt.aggregates);
    expect(after[0]).not.toBeNull();
    expect(after[1]).toBeNull();
    expect(after[3]).toBeNull();
    expect(after[2]).not.toBe(spendDrop(sql, P, holds!));
    expect(JSON.parse(after[2]!).params.baselineMonthly).toBe(Math.round(((440 * 30) / 45) * 100) / 100);
  });
});
