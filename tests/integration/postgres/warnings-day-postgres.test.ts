/**
 * The daily warnings job on PostgreSQL gives the SQLite job's rows: one generated store (the demo:
 * managers, customers with contracts ending, 150 days of usage with drops, zero days, hotline calls
 * and forwarding, overdue bills, competitor events, complaints, group customers; churn scores on
 * one day) is loaded into SQLite and copied into PostgreSQL; SQLite's job and the PostgreSQL job
 * run for the same days, and the `Warning` and `WarningRank` rows and the run's totals must agree
 * field for field. Then: `/risk` shows the day on PostgreSQL, a run that throws midway leaves the
 * day's rows as they were, ensureDayOn computes a day once (and waits for another instance's
 * lock), and the `warnings` command computes a day on a PostgreSQL URL.
 */
import { beforeAll, expect, it } from "vitest";
import { asOfClock } from "../../../src/clock.js";
import { addDays } from "../../../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import { createLogger } from "../../../src/logger.js";
import { warningCountsOn } from "../../../src/services/warnings/daily-job.js";
import { materialiseDayOn } from "../../../src/services/warnings/day-on-handle.js";
import { ensureDayOn, startDailyWarningsOn } from "../../../src/services/warnings/ensure-day-on.js";
import { materialiseWarnings } from "../../../src/services/warnings/materialise.js";
import { riskPage } from "../../../src/services/warnings/risk-page.js";
import type { Store } from "../../../src/store/database.js";
import { postgresLocks } from "../../../src/store/instance-lock.js";
import { openPostgresStore } from "../../../src/store/postgres/open-postgres.js";
import type { SqlHandle, SqlParam } from "../../../src/store/sql-handle.js";
import { isDayComplete } from "../../../src/store/warning-days.js";
import { dayRanks } from "../../setup/day-ranks.js";
import { demoOnBothStores } from "../../setup/demo-on-both-stores.js";
import { describePostgres } from "../../setup/postgres.js";
import { runCli } from "../../setup/run-cli.js";

/** The last usage day; the day before it has no churn scores (ranked by the rules alone). */
const D = "2026-06-30";
const UNSCORED = addDays(D, -1);

/** A day's rows on either store, in one order, flags as booleans and numbers as numbers. */
async function dayRows(db: SqlHandle, day: string) {
  const warnings = await db.all(
    `SELECT "customerId", "code", "level", "evidence", "stage", "doNotChase" FROM "Warning" WHERE "day" = ?
     ORDER BY "customerId", "code"`,
    [day],
  );
  return { warnings, ranks: await dayRanks(db, day) };
}

/** The latest run of a day: status and totals. */
const latestRun = (db: SqlHandle, day: string) =>
  db.get<{ status: string; customers: number; atRisk: number; warnings: number }>(
    `SELECT "status", "customers", "atRisk", "warnings" FROM "WarningRun" WHERE "day" = ? ORDER BY "id" DESC LIMIT 1`,
    [day],
  );

/** The handle, except that its `nth` read of open bills (one a page) fails, inside transactions too. */
function failingBillsRead(db: SqlHandle, nth: number): SqlHandle {
  let reads = 0;
  const wrap = (h: SqlHandle): SqlHandle => ({
    ...h,
    all<T>(text: string, params?: readonly SqlParam[]) {
      if (text.includes('FROM "Bill"') && ++reads === nth)
        return Promise.reject(new Error("page read failed"));
      return h.all<T>(text, params);
    },
    transaction: (work) => h.transaction((tx) => work(wrap(tx))),
  });
  return wrap(db);
}

/**
 * Churn scores of D for every customer: one in ten likely to leave, above the day's threshold (a
 * multiple of the mean), so the model adds some no rule caught. Do-not-chase customers: low value
 * (ARPU at most 10 on the standard level), long unpaid bills.
 */
function scoreAndLeaveUnpaid(sqlite: Store): void {
  const ids = sqlite.sql.prepare(`SELECT "id" FROM "Customer" ORDER BY "id"`).pluck().all() as string[];
  const score = sqlite.sql.prepare(
    `INSERT INTO "ChurnScore" ("day", "customerId", "probability", "reasons", "modelVersion") VALUES (?, ?, ?, '[]', 'test#1')`,
  );
  for (const [i, id] of ids.entries())
    score.run(D, id, i % 10 === 3 ? 0.7 + (i % 7) / 50 : ((i * 37) % 100) / 1000);
  sqlite.sql.exec(`UPDATE "Customer" SET "arpu" = 8.5 WHERE "id" LIKE '%5' AND "vipLevel" = 'standard'`);
  sqlite.sql.exec(
    `UPDATE "Bill" SET "paidDate" = NULL WHERE "customerId" LIKE '%9' AND "month" IN ('2026-02', '2026-03')`,
  );
}

describePostgres("the daily warnings job on PostgreSQL", () => {
  const both = demoOnBothStores(
    { seed: 7, asOf: D, customers: 400, days: 150 },
    { beforeCopy: scoreAndLeaveUnpaid, timeoutMs: 180_000 },
  );
  beforeAll(() => {
    materialiseWarnings(both.sqlite.sql, UNSCORED, config);
    materialiseWarnings(both.sqlite.sql, D, config);
  });

  it("writes the SQLite job's Warning and WarningRank rows, field for field, unscored and scored", async () => {
    for (const day of [UNSCORED, D]) {
      const stats = await materialiseDayOn(both.pg.db, day, config, { pageSize: 97, chunkSize: 20 });
      // The first day reads every row (and keeps the aggregates), the next moves them (decision 022).
      expect(stats.aggregates.mode).toBe(day === UNSCORED ? "full" : "incremental");
      const expected = await dayRows(both.sqlite.db, day);
      expect(await dayRows(both.pg.db, day)).toEqual(expected);
      const run = await latestRun(both.sqlite.db, day);
      expect(await latestRun(both.pg.db, day)).toEqual(run);
      expect(stats).toMatchObject({
        customers: run?.customers,
        customersAtRisk: run?.atRisk,
        warnings: run?.warnings,
        // A pool of four: the second half's customers, bills and events are read on a snapshot
        // reader; the aggregates (built or moved by the run) on its transaction, which alone sees them.
        readers: 2,
      });
    }
    // The store exercises every signal and both rankings: nothing above agreed by being empty.
    const codes = new Set((await dayRows(both.pg.db, D)).warnings.map((w) => (w as { code: string }).code));
    expect([...codes].sort()).toEqual([
      "broadband_fault",
      "call_forwarding",
      "competitor_hotline",
      "complaint",
      "contract_expiring",
      "data_drop",
      "group_bulk_anomaly",
      "overdue_bill",
      "portability_inquiry",
      "spend_drop",
      "zero_call_days",
      "zero_spend_month",
    ]);
    const ranks = (await dayRows(both.pg.db, D)).ranks;
    expect(ranks.some((r) => r.modelOnly)).toBe(true);
    expect(ranks.some((r) => r.doNotChase)).toBe(true);
    const reasons = JSON.stringify((await dayRows(both.pg.db, D)).warnings);
    expect(reasons).toContain("malicious_arrears");
    expect(reasons).toContain("low_value");
    expect(ranks.some((r) => r.priority !== r.rulesPriority)).toBe(true);
    expect((await dayRows(both.pg.db, UNSCORED)).ranks.every((r) => r.churnProbability === null)).toBe(true);
  }, 120_000);

  it("records the run: running while it computes (heartbeat beaten), then complete", async () => {
    const seen: { status?: string; heartbeatAt?: string }[] = [];
    await materialiseDayOn(both.pg.db, D, config, {
      pageSize: 50,
      onPage: () => {
        // Read on the pool while the run's transaction is open: the run shows as running.
        void both.pg.db
          .get<{ status: string; heartbeatAt: string }>(
            `SELECT "status", "heartbeatAt" FROM "WarningRun" WHERE "day" = ? ORDER BY "id" DESC LIMIT 1`,
            [D],
          )
          .then((row) => seen.push(row ?? {}));
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The reads go on the pool without holding the run up: the last pages' may land after the commit.
    expect(seen.filter((s) => s.status === "running").length).toBeGreaterThanOrEqual(4);
    expect(seen.every((s) => s.status === "running" || s.status === "complete")).toBe(true);
    const run = await both.pg.db.get<{
      status: string;
      startedAt: string;
      heartbeatAt: string;
      finishedAt: string;
    }>(
      `SELECT "status", "startedAt", "heartbeatAt", "finishedAt" FROM "WarningRun" WHERE "day" = ? ORDER BY "id" DESC LIMIT 1`,
      [D],
    );
    expect(run?.status).toBe("complete");
    expect(run!.heartbeatAt >= run!.startedAt && run!.finishedAt >= run!.startedAt).toBe(true);
    // The heartbeat moved on as the pages went by.
    expect(seen.at(-1)!.heartbeatAt! > run!.startedAt).toBe(true);
    expect(await dayRows(both.pg.db, D)).toEqual(await dayRows(both.sqlite.db, D));
  }, 60_000);

  it("runs on a pool of one connection (reads and writes in its transaction)", async () => {
    const single = openPostgresStore(both.database.url, { poolSize: 1, statementTimeoutMs: 60_000 });
    try {
      const stats = await materialiseDayOn(single.db, D, config, { pageSize: 120 });
      expect(stats.customers).toBe((await latestRun(both.sqlite.db, D))?.customers);
      // No connection to spare for a snapshot reader: every page on the run's transaction.
      expect(stats.readers).toBe(1);
    } finally {
      await single.close();
    }
    expect(await dayRows(both.pg.db, D)).toEqual(await dayRows(both.sqlite.db, D));
    expect((await latestRun(both.pg.db, D))?.status).toBe("complete");
  }, 60_000);

  it("shows the day in /risk on PostgreSQL as on SQLite", async () => {
    const manager = (await both.pg.db.get<{ managerId: string }>(
      `SELECT "managerId" FROM "WarningRank" WHERE "day" = ? GROUP BY "managerId" ORDER BY COUNT(*) DESC, "managerId" LIMIT 1`,
      [D],
    ))!.managerId;
    const deps = (db: SqlHandle) => ({
      db,
      config,
      now: new Date(`${D}T02:00:00Z`),
      timeZone: "Asia/Shanghai",
    });
    const there = await riskPage(deps(both.pg.db), [manager], D, { limit: 10 });
    const here = await riskPage(deps(both.sqlite.db), [manager], D, { limit: 10 });
    expect(there.source).toBe("materialised");
    expect(there.listDay).toBe(D);
    expect(there.total).toBeGreaterThan(0);
    expect(there.entries.length).toBeGreaterThan(0);
    expect(there.total).toBe(here.total);
    expect(there.entries.map((e) => [e.customer.id, e.priority.score])).toEqual(
      here.entries.map((e) => [e.customer.id, e.priority.score]),
    );
  }, 60_000);

  it("leaves the day's previous rows untouched when a run throws midway", async () => {
    const before = await dayRows(both.pg.db, D);
    await expect(
      materialiseDayOn(both.pg.db, D, config, {
        pageSize: 50,
        onPage: (done) => {
          if (done >= 150) throw new Error("stopped midway");
        },
      }),
    ).rejects.toThrow("stopped midway");
    expect(await dayRows(both.pg.db, D)).toEqual(before);
    expect((await latestRun(both.pg.db, D))?.status).toBe("failed");
    expect(await isDayComplete(both.pg.db, D)).toBe(true);
  }, 60_000);

  it("a page read ahead that fails while the one before is judged fails the run and leaves the day as it was", async () => {
    const before = await dayRows(both.pg.db, D);
    // Page 3's reads are sent before page 2 is judged: its bills read fails then.
    await expect(
      materialiseDayOn(failingBillsRead(both.pg.db, 3), D, config, { pageSize: 50 }),
    ).rejects.toThrow("page read failed");
    expect(await dayRows(both.pg.db, D)).toEqual(before);
    expect((await latestRun(both.pg.db, D))?.status).toBe("failed");
    // The pool is whole again: the next run completes the day.
    const stats = await materialiseDayOn(both.pg.db, D, config, { pageSize: 50 });
    expect(stats.customersAtRisk).toBe((await latestRun(both.pg.db, D))?.atRisk);
    expect(await dayRows(both.pg.db, D)).toEqual(before);
  }, 60_000);

  it("a pool of two reads on the run's transaction alone; a pool of three adds the snapshot reader", async () => {
    for (const [poolSize, readers] of [
      [2, 1],
      [3, 2],
    ] as const) {
      const store = openPostgresStore(both.database.url, { poolSize, statementTimeoutMs: 60_000 });
      try {
        const stats = await materialiseDayOn(store.db, D, config, { pageSize: 60, rebuild: true });
        expect(stats.readers).toBe(readers);
      } finally {
        await store.close();
      }
      expect(await dayRows(both.pg.db, D)).toEqual(await dayRows(both.sqlite.db, D));
    }
  }, 60_000);

  it("a read that fails on the snapshot reader fails the run, rolls it back and gives the connection back", async () => {
    const before = await dayRows(both.pg.db, D);
    // The reader's second page read of bills fails (the run's transaction reads the first half).
    const failingReader: SqlHandle = {
      ...both.pg.db,
      async readerOf(snapshot) {
        const reader = await both.pg.db.readerOf!(snapshot);
        return reader && { ...reader, db: failingBillsRead(reader.db, 2) };
      },
    };
    await expect(materialiseDayOn(failingReader, D, config, { pageSize: 50, rebuild: true })).rejects.toThrow(
      "page read failed",
    );
    expect(await dayRows(both.pg.db, D)).toEqual(before);
    expect((await latestRun(both.pg.db, D))?.status).toBe("failed");
    // Both connections are back in the pool: the next run takes a reader again and completes.
    const stats = await materialiseDayOn(both.pg.db, D, config, { pageSize: 50, rebuild: true });
    expect(stats.readers).toBe(2);
    expect(await dayRows(both.pg.db, D)).toEqual(before);
  }, 60_000);

  it("a run started while another computes the day supersedes it: the first stops, the second's rows stand", async () => {
    let second: Promise<unknown> | null = null;
    const first = materialiseDayOn(both.pg.db, D, config, {
      pageSize: 40,
      onPage: () => {
        second ??= materialiseDayOn(both.pg.db, D, config, { pageSize: 200 });
      },
    });
    await expect(first).rejects.toThrow("superseded by a later run");
    await second;
    expect(await dayRows(both.pg.db, D)).toEqual(await dayRows(both.sqlite.db, D));
    const runs = await both.pg.db.all<{ status: string }>(
      `SELECT "status" FROM "WarningRun" WHERE "day" = ? ORDER BY "id" DESC LIMIT 2`,
      [D],
    );
    expect(runs.map((r) => r.status)).toEqual(["complete", "failed"]);
  }, 60_000);

  it("ensureDayOn computes a missing day once, and waits while another instance holds the job's lock", async () => {
    const next = addDays(D, 1);
    const [first, second] = await Promise.all([
      ensureDayOn(both.pg.db, next, config),
      ensureDayOn(both.pg.db, next, config),
    ]);
    expect([first, second].filter((s) => s !== null)).toHaveLength(1);
    expect(await ensureDayOn(both.pg.db, next, config)).toBeNull();
    const runs = await both.pg.db.get<{ n: string }>(
      `SELECT COUNT(*) AS "n" FROM "WarningRun" WHERE "day" = ?`,
      [next],
    );
    expect(Number(runs?.n)).toBe(1);

    const later = addDays(D, 2);
    const locks = postgresLocks(both.database.url);
    const other = await locks("daily-warnings");
    expect(other).not.toBeNull();
    const waiting = ensureDayOn(both.pg.db, later, config, { lock: locks, standbyPollMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await isDayComplete(both.pg.db, later)).toBe(false);
    await other!.release();
    expect(await waiting).not.toBeNull();
    expect(await isDayComplete(both.pg.db, later)).toBe(true);
    await expect(ensureDayOn(both.sqlite.db, later, config)).rejects.toThrow("ensureMaterialised");
  }, 60_000);

  it("startDailyWarningsOn computes the local day at start, and the day a briefing asks for", async () => {
    const today = addDays(D, 3);
    const job = startDailyWarningsOn({
      db: both.pg.db,
      rules: config,
      clock: asOfClock(today),
      timeZone: "Asia/Shanghai",
      logger: createLogger("silent"),
      timers: { setInterval: () => 0, clearInterval: () => undefined },
    });
    try {
      await job.ensureDay(today);
      expect(await isDayComplete(both.pg.db, today)).toBe(true);
      expect(await job.tick()).toBeNull();
      await job.ensureDay(addDays(D, 4));
      expect(await isDayComplete(both.pg.db, addDays(D, 4))).toBe(true);
    } finally {
      await job.stop();
    }
  }, 60_000);

  it("stopping the job ends a run in progress: rolled back, the day keeps its list, the next run completes it", async () => {
    const day = addDays(D, 5);
    let pages = 0;
    const job = startDailyWarningsOn({
      db: both.pg.db,
      rules: config,
      clock: asOfClock(day),
      timeZone: "Asia/Shanghai",
      logger: createLogger("silent"),
      timers: { setInterval: () => 0, clearInterval: () => undefined },
      // Small pages, and a stop after the first one is written.
      pageSize: 50,
      onPage: () => {
        pages += 1;
        if (pages === 1) void job.stop();
      },
    });
    // The first tick runs at start: wait for its first page, then for the stop to settle the run.
    for (let i = 0; i < 200 && pages === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    await job.stop();
    expect(pages).toBe(1);
    expect(await isDayComplete(both.pg.db, day)).toBe(false);
    const rows = await both.pg.db.get<{ n: number }>(
      `SELECT COUNT(*) AS "n" FROM "Warning" WHERE "day" = ?`,
      [day],
    );
    expect(Number(rows?.n)).toBe(0);
    expect(await ensureDayOn(both.pg.db, day, config)).not.toBeNull();
    expect(await isDayComplete(both.pg.db, day)).toBe(true);
  }, 60_000);

  it("`warnings` on a PostgreSQL DATABASE_URL computes the day", async () => {
    await both.pg.db.run(`DELETE FROM "Warning" WHERE "day" = ?`, [UNSCORED]);
    await both.pg.db.run(`DELETE FROM "WarningRank" WHERE "day" = ?`, [UNSCORED]);
    const run = await runCli(["warnings", "--date", UNSCORED, "--json"], {
      env: { DATABASE_URL: both.database.url },
    });
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { customers: number; counts: unknown[] };
    expect(printed.counts).toEqual(warningCountsOn(both.sqlite.sql, UNSCORED));
    expect(printed.customers).toBe((await latestRun(both.sqlite.db, UNSCORED))?.customers);
    expect(await dayRows(both.pg.db, UNSCORED)).toEqual(await dayRows(both.sqlite.db, UNSCORED));

    const text = await runCli(["warnings", "--date", UNSCORED], { env: { DATABASE_URL: both.database.url } });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(`^Warnings for ${UNSCORED}: \\d+ customers checked, \\d+ at risk`),
    );
    // The first run went back to an earlier day than the aggregates' (a full run); this one moves them.
    expect(text.stdout).toContain(`incremental on PostgreSQL from ${UNSCORED}`);
    const rebuilt = await runCli(["warnings", "--date", UNSCORED, "--rebuild"], {
      env: { DATABASE_URL: both.database.url },
    });
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain("full recompute on PostgreSQL (requested)");
    expect(await dayRows(both.pg.db, UNSCORED)).toEqual(await dayRows(both.sqlite.db, UNSCORED));
  }, 120_000);
});
