/**
 * The churn tasks on a PostgreSQL store (issue #14): train on the history and save the model, or
 * score a day and re-rank its list — through the SQL handle, on a pool of the task's own (the
 * churn worker thread opens it from the URL, as the SQLite task opens the store file).
 */
import { DEFAULT_RULES_CONFIG } from "../../domain/rules-config.js";
import { postgresLocks, type TakeLock } from "../../store/instance-lock.js";
import { postgresHandle } from "../../store/postgres/postgres-handle.js";
import { openPostgresPool } from "../../store/postgres/postgres-pool.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { type ChurnTask, type ChurnTaskResult, scoredResult } from "./churn-task.js";
import { latestModel, saveTrainingOn } from "./model-store.js";
import { rankScoredDayOn } from "./rank-day-on.js";
import { scoreStoreOn } from "./score-on-handle.js";
import { trainFromHandle } from "./train-from-store.js";

/**
 * A statement of the churn tasks may read a whole day's usage windows (120 days of every customer,
 * grouped): far longer than a chat's statement may take (PG_STATEMENT_TIMEOUT_MS).
 */
const TASK_STATEMENT_TIMEOUT_MS = 3_600_000;

/** Runs a task on a pool of its own to the database at `task.path` (a PostgreSQL URL). */
export async function runChurnTaskOnPostgres(task: ChurnTask): Promise<ChurnTaskResult> {
  const pool = openPostgresPool(task.path, { poolSize: 2, statementTimeoutMs: TASK_STATEMENT_TIMEOUT_MS });
  try {
    return await runChurnTaskOn(postgresHandle(pool), task, postgresLocks(task.path));
  } finally {
    await pool.end();
  }
}

/** Runs a task on the SQL handle; `lock` serialises the re-rank with the warnings job (rank-day-on.ts). */
export async function runChurnTaskOn(
  db: SqlHandle,
  task: ChurnTask,
  lock?: TakeLock,
): Promise<ChurnTaskResult> {
  if (task.kind === "train") {
    const started = performance.now();
    const training = await trainFromHandle(db, task.options);
    const version = await saveTrainingOn(db, training, new Date(task.now));
    const { model: _, ...about } = training;
    return { kind: "train", version, ...about, ms: performance.now() - started };
  }
  const model = await latestModel(db);
  if (!model.ok) return { kind: "score_skipped", day: task.day, reason: model.error.message };
  const stats = await scoreStoreOn(db, task.day, model.value.model, model.value.version);
  const ranked = await rankScoredDayOn(db, task.day, task.rules ?? DEFAULT_RULES_CONFIG, { lock });
  return scoredResult(task.day, model.value.version, stats, ranked);
}
