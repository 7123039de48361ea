import { copyFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { addDays } from "../../../src/domain/dates.js";
import { predictMargins } from "../../../src/model/gbdt/model.js";
import { rankingMetrics } from "../../../src/model/metrics.js";
import { runChurnTask } from "../../../src/services/churn/churn-task.js";
import { churnFeaturesAsOf, leftWithin31To60 } from "../../../src/services/churn/features.js";
import { churnFeaturesOn } from "../../../src/services/churn/features-on-handle.js";
import { loadLatestModel } from "../../../src/services/churn/model-store.js";
import { isHoldoutCustomer, trainFromStore } from "../../../src/services/churn/train-from-store.js";
import { openStore } from "../../../src/store/database.js";
import { createTestApp } from "../../setup/test-app.js";

const AS_OF = "2026-11-23";

describe("the churn model on the store's own history", () => {
  let app: App;

  beforeAll(async () => {
    app = createTestApp({ asOf: AS_OF });
    await loadDemo(app.store, { seed: 5, asOf: AS_OF, customers: 2000, days: 210 });
  }, 180_000);
  afterAll(async () => app?.store.close());

  it("the demo history has leavers with the day they left, and no usage after it", () => {
    const sql = app.store.sql;
    const leavers = sql
      .prepare(`SELECT COUNT(*) FROM "Customer" WHERE "status" = 'left' AND "leftDate" IS NOT NULL`)
      .pluck()
      .get() as number;
    expect(leavers).toBeGreaterThan(150);
    const after = sql
      .prepare(
        `SELECT COUNT(*) FROM "DailyUsage" u JOIN "Customer" c ON c."id" = u."customerId" WHERE u."date" > c."leftDate"`,
      )
      .pluck()
      .get();
    expect(after).toBe(0);
  });

  it("features as of D use nothing dated after D (leakage)", () => {
    const day = addDays(AS_OF, -70);
    const before = churnFeaturesAsOf(app.store.sql, day);
    // A copy of the store where everything after D is changed or gone.
    const copy = `${app.store.path}.cut.db`;
    app.store.sql.pragma("wal_checkpoint(TRUNCATE)");
    copyFileSync(app.store.path, copy);
    const cut = openStore(`file:${copy}`);
    try {
      cut.sql.exec(`
        DELETE FROM "DailyUsage" WHERE "date" > '${day}';
        DELETE FROM "Event" WHERE "date" > '${day}';
        UPDATE "Bill" SET "paidDate" = NULL WHERE "paidDate" > '${day}';
        DELETE FROM "Bill" WHERE "dueDate" >= '${day}' AND "month" > substr('${day}', 1, 7);
        INSERT INTO "Event" ("customerId", "date", "type", "note")
          SELECT "id", '${addDays(day, 1)}', 'portability_inquiry', 'after D' FROM "Customer";
        INSERT INTO "DailyUsage" ("customerId", "date", "calls", "callMinutes", "dataMb", "spend")
          SELECT "id", '${addDays(day, 2)}', 0, 0, 0, 9999 FROM "Customer";`);
      const after = churnFeaturesAsOf(cut.sql, day);
      expect(after.customerIds).toEqual(before.customerIds);
      for (const [f, column] of before.columns.entries()) expect([...after.columns[f]!]).toEqual([...column]);
    } finally {
      void cut.close();
    }
  }, 90_000); // two feature passes over the demo history: ~3 s idle, 20 s+ on a loaded machine

  it("the SQL handle's reader (SQLite's text) gives the connection's features, field for field", async () => {
    const day = addDays(AS_OF, -70);
    const expected = churnFeaturesAsOf(app.store.sql, day);
    const actual = await churnFeaturesOn(app.store.db, day);
    expect(actual.customerIds).toEqual(expected.customerIds);
    expect(actual.leftDates).toEqual(expected.leftDates);
    for (const [f, column] of expected.columns.entries())
      expect([...actual.columns[f]!]).toEqual([...column]);
  }, 60_000);

  it("a model trained on past snapshot days ranks held-out leavers above stayers", () => {
    const training = trainFromStore(app.store.sql, { asOf: AS_OF });
    expect(training.status).toBe("trained");
    expect(training.leavers).toBeGreaterThanOrEqual(200);
    const model = training.model!;
    // Customers never trained on, on the holdout day and the two weeks before it.
    const scores: number[] = [];
    const labels: number[] = [];
    for (const back of [0, 7, 14]) {
      const day = addDays(training.holdoutDay, -back);
      const table = churnFeaturesAsOf(app.store.sql, day);
      const rows = table.customerIds.flatMap((id, r) => (isHoldoutCustomer(id) ? [r] : []));
      const margins = predictMargins(
        model,
        table.columns.map((c) => Float64Array.from(rows, (r) => c[r]!)),
        rows.length,
      );
      scores.push(...margins);
      labels.push(...rows.map((r) => leftWithin31To60(day, table.leftDates[r]!)));
    }
    expect(labels.filter((y) => y === 1).length).toBeGreaterThan(10);
    const m = rankingMetrics(scores, labels);
    expect(m.auc).toBeGreaterThan(0.7);
    expect(m.topDecileLift).toBeGreaterThan(2);
  }, 120_000);

  it("sampling stayers with inverse-probability weights keeps the probabilities at the real base rate", () => {
    const sql = app.store.sql;
    const full = trainFromStore(sql, { asOf: AS_OF });
    const sampled = trainFromStore(sql, { asOf: AS_OF, maxStayersPerDay: 250 });
    // Every leaver kept; about 250 stayers per snapshot day (6 days) of ~1,400.
    expect(full.stayers.kept).toBe(full.stayers.total);
    expect(sampled.leavers).toBe(full.leavers);
    expect(sampled.stayers.total).toBe(full.stayers.total);
    expect(sampled.stayers.kept).toBeGreaterThan(6 * 250 * 0.8);
    expect(sampled.stayers.kept).toBeLessThan(6 * 250 * 1.2);
    expect(sampled.rows).toBe(sampled.leavers + sampled.stayers.kept);
    // Calibration: on the held-out customers (all of them, the real mix) the mean probability is
    // near the real leaver rate and near the unsampled model's; unweighted, the 5× denser leavers
    // would push it up about 5×.
    const realRate = full.leavers / full.rows;
    expect(sampled.holdout.meanProbability).toBeGreaterThan(realRate / 1.5);
    expect(sampled.holdout.meanProbability).toBeLessThan(realRate * 1.5);
    expect(sampled.holdout.meanProbability / full.holdout.meanProbability).toBeGreaterThan(0.67);
    expect(sampled.holdout.meanProbability / full.holdout.meanProbability).toBeLessThan(1.5);
    expect(sampled.holdout.auc).toBeGreaterThan(0.65);
  }, 120_000);

  it("training stores the model with version, window and metrics; scoring writes every customer's score and reasons", async () => {
    const trained = await runChurnTask({
      kind: "train",
      path: app.store.path,
      options: { asOf: AS_OF },
      now: Date.parse(`${AS_OF}T08:00:00Z`),
    });
    expect(trained).toMatchObject({
      kind: "train",
      status: "trained",
      version: "2026-09-24#1",
      holdoutDay: "2026-09-24",
    });
    const stored = loadLatestModel(app.store.sql);
    expect(stored.ok).toBe(true);
    // On the held-out day the average probability is near the share who did leave in training.
    const t = trained as { rows: number; leavers: number; holdout: { meanProbability: number } };
    const trainingRate = t.leavers / t.rows;
    expect(t.holdout.meanProbability).toBeGreaterThan(trainingRate / 2);
    expect(t.holdout.meanProbability).toBeLessThan(trainingRate * 2);
    const scored = await runChurnTask({ kind: "score", path: app.store.path, day: AS_OF });
    expect(scored.kind).toBe("score");
    const sql = app.store.sql;
    const current = sql.prepare(`SELECT COUNT(*) FROM "Customer" WHERE "status" != 'left'`).pluck().get();
    expect(sql.prepare(`SELECT COUNT(*) FROM "ChurnScore" WHERE "day" = ?`).pluck().get(AS_OF)).toBe(current);
    const mean = sql
      .prepare(`SELECT AVG("probability") FROM "ChurnScore" WHERE "day" = ?`)
      .pluck()
      .get(AS_OF) as number;
    // Calibrated to the real mix: about the share who leave within a month, not 50 %.
    expect(mean).toBeGreaterThan(0.005);
    expect(mean).toBeLessThan(0.08);
    const top = sql
      .prepare(`SELECT "reasons" FROM "ChurnScore" WHERE "day" = ? ORDER BY "probability" DESC LIMIT 20`)
      .pluck()
      .all(AS_OF) as string[];
    for (const reasons of top) expect(JSON.parse(reasons).length).toBeGreaterThan(0);
  }, 120_000);
});
