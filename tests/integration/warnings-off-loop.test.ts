/**
 * The daily job off the event loop (src/jobs): a chat message is answered while a (small, slowed)
 * job computes today in a worker thread — from yesterday's complete list, saying so — and a job
 * killed midway leaves yesterday's list intact; the next run completes the day. A briefing that
 * needs a day's list has the daily job compute it in its worker, once, while the chat answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { StoreBriefingFacts } from "../../src/briefings/store-facts.js";
import { asOfClock } from "../../src/clock.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { createLogger } from "../../src/logger.js";
import { inWorkerThread, startDailyWarnings } from "../../src/services/warnings/daily-job.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { hasMaterialised, isRunInProgress } from "../../src/services/warnings/warning-runs.js";
import { startWarningsJob } from "../../src/services/warnings/warnings-task.js";
import { createTestApp } from "../setup/test-app.js";
import { ask, replyText } from "./talk-tracks/helpers.js";

const D = "2026-06-30";
const YESTERDAY = "2026-06-29";
let app: App;

beforeAll(async () => {
  app = createTestApp({ asOf: D });
  await loadDemo(app.store, { seed: 5, asOf: D, customers: 200 });
  materialiseWarnings(app.store.sql, YESTERDAY, app.rules);
}, 120_000);
afterAll(async () => {
  await app.store.close();
});

const rowsOf = (day: string) =>
  app.store.sql
    .prepare("SELECT customerId, code, level, evidence FROM Warning WHERE day = ? ORDER BY customerId, code")
    .all(day);

/** A slowed job for D in a worker: 8 pages of 25 customers, 400 ms asleep after each. */
function slowJob(onPage: (done: number) => void = () => {}) {
  return startWarningsJob(
    { dbPath: app.store.path, day: D, rules: app.rules, pageSize: 25, pauseMsPerPage: 400 },
    { onProgress: onPage },
  );
}

const firstPage = (pages: number[]) =>
  new Promise<void>((resolve) => {
    const wait = setInterval(() => {
      if (pages.length > 0) {
        clearInterval(wait);
        resolve();
      }
    }, 10);
  });

describe("daily job in a worker thread", { timeout: 120_000 }, () => {
  it("a job killed midway leaves yesterday's list intact and today without rows; the next run completes the day", async () => {
    const yesterday = rowsOf(YESTERDAY);
    expect(yesterday.length).toBeGreaterThan(0);
    const pages: number[] = [];
    const job = slowJob((done) => pages.push(done));
    await firstPage(pages);
    expect(isRunInProgress(app.store.sql, D)).toBe(true);
    await job.cancel();
    expect((await job.result).ok).toBe(false);
    expect(pages.length).toBeLessThan(8);
    expect(rowsOf(YESTERDAY)).toEqual(yesterday);
    expect(rowsOf(D)).toEqual([]);
    expect(hasMaterialised(app.store.sql, D)).toBe(false);
    // The store is writable after the kill (the worker's connection and its transaction are gone).
    app.store.sql
      .prepare("INSERT INTO AuditLog (actorId, customerId, action, channel) VALUES ('t', 'c', 'x', 'cli')")
      .run();

    const rerun = await startWarningsJob({ dbPath: app.store.path, day: D, rules: app.rules }).result;
    expect(rerun.ok).toBe(true);
    expect(hasMaterialised(app.store.sql, D)).toBe(true);
    expect(isRunInProgress(app.store.sql, D)).toBe(false);
    const today = rowsOf(D);
    expect(today.length).toBe(rerun.ok ? rerun.value.warnings : -1);
    // The killed run's staged rows are gone, and the day equals a run in this thread.
    expect(app.store.sql.prepare("SELECT COUNT(*) FROM WarningStaging").pluck().get()).toBe(0);
    materialiseWarnings(app.store.sql, D, app.rules);
    expect(rowsOf(D)).toEqual(today);
    app.store.sql.prepare("DELETE FROM Warning WHERE day = ?").run(D);
    app.store.sql.prepare("DELETE FROM WarningRun WHERE day = ?").run(D);
  });

  it("in two worker threads of its own: answers while it runs, a kill leaves yesterday, the next run completes", async () => {
    const yesterday = rowsOf(YESTERDAY);
    const pages: number[] = [];
    const job = startWarningsJob(
      { dbPath: app.store.path, day: D, rules: app.rules, pageSize: 25, pauseMsPerPage: 400, workers: 2 },
      { onProgress: (done) => pages.push(done) },
    );
    await firstPage(pages);
    const { reply } = await ask(app, "M001", "今天谁有风险");
    expect(reply.data).toMatchObject({ day: D, source: "earlier_day", listDay: YESTERDAY });
    await job.cancel();
    expect((await job.result).ok).toBe(false);
    expect(rowsOf(YESTERDAY)).toEqual(yesterday);
    expect(rowsOf(D)).toEqual([]);
    // The range workers died with their coordinator: no run keeps beating.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const beat = app.store.sql.prepare("SELECT MAX(heartbeatAt) FROM WarningRun WHERE day = ?").pluck();
    const lastBeat = beat.get(D);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(beat.get(D)).toBe(lastBeat);

    const rerun = await startWarningsJob({ dbPath: app.store.path, day: D, rules: app.rules, workers: 2 })
      .result;
    expect(rerun.ok).toBe(true);
    const today = rowsOf(D);
    expect(today.length).toBe(rerun.ok ? rerun.value.warnings : -1);
    materialiseWarnings(app.store.sql, D, app.rules);
    expect(rowsOf(D)).toEqual(today);
    app.store.sql.prepare("DELETE FROM Warning WHERE day = ?").run(D);
    app.store.sql.prepare("DELETE FROM WarningRun WHERE day = ?").run(D);
  });

  it("answers a chat message while the job runs, from yesterday's list, saying which day it is", async () => {
    const pages: number[] = [];
    const job = slowJob((done) => pages.push(done));
    let finished = false;
    void job.result.then(() => {
      finished = true;
    });
    await firstPage(pages);
    const started = performance.now();
    const { reply } = await ask(app, "M001", "今天谁有风险");
    const ms = performance.now() - started;
    expect(finished).toBe(false); // answered while the job was still computing today
    expect(ms).toBeLessThan(5_000);
    expect(reply.data).toMatchObject({ day: D, source: "earlier_day", listDay: YESTERDAY });
    const text = replyText(reply);
    expect(text).toContain(`今天（${D}）的预警名单还在计算中，先显示 ${YESTERDAY} 的名单`);
    expect(text).toContain(YESTERDAY);

    const done = await job.result;
    expect(done.ok).toBe(true);
    const after = await ask(app, "M001", "今天谁有风险");
    expect(after.reply.data).toMatchObject({ day: D, source: "materialised", listDay: D });
    expect(replyText(after.reply)).not.toContain("还在计算中");
  });

  it("computes a briefing's missing day through the daily job's worker, once, while the chat answers", async () => {
    const day = "2026-07-01";
    const logger = createLogger("silent");
    const clock = asOfClock(day);
    const timeZone = app.config.RETAINBOT_TIME_ZONE;
    // The job starts computing today at once (a slowed worker: 8 pages, 300 ms asleep after each).
    const job = startDailyWarnings({
      sql: app.store.sql,
      rules: app.rules,
      clock,
      timeZone,
      logger,
      tickMs: 3_600_000,
      runner: inWorkerThread(app.store.path, app.rules, logger, { pageSize: 25, pauseMsPerPage: 300 }),
    });
    try {
      const facts = new StoreBriefingFacts(app.store.db, app.rules, clock, timeZone, job.ensureDay);
      const teamId = app.store.sql.prepare("SELECT id FROM Team ORDER BY id LIMIT 1").pluck().get() as string;
      let gathered = false;
      const briefing = facts.gather(teamId, day).then((f) => {
        gathered = true;
        return f;
      });
      const again = job.ensureDay(day);
      const { reply } = await ask(app, "M001", "今天谁有风险");
      expect(gathered).toBe(false); // answered while the briefing waited for the worker
      expect(replyText(reply).length).toBeGreaterThan(0);
      const f = await briefing;
      await again;
      expect(f.day).toBe(day);
      expect(hasMaterialised(app.store.sql, day)).toBe(true);
      // One run for the day, complete: the briefing and the tick shared it.
      expect(app.store.sql.prepare("SELECT status FROM WarningRun WHERE day = ?").pluck().all(day)).toEqual([
        "complete",
      ]);
    } finally {
      await job.stop();
    }
  });
});
