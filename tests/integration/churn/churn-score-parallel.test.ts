/**
 * The daily scoring over two threads (src/services/churn/score-parallel.ts) writes the same ChurnScore
 * rows as the scoring in one thread, field for field, from the same kept-window move; and a helper
 * thread that crashes or exits leaves the scores stored before and fails with a clear error. A
 * generated store in a real SQLite file, a model trained on it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { addDays } from "../../../src/domain/dates.js";
import type { BoostedModel } from "../../../src/model/gbdt/model.js";
import { loadLatestModel, saveTraining } from "../../../src/services/churn/model-store.js";
import { runChurnTaskInWorker } from "../../../src/services/churn/run-in-worker.js";
import { scoreStoreInParallel } from "../../../src/services/churn/score-parallel.js";
import { scoreStore } from "../../../src/services/churn/score-store.js";
import { trainFromStore } from "../../../src/services/churn/train-from-store.js";
import { moveUsageWindowTo } from "../../../src/services/churn/usage-window.js";
import { customerRanges } from "../../../src/store/churn-feature-rows.js";
import { keptUsageWindows, usageWindowsFromRows } from "../../../src/store/churn-usage-window.js";
import { createTestApp } from "../../setup/test-app.js";

const D = "2026-11-23";
const failing = new URL("../../fixtures/churn/failing-score-part.ts", import.meta.url).href;

describe("scoring the store over two threads", { timeout: 180_000 }, () => {
  let app: App;
  let model: BoostedModel;
  let version: string;
  const sql = () => app.store.sql;
  const scoresOf = (day: string) =>
    sql().prepare(`SELECT * FROM "ChurnScore" WHERE "day" = ? ORDER BY "customerId"`).all(day);

  beforeAll(async () => {
    app = createTestApp({ asOf: D });
    await loadDemo(app.store, { seed: 3, asOf: D, customers: 300, days: 210 });
    const training = trainFromStore(sql(), { asOf: D, minLeavers: 20 });
    saveTraining(sql(), training, new Date(`${D}T01:00:00Z`));
    const stored = loadLatestModel(sql());
    if (!stored.ok) throw new Error(stored.error.message);
    ({ model, version } = stored.value);
  }, 300_000);
  afterAll(async () => app?.store.close());

  it("writes the same scores and reasons as one thread, field for field, after the same fold", async () => {
    // Both runs move the kept window from the day before (a fold), then score D; in both a usage
    // row was updated meanwhile (its customer is recounted, not folded).
    const [changed, changedDay] = [
      sql()
        .prepare(`SELECT "id" FROM "Customer" WHERE "status" = 'active' ORDER BY "id" LIMIT 1 OFFSET 7`)
        .pluck()
        .get() as string,
      addDays(D, -3),
    ];
    const update = (spend: string) =>
      sql()
        .prepare(`UPDATE "DailyUsage" SET "spend" = ${spend} WHERE "customerId" = ? AND "date" = ?`)
        .run(changed, changedDay).changes;
    moveUsageWindowTo(sql(), addDays(D, -1));
    expect(update(`"spend" + 1.25`)).toBe(1);
    const serial = scoreStore(sql(), D, model, version);
    const one = scoresOf(D);
    moveUsageWindowTo(sql(), addDays(D, -1));
    expect(update(`"spend"`)).toBe(1);
    const phases: string[] = []; // the same value: still a change entry
    const parallel = await scoreStoreInParallel(sql(), app.store.path, D, model, version, {
      minCustomers: 0,
      chunk: 37, // several chunks, the last one short
      onPhase: (phase) => phases.push(phase),
    });
    const two = scoresOf(D);
    expect(phases).toEqual(["helper_sums", "window_moved", "first_chunk", "helper_done", "scores_written"]);
    expect(parallel.window).toEqual({ mode: "fold", from: addDays(D, -1), recounted: 1 });
    expect(parallel.customers).toBe(serial.customers);
    expect(serial.customers).toBeGreaterThan(200);
    expect(two).toEqual(one);
    expect(new Set(one.map((r) => (r as { reasons: string }).reasons)).size).toBeGreaterThan(10);
    // The fold this thread did while the helper read is the recount's.
    expect(keptUsageWindows(sql())).toEqual(usageWindowsFromRows(sql(), D));
  });

  it("gives the helpers ranges of about equal numbers of customers that cover every id once", () => {
    const ids = sql().prepare(`SELECT "id" FROM "Customer" ORDER BY "id"`).pluck().all() as string[];
    for (const parts of [1, 2, 3]) {
      const ranges = customerRanges(sql(), parts);
      expect(ranges).toHaveLength(parts);
      expect(ranges[0]!.from).toBeNull();
      expect(ranges.at(-1)!.to).toBeNull();
      const sizes = ranges.map(
        (r) => ids.filter((id) => (r.from === null || id >= r.from) && (r.to === null || id < r.to)).length,
      );
      expect(sizes.reduce((a, b) => a + b)).toBe(ids.length);
      for (const size of sizes) expect(Math.abs(size - ids.length / parts)).toBeLessThanOrEqual(1);
    }
  });

  it("runs the same way inside the churn task's worker thread (a thread started from a thread)", async () => {
    const before = scoresOf(D);
    sql().prepare(`DELETE FROM "ChurnScore" WHERE "day" = ?`).run(D);
    const result = await runChurnTaskInWorker({
      kind: "score",
      path: app.store.path,
      day: D,
      parallel: { minCustomers: 0, chunk: 50, foldParts: 3 }, // a helper reads a third of the fold's rows
    });
    expect(result).toMatchObject({ ok: true, value: { kind: "score", customers: before.length } });
    expect(scoresOf(D)).toEqual(before);
  });

  for (const mode of ["throw", "exit"] as const) {
    it(`a helper that ${mode === "throw" ? "throws" : "exits"} while scoring leaves the scores stored before and says why`, async () => {
      const day = addDays(D, 1);
      scoreStore(sql(), day, model, version); // the day's scores from an earlier run
      const before = scoresOf(day);
      const previous = scoresOf(D);
      const run = scoreStoreInParallel(sql(), app.store.path, day, model, version, {
        minCustomers: 0,
        helperEntry: `${failing}?mode=${mode}`,
      });
      await expect(run).rejects.toThrow(
        mode === "throw"
          ? "churn scoring thread failed: simulated crash while scoring"
          : "churn scoring thread exited with code 7 before it finished",
      );
      expect(sql().inTransaction).toBe(false);
      expect(scoresOf(day)).toEqual(before);
      expect(scoresOf(D)).toEqual(previous);
      // The store is still writable: the next run scores the day again, the same.
      await scoreStoreInParallel(sql(), app.store.path, day, model, version, { minCustomers: 0 });
      expect(scoresOf(day)).toEqual(before);
    });
  }

  it("a helper that fails during the fold leaves the kept window where it was", async () => {
    const day = addDays(D, 2);
    const state = () => sql().prepare(`SELECT * FROM "ChurnUsageWindowState"`).get();
    const window = () => keptUsageWindows(sql());
    const [stateBefore, windowBefore] = [state(), window()];
    await expect(
      scoreStoreInParallel(sql(), app.store.path, day, model, version, {
        minCustomers: 0,
        helperEntry: `${failing}?mode=fold`,
      }),
    ).rejects.toThrow("churn scoring thread failed: simulated crash while folding");
    expect(sql().inTransaction).toBe(false);
    expect(state()).toEqual(stateBefore);
    expect(window()).toEqual(windowBefore);
    expect(scoresOf(day)).toEqual([]);
  });
});
