import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { manualClock } from "../../../src/clock.js";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { runChurnTask } from "../../../src/services/churn/churn-task.js";
import { startDailyChurn } from "../../../src/services/churn/daily-churn.js";
import { loadLatestModel } from "../../../src/services/churn/model-store.js";
import { runCli } from "../../setup/run-cli.js";
import { createTestApp } from "../../setup/test-app.js";

const AS_OF = "2026-11-23";

describe("too few leavers, or a damaged model: rules only, said plainly", () => {
  let app: App;

  beforeAll(async () => {
    app = createTestApp({ asOf: AS_OF });
    await loadDemo(app.store, { seed: 3, asOf: AS_OF, customers: 300, days: 210 });
  }, 120_000);
  afterAll(async () => app?.store.close());

  it("without any training there is no model, and scoring is skipped with the reason", async () => {
    const latest = loadLatestModel(app.store.sql);
    expect(latest.ok).toBe(false);
    if (!latest.ok) expect(latest.error.code).toBe("no_model");
    expect(await runChurnTask({ kind: "score", path: app.store.path, day: AS_OF })).toEqual({
      kind: "score_skipped",
      day: AS_OF,
      reason: "no churn model has been trained yet",
    });
  });

  it("`model train` on a small history stores no model and says rules only (exit 3)", async () => {
    const run = await runCli(["model", "train", "--db", app.store.path, "--as-of", AS_OF], {
      env: { RETAINBOT_LOCALE: "en" },
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /ranked by rules only \(\d+ leavers in the history, at least 200 are needed to train\)/,
    );
    const latest = loadLatestModel(app.store.sql);
    expect(!latest.ok && latest.error.code).toBe("too_few_leavers");
    const json = await runCli(["model", "train", "--json", "--db", app.store.path, "--as-of", AS_OF]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      kind: "train",
      status: "too_few_leavers",
      version: "2026-09-24#2",
    });
  }, 120_000);

  it("a damaged model row is an error value naming it, never a crash", async () => {
    app.store.sql
      .prepare(
        `INSERT INTO "ChurnModel" ("version", "trainedAt", "dataFrom", "dataTo", "holdoutDay", "rows", "leavers", "metrics", "model")
         VALUES ('broken#1', ?, '2026-08-01', '2026-09-01', '2026-09-24', 1, 1, '{}', '{"format":"retainbot-gbdt/1","trees":[')`,
      )
      .run(Date.parse("2026-11-20T00:00:00Z"));
    const latest = loadLatestModel(app.store.sql);
    expect(latest.ok).toBe(false);
    if (!latest.ok)
      expect(latest.error).toEqual({
        code: "model_invalid",
        message: "churn model broken#1 is damaged (not JSON)",
      });
    expect(await runChurnTask({ kind: "score", path: app.store.path, day: AS_OF })).toMatchObject({
      kind: "score_skipped",
    });
  });

  it("the daily step retrains when the model is older than the retrain interval, then scores", async () => {
    const clock = manualClock(new Date(`${AS_OF}T02:00:00Z`));
    const tasks: string[] = [];
    const job = startDailyChurn({
      sql: app.store.sql,
      path: app.store.path,
      clock,
      timeZone: "Asia/Shanghai",
      retrainDays: 7,
      rules: app.rules,
      logger: app.logger,
      timers: { setInterval: () => 0, clearInterval: () => {} },
      run: async (task) => {
        tasks.push(task.kind);
        return { ok: true, value: await runChurnTask(task) };
      },
    });
    // The start-up tick: the newest model (3 days old) is recent enough, so it only scores (and
    // scoring is skipped: that model is damaged).
    await job.tick();
    expect(tasks).toEqual(["score"]);
    clock.advance(8 * 86_400_000);
    tasks.length = 0;
    const results = await job.tick();
    expect(tasks).toEqual(["train", "score"]);
    expect(results.map((r) => r.kind)).toEqual(["train", "score_skipped"]);
    job.stop();
  }, 120_000);
});
