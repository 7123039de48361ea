/**
 * The churn side of the warnings bench's store (issue #12 measures `/risk` on a day WITH churn
 * scores): what the day has, and with BENCH_WARNINGS_CHURN=1 the product's own steps to give it
 * scores when it has none — a model trained on this store's history when it has no usable one
 * (runChurnTask "train", as the daily churn step does), then the day scored and re-ranked
 * (runChurnTask "score": two helper threads, then rank-day.ts). Run after the day's warnings exist.
 */
import { loadavg } from "node:os";
import { DEFAULT_RULES_CONFIG } from "../src/domain/rules-config.js";
import { runChurnTask } from "../src/services/churn/churn-task.js";
import { loadLatestModel } from "../src/services/churn/model-store.js";
import type { SqliteDatabase } from "../src/store/database.js";

/** What the day's churn side is, in one line for the bench's output. */
export function churnStateOf(sql: SqliteDatabase, day: string): { scores: number; line: string } {
  const scored = sql
    .prepare(`SELECT COUNT(*) AS n, MIN(modelVersion) AS version FROM ChurnScore WHERE day = ?`)
    .get(day) as { n: number; version: string | null };
  const modelOnly = sql
    .prepare(`SELECT COUNT(*) FROM WarningRank WHERE day = ? AND modelOnly = 1`)
    .pluck()
    .get(day) as number;
  const model = loadLatestModel(sql);
  const newest = model.ok ? `newest model ${model.value.version}` : `no usable model (${model.error.code})`;
  return {
    scores: scored.n,
    line:
      scored.n > 0
        ? `${scored.n.toLocaleString("en")} churn scores on ${day} by model ${scored.version}, ${modelOnly.toLocaleString("en")} customers ranked as the model's additions; ${newest}`
        : `no churn scores on ${day}; ${newest}`,
  };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

/**
 * Gives the day churn scores through the product's steps when it has none (training first when
 * there is no usable model). `sql` is the bench's connection (only read here); the tasks open their own.
 */
export async function ensureChurnScores(sql: SqliteDatabase, path: string, day: string): Promise<void> {
  if (churnStateOf(sql, day).scores > 0) return;
  if (!loadLatestModel(sql).ok) {
    const started = performance.now();
    const trained = await runChurnTask({
      kind: "train",
      path,
      options: { asOf: day },
      now: Date.parse(`${day}T01:00:00Z`),
    });
    if (trained.kind !== "train") throw new Error("training did not run");
    console.log(
      `  churn: trained ${trained.version} on this store (${trained.status}, ${trained.rows.toLocaleString("en")} rows, ${trained.leavers} leavers, holdout AUC ${trained.holdout.auc.toFixed(3)}) in ${((performance.now() - started) / 1000).toFixed(0)} s; load ${load()}`,
    );
  }
  const started = performance.now();
  const scored = await runChurnTask({ kind: "score", path, day, rules: DEFAULT_RULES_CONFIG });
  if (scored.kind !== "score") throw new Error(`the day was not scored (${scored.kind})`);
  console.log(
    `  churn: scored ${scored.customers.toLocaleString("en")} customers on ${day} with ${scored.version}, ${scored.modelOnly ?? 0} added to the list, in ${((performance.now() - started) / 1000).toFixed(0)} s; load ${load()}`,
  );
}
