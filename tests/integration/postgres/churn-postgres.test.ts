/**
 * Churn training and scoring on PostgreSQL give SQLite's results (issue #14): one demo store with
 * 210 days of history and leavers is loaded into SQLite and copied into PostgreSQL; the features of
 * a day, the training outcome (rows, leavers, holdout metrics, the trees), the stored `ChurnModel`
 * rows, the day's `ChurnScore` rows and the re-ranked `WarningRank` rows must agree field for field.
 * Then: the daily step on PostgreSQL trains and scores once a day, and the re-rank waits while the
 * warnings job's lock is held.
 */
import { expect, it } from "vitest";
import { manualClock } from "../../../src/clock.js";
import { addDays } from "../../../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import { createLogger } from "../../../src/logger.js";
import { serialiseModel } from "../../../src/model/gbdt/serialise.js";
import { runChurnTask } from "../../../src/services/churn/churn-task.js";
import { startDailyChurn } from "../../../src/services/churn/daily-churn.js";
import { churnFeaturesAsOf } from "../../../src/services/churn/features.js";
import { churnFeaturesOn } from "../../../src/services/churn/features-on-handle.js";
import { rankDay } from "../../../src/services/churn/rank-day.js";
import { rankDayOn, rankScoredDayOn } from "../../../src/services/churn/rank-day-on.js";
import { trainFromHandle, trainFromStore } from "../../../src/services/churn/train-from-store.js";
import { DAILY_WARNINGS_LOCK } from "../../../src/services/warnings/daily-job.js";
import { materialiseDayOn } from "../../../src/services/warnings/day-on-handle.js";
import { materialiseWarnings } from "../../../src/services/warnings/materialise.js";
import { usageWindowsOn } from "../../../src/store/churn-rows-on-handle.js";
import { usageWindowsFromRows } from "../../../src/store/churn-usage-window.js";
import { postgresLocks } from "../../../src/store/instance-lock.js";
import type { SqlHandle } from "../../../src/store/sql-handle.js";
import { dayRanks } from "../../setup/day-ranks.js";
import { demoOnBothStores } from "../../setup/demo-on-both-stores.js";
import { describePostgres } from "../../setup/postgres.js";
import { runCli } from "../../setup/run-cli.js";

const AS_OF = "2026-11-23";
const NOW = new Date(`${AS_OF}T02:00:00Z`).getTime();

/** A day's scores on either store, numbers as numbers. */
async function dayScores(db: SqlHandle, day: string) {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT "customerId", "probability", "reasons", "modelVersion" FROM "ChurnScore" WHERE "day" = ? ORDER BY "customerId"`,
    [day],
  );
  return rows.map((r) => ({ ...r, probability: Number(r.probability) }));
}

/** The stored training rows, as comparable on both stores (trainedAt as ms). */
async function modelRows(db: SqlHandle) {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT "version", "trainedAt", "dataFrom", "dataTo", "holdoutDay", "rows", "leavers", "metrics", "model", "note"
     FROM "ChurnModel" ORDER BY "id"`,
  );
  return rows.map((r) => ({
    ...r,
    trainedAt: r.trainedAt instanceof Date ? r.trainedAt.getTime() : Number(r.trainedAt),
    metrics: JSON.parse(String(r.metrics)),
    model: r.model === null ? null : JSON.parse(String(r.model)),
  }));
}

describePostgres("churn training and scoring on PostgreSQL", () => {
  const both = demoOnBothStores({ seed: 5, asOf: AS_OF, customers: 2000, days: 210 });
  /** The SQLite train task's outcome (what `model train` on PostgreSQL must report). */
  let trainedOnSqlite: Record<string, unknown> = {};

  it("reads the same features of a day, field for field", async () => {
    for (const day of [addDays(AS_OF, -60), AS_OF]) {
      const expected = churnFeaturesAsOf(both.sqlite.sql, day, "rows");
      const actual = await churnFeaturesOn(both.pg.db, day);
      expect(actual.customerIds).toEqual(expected.customerIds);
      expect(actual.leftDates).toEqual(expected.leftDates);
      expect(actual.customerIds.length).toBeGreaterThan(1000);
      for (const [f, column] of expected.columns.entries())
        expect([...actual.columns[f]!]).toEqual([...column]);
    }
  }, 120_000);

  it("trains the same model: rows, leavers, stayers, holdout metrics and trees", async () => {
    const options = { asOf: AS_OF };
    const expected = trainFromStore(both.sqlite.sql, options);
    const actual = await trainFromHandle(both.pg.db, options);
    expect(expected.status).toBe("trained");
    const { model: expectedModel, ...expectedAbout } = expected;
    const { model: actualModel, ...actualAbout } = actual;
    expect(actualAbout).toEqual(expectedAbout);
    expect(serialiseModel(actualModel!)).toEqual(serialiseModel(expectedModel!));
    // Sampled stayers take the same path on both (a share of each day kept, weighted back).
    const sampled = { asOf: AS_OF, maxStayersPerDay: 300, boosting: { rounds: 20 } };
    const a = await trainFromHandle(both.pg.db, sampled);
    const b = trainFromStore(both.sqlite.sql, sampled);
    expect(a.stayers.kept).toBeLessThan(a.stayers.total);
    expect({ ...a, model: serialiseModel(a.model!) }).toEqual({ ...b, model: serialiseModel(b.model!) });
  }, 300_000);

  it("the train task stores the same ChurnModel row; scoring gives the same scores and re-ranked list", async () => {
    // Day D's list before it is scored: ranked by the rules on both.
    materialiseWarnings(both.sqlite.sql, AS_OF, config);
    await materialiseDayOn(both.pg.db, AS_OF, config);
    const unscored = await dayRanks(both.pg.db, AS_OF);
    expect(unscored).toEqual(await dayRanks(both.sqlite.db, AS_OF));
    expect(unscored.every((r) => r.churnProbability === null)).toBe(true);

    const trainS = await runChurnTask({
      kind: "train",
      path: both.sqlitePath,
      options: { asOf: AS_OF },
      now: NOW,
    });
    const trainP = await runChurnTask({
      kind: "train",
      path: both.database.url,
      options: { asOf: AS_OF },
      now: NOW,
    });
    const { ms: _s, ...aboutS } = trainS as Extract<typeof trainS, { kind: "train" }>;
    const { ms: _p, ...aboutP } = trainP as Extract<typeof trainP, { kind: "train" }>;
    expect(aboutP).toEqual(aboutS);
    trainedOnSqlite = aboutS;
    expect(aboutP.version).toBe(`${addDays(AS_OF, -60)}#1`);
    expect(await modelRows(both.pg.db)).toEqual(await modelRows(both.sqlite.db));

    const scoreS = await runChurnTask({ kind: "score", path: both.sqlitePath, day: AS_OF, rules: config });
    const scoreP = await runChurnTask({ kind: "score", path: both.database.url, day: AS_OF, rules: config });
    expect(scoreP).toMatchObject({ kind: "score", day: AS_OF, version: aboutS.version });
    const { ms: _ss, ...s } = scoreS as Extract<typeof scoreS, { kind: "score" }>;
    const { ms: _sp, ...p } = scoreP as Extract<typeof scoreP, { kind: "score" }>;
    expect(p).toEqual(s);
    const scores = await dayScores(both.pg.db, AS_OF);
    expect(scores.length).toBeGreaterThan(1000);
    expect(scores).toEqual(await dayScores(both.sqlite.db, AS_OF));
    // The list was re-ranked with the scores, as SQLite's: probabilities, keys and model-only rows.
    const ranked = await dayRanks(both.pg.db, AS_OF);
    expect(ranked).toEqual(await dayRanks(both.sqlite.db, AS_OF));
    expect(ranked.some((r) => r.modelOnly)).toBe(true);
    expect(ranked.some((r) => r.priority !== r.rulesPriority)).toBe(true);
    expect(ranked.filter((r) => !r.modelOnly).every((r) => r.churnProbability !== null)).toBe(true);
    // Scoring the day again replaces its rows (no duplicates) and keeps the list as it was.
    await runChurnTask({ kind: "score", path: both.database.url, day: AS_OF, rules: config });
    expect(await dayScores(both.pg.db, AS_OF)).toEqual(scores);
    expect(await dayRanks(both.pg.db, AS_OF)).toEqual(ranked);
  }, 300_000);

  it("re-ranks the day as SQLite's rank step in every mode: rules, model, blend", async () => {
    for (const mode of ["rules", "model", "blend"] as const) {
      const rules = { ...config, ranking: { ...config.ranking, mode } };
      const expected = rankDay(both.sqlite.sql, AS_OF, rules);
      expect(await rankDayOn(both.pg.db, AS_OF, rules)).toEqual(expected);
      const ranked = await dayRanks(both.pg.db, AS_OF);
      expect(ranked).toEqual(await dayRanks(both.sqlite.db, AS_OF));
      if (mode === "model") expect(ranked.some((r) => r.modelOnly && r.priority > 0)).toBe(true);
      if (mode === "rules")
        expect(ranked.every((r) => r.priority === r.rulesPriority && !r.modelOnly)).toBe(true);
    }
  }, 120_000);

  it("the re-rank waits while the warnings job's lock is held", async () => {
    const locks = postgresLocks(both.database.url);
    const held = await locks(DAILY_WARNINGS_LOCK);
    expect(held).not.toBeNull();
    let done = false;
    const rank = rankScoredDayOn(both.pg.db, AS_OF, config, { lock: locks, pollMs: 50 }).then((r) => {
      done = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(done).toBe(false);
    await held!.release();
    expect(await rank).toMatchObject({ day: AS_OF, scored: true });
  }, 60_000);

  it("the daily step on PostgreSQL trains when the model is old, scores the day once", async () => {
    const day = addDays(AS_OF, 1);
    const clock = manualClock(new Date(`${day}T02:00:00Z`));
    const tasks: string[] = [];
    const job = startDailyChurn({
      db: both.pg.db,
      path: both.database.url,
      clock,
      timeZone: "Asia/Shanghai",
      retrainDays: 0,
      rules: config,
      logger: createLogger("silent"),
      timers: { setInterval: () => 0, clearInterval: () => {} },
      lock: postgresLocks(both.database.url),
      run: async (task) => {
        tasks.push(task.kind);
        return { ok: true, value: await runChurnTask(task) };
      },
    });
    try {
      const results = await job.tick();
      expect(results.map((r) => r.kind)).toEqual(["train", "score"]);
      expect(results[1]).toMatchObject({ kind: "score", day, version: `${addDays(day, -60)}#1` });
      expect((await dayScores(both.pg.db, day)).length).toBeGreaterThan(1000);
      expect(await job.tick()).toEqual([]); // scored: nothing more that day
      expect(tasks).toEqual(["train", "score"]);
    } finally {
      job.stop();
    }
  }, 300_000);

  it("`model train --json` trains on a PostgreSQL DATABASE_URL and reports SQLite's outcome", async () => {
    const cli = await runCli(["model", "train", "--json"], {
      env: { DATABASE_URL: both.database.url, RETAINBOT_AS_OF: AS_OF },
    });
    expect(cli.code, cli.stderr).toBe(0);
    const { ms: _, version, ...outcome } = JSON.parse(cli.stdout) as Record<string, unknown>;
    const { version: _v, ...expected } = trainedOnSqlite;
    expect(outcome).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(outcome.status).toBe("trained");
    expect(version).toBe(`${addDays(AS_OF, -60)}#2`);
  }, 300_000);

  it("rounds money and data to fen as SQLite does (half away from zero), not half to even", async () => {
    // Rows after every day above, on both stores: 12.5 and 0.5 fen round up on SQLite; PostgreSQL's
    // own ROUND of a double would give 12 and 0.
    const day = addDays(AS_OF, 40); // its recent window (30 days) holds only these rows
    const id = (await both.pg.db.get<{ id: string }>(`SELECT "id" FROM "Customer" ORDER BY "id" LIMIT 1`))!
      .id;
    for (const db of [both.sqlite.db, both.pg.db])
      await db.run(
        `INSERT INTO "DailyUsage" ("customerId", "date", "calls", "callMinutes", "dataMb", "spend")
         VALUES (?, ?, 1, 1, 0.005, 0.125), (?, ?, 2, 1, 0.625, 0.375)`,
        [id, addDays(day, -1), id, day],
      );
    const expected = usageWindowsFromRows(both.sqlite.sql, day).find((u) => u.customerId === id);
    const actual = (await usageWindowsOn(both.pg.db, day)).find((u) => u.customerId === id);
    expect(actual).toEqual(expected);
    expect(expected).toMatchObject({ recentDays: 2, recentSpendFen: 13 + 38, recentDataCenti: 1 + 63 });
  }, 60_000);
});
