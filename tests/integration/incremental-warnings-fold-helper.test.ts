/**
 * The incremental day's fold in SQL on two connections (decision 026): a helper thread with its own
 * connection folds pages of customers while the job's thread folds others, both taking the next
 * page from a shared counter (src/services/warnings/fold-helper.ts). Here the pages are ten
 * customers each and the helper (started as the run is planned, told the pages once the judge set
 * is built) is made to take the first, so both fold; the day must equal a
 * rebuild of the same day field for field (rows, ranks, aggregates), as the same day folded on
 * one connection does. The day's rows then sit in the store file itself, checkpointed at the end of
 * the job (src/store/job-checkpoints.ts), and the connection's autocheckpoint is back as it was.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/dates.js";
import { planAggregates } from "../../src/services/warnings/aggregate-state.js";
import { foldHelperFor } from "../../src/services/warnings/fold-helper.js";
import { materialiseWarnings, sqlFoldParams } from "../../src/services/warnings/materialise.js";
import { beginRun } from "../../src/services/warnings/warning-runs.js";
import type { SqliteDatabase } from "../../src/store/database.js";
import { demoAppPerFile } from "../setup/demo-app-per-file.js";
import { holdBackUsage } from "../setup/held-back-usage.js";
import { warningDaySnapshot } from "../setup/warning-snapshot.js";

const D = "2026-06-30";
const P = addDays(D, -1);
const app = demoAppPerFile({ seed: 11, asOf: D, customers: 120, days: 130 });

/** P's aggregates, their state and the usage changes since, to run day D again from the same start. */
function saveP(sql: SqliteDatabase) {
  sql.exec(`CREATE TEMP TABLE SavedAgg AS SELECT * FROM UsageAggregate;
    CREATE TEMP TABLE SavedState AS SELECT * FROM UsageAggregateState;
    CREATE TEMP TABLE SavedChanges AS SELECT * FROM UsageChange;`);
  const runId = sql.prepare("SELECT MAX(id) FROM WarningRun").pluck().get() as number;
  return () =>
    sql.transaction(() => {
      sql.prepare("DELETE FROM Warning WHERE day = ?").run(D);
      sql.prepare("DELETE FROM WarningRank WHERE day = ?").run(D);
      sql.prepare("DELETE FROM WarningRun WHERE id > ?").run(runId);
      sql.exec(`DELETE FROM UsageAggregate; INSERT INTO UsageAggregate SELECT * FROM temp.SavedAgg;
        DELETE FROM UsageAggregateState; INSERT INTO UsageAggregateState SELECT * FROM temp.SavedState;
        DELETE FROM UsageChange; INSERT INTO UsageChange SELECT * FROM temp.SavedChanges;`);
    })();
}

describe("incremental day folded on two connections", { timeout: 120_000 }, () => {
  it("equals a rebuild and the same day folded on one connection", () => {
    const sql = app().store.sql;
    const rules = app().rules;
    // The rows dated after P arrive after P's run, as they do every day.
    const heldBack = holdBackUsage(sql, "after", P);
    materialiseWarnings(sql, P, rules, { rebuild: true });
    heldBack.arrive();
    // A row of P corrected after P's run, on the helper's first page: left to JavaScript.
    const first = sql.prepare("SELECT MIN(customerId) FROM UsageAggregate").pluck().get() as string;
    sql.prepare("UPDATE DailyUsage SET spend = spend + 7.5 WHERE customerId = ? AND date = ?").run(first, P);
    const restore = saveP(sql);

    const two = materialiseWarnings(sql, D, rules, {
      foldConnections: 2,
      foldPageSize: 10,
      foldHelperFirst: true,
    });
    expect(two.mode).toBe("incremental");
    expect(two.judged).toBeLessThan(two.customers / 2);
    expect(two.folded).toBeGreaterThan(100);
    expect(two.recomputed).toBe(1);
    // The helper, started before the judge set was built, took the first page and maybe more.
    expect(two.foldPagesOnHelper).toBeGreaterThan(0);
    const onTwo = warningDaySnapshot(sql, D);

    restore();
    const one = materialiseWarnings(sql, D, rules, { foldConnections: 1, foldPageSize: 10 });
    expect(one.mode).toBe("incremental");
    expect(one.foldPagesOnHelper).toBe(0);
    expect({ ...two, ms: 0, foldPagesOnHelper: 0 }).toEqual({ ...one, ms: 0 });
    const onOne = warningDaySnapshot(sql, D);

    materialiseWarnings(sql, D, rules, { rebuild: true });
    const rebuilt = warningDaySnapshot(sql, D);
    expect(onTwo.aggregates).toEqual(rebuilt.aggregates);
    expect(onTwo.warnings).toEqual(rebuilt.warnings);
    expect(onTwo.ranks).toEqual(rebuilt.ranks);
    expect(onOne).toEqual(rebuilt);
  });

  it("ends a helper started for a run that folds nothing after all", async () => {
    const sql = app().store.sql;
    const rules = app().rules;
    materialiseWarnings(sql, P, rules, { rebuild: true });
    const run = beginRun(sql, D);
    const plan = planAggregates(sql, D, rules);
    expect(plan.mode).toBe("incremental");
    if (plan.mode !== "incremental") return;
    const helper = foldHelperFor(sql, sqlFoldParams(D, rules, run.id, plan), { connections: 2 });
    expect(helper).toBeDefined();
    // Its thread opens its connection and waits for pages; told there are none, it closes and ends.
    helper!.stop();
    await expect(helper!.ended).resolves.toEqual({ ok: true, value: undefined });
    // The run it was started for can still be judged and completed (nothing was folded meanwhile).
    const day = materialiseWarnings(sql, D, rules, { foldConnections: 2 });
    expect(day.mode).toBe("incremental");
  }, 30_000);

  it("leaves the day checkpointed into the store file and the autocheckpoint as it was", () => {
    const sql = app().store.sql;
    sql.pragma("wal_autocheckpoint = 1000");
    const day = addDays(D, -5);
    const stats = materialiseWarnings(sql, day, app().rules, { rebuild: true });
    expect(stats.warnings).toBeGreaterThan(0);
    expect(sql.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    // The store file alone, without its WAL: what a checkpoint has written there.
    const copy = join(mkdtempSync(join(tmpdir(), "retainbot-checkpoint-")), "alone.db");
    copyFileSync(app().store.path, copy);
    const alone = new Database(copy, { readonly: true });
    try {
      const rows = alone.prepare("SELECT COUNT(*) FROM Warning WHERE day = ?").pluck().get(day);
      expect(rows).toBe(stats.warnings);
    } finally {
      alone.close();
    }
  });
});
