/**
 * The churn model's two heavy tasks — train on the history, score a day — run on their own SQLite
 * connection, so they can run in a worker thread (churn-worker.ts) without touching the bot's. A
 * task whose `path` is a PostgreSQL URL runs on a pool of its own (churn-task-on-handle.ts).
 */
import Database from "better-sqlite3";
import { storeKind } from "../../config.js";
import { DEFAULT_RULES_CONFIG, type RulesConfig } from "../../domain/rules-config.js";
import { loadLatestModel, saveTraining } from "./model-store.js";
import { rankScoredDay } from "./rank-day.js";
import { type ParallelScoringOptions, scoreStoreInParallel } from "./score-parallel.js";
import { type StoreTrainingOptions, trainFromStore } from "./train-from-store.js";

/** `path`: the SQLite store file, or the PostgreSQL store's URL. */
export type ChurnTask =
  | { kind: "train"; path: string; options: StoreTrainingOptions; now: number }
  /**
   * `rules` (default: the defaults) ranks the day's risk list with the new scores (rank-day.ts);
   * `parallel` tunes the two-thread scoring (score-parallel.ts).
   */
  | { kind: "score"; path: string; day: string; rules?: RulesConfig; parallel?: ParallelScoringOptions };

export type ChurnTaskResult =
  | {
      kind: "train";
      version: string;
      status: "trained" | "too_few_leavers";
      rows: number;
      leavers: number;
      /** Stayer customer-days in the snapshots, and how many were kept (sampled above 50,000 a day). */
      stayers: { total: number; kept: number };
      dataFrom: string;
      dataTo: string;
      holdoutDay: string;
      holdout: {
        auc: number;
        gini: number;
        topDecileLift: number;
        rows: number;
        leavers: number;
        baseRate: number;
        meanProbability: number;
      };
      ms: number;
    }
  | {
      kind: "score";
      day: string;
      customers: number;
      version: string;
      ms: number;
      /** Customers the model added to the day's risk list (null: the list is not computed yet). */
      modelOnly: number | null;
    }
  | { kind: "score_skipped"; day: string; reason: string };

/** Runs a task on its own connection; scoring splits over two threads (score-parallel.ts). */
export async function runChurnTask(
  task: ChurnTask,
  scoring?: ParallelScoringOptions,
): Promise<ChurnTaskResult> {
  if (storeKind(task.path) === "postgres") {
    // Loaded only for a PostgreSQL store (pg stays unloaded on SQLite).
    const { runChurnTaskOnPostgres } = await import("./churn-task-on-handle.js");
    return runChurnTaskOnPostgres(task);
  }
  const sql = new Database(task.path);
  sql.pragma("busy_timeout = 10000");
  try {
    if (task.kind === "train") {
      const started = performance.now();
      const training = trainFromStore(sql, task.options);
      const version = saveTraining(sql, training, new Date(task.now));
      const { model: _, ...about } = training;
      return { kind: "train", version, ...about, ms: performance.now() - started };
    }
    const model = loadLatestModel(sql);
    if (!model.ok) return { kind: "score_skipped", day: task.day, reason: model.error.message };
    const stats = await scoreStoreInParallel(
      sql,
      task.path,
      task.day,
      model.value.model,
      model.value.version,
      scoring,
    );
    const ranked = rankScoredDay(sql, task.day, task.rules ?? DEFAULT_RULES_CONFIG);
    return scoredResult(task.day, model.value.version, stats, ranked);
  } finally {
    sql.close();
  }
}

/** What a scoring task reports: the day, the model, the customers scored and the model-only rows added. */
export const scoredResult = (
  day: string,
  version: string,
  stats: { customers: number; ms: number },
  ranked: { modelOnly: number } | null,
): ChurnTaskResult => ({
  kind: "score",
  day,
  customers: stats.customers,
  version,
  ms: stats.ms,
  modelOnly: ranked ? ranked.modelOnly : null,
});
