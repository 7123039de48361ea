/**
 * The churn model's daily step, separate from the warnings job and started after it: each tick, if
 * today has no churn scores yet, retrain first when the newest model is older than
 * `retrainDays` (or there is none), then score every customer. Both run in a worker thread; a tick
 * while a run is in progress joins it instead of starting another. Like the warnings job it ticks with injected timers and reads
 * the day from the clock, so tests drive it by hand.
 */
import { type Clock, type IntervalTimers, SYSTEM_TIMERS } from "../../clock.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { Logger } from "../../logger.js";
import { isDayScored } from "../../store/churn-scores.js";
import type { SqliteDatabase } from "../../store/database.js";
import { Leadership, type TakeLock } from "../../store/instance-lock.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import type { ChurnTask, ChurnTaskResult } from "./churn-task.js";
import { latestTrainingTime, latestTrainingTimeOn } from "./model-store.js";
import { runChurnTaskInWorker } from "./run-in-worker.js";

export interface DailyChurnOptions {
  /** The SQLite store's connection; a PostgreSQL store gives `db` instead. */
  sql?: SqliteDatabase;
  /** The PostgreSQL store's handle (the day's scores and the newest model are read through it). */
  db?: SqlHandle;
  /** The store file the worker opens, or the PostgreSQL URL it connects to. */
  path: string;
  clock: Clock;
  timeZone: string;
  retrainDays: number;
  /** The rules the day's risk list is ranked with once scored (RULES_CONFIG). */
  rules: RulesConfig;
  logger: Logger;
  tickMs?: number;
  timers?: IntervalTimers;
  /** With several instances on one store, only the holder of this lock trains and scores. */
  lock?: TakeLock;
  /** Where tasks run (default: a worker thread). */
  run?: (
    task: ChurnTask,
  ) => Promise<{ ok: true; value: ChurnTaskResult } | { ok: false; error: { message: string } }>;
}

export interface DailyChurnJob {
  /** One check now (or the run in progress); resolves with its results ([] when nothing was due). */
  tick(): Promise<ChurnTaskResult[]>;
  stop(): void;
}

const DAY_MS = 86_400_000;

/** The lock the daily churn steps of several instances share. */
export const DAILY_CHURN_LOCK = "daily-churn";

/** Whether a day is scored and when the newest model was trained, on the store given. */
function storeChecks(options: DailyChurnOptions) {
  const { db, sql } = options;
  if (db) return { scored: (day: string) => isDayScored(db, day), trainedAt: () => latestTrainingTimeOn(db) };
  if (!sql) throw new Error("the daily churn step needs the store's `sql` or `db`");
  return {
    scored: async (day: string) =>
      sql.prepare(`SELECT 1 FROM "ChurnScore" WHERE "day" = ? LIMIT 1`).get(day) !== undefined,
    trainedAt: async () => latestTrainingTime(sql),
  };
}

export function startDailyChurn(options: DailyChurnOptions): DailyChurnJob {
  const timers = options.timers ?? SYSTEM_TIMERS;
  const run = options.run ?? runChurnTaskInWorker;
  let running: Promise<ChurnTaskResult[]> | null = null;
  const checks = storeChecks(options);
  const leadership = options.lock ? new Leadership(options.lock, DAILY_CHURN_LOCK) : null;
  const due = async (): Promise<ChurnTaskResult[]> => {
    const day = options.clock.today(options.timeZone);
    if (await checks.scored(day)) return [];
    if (leadership && !(await leadership.hold())) return []; // another instance scores the day
    const results: ChurnTaskResult[] = [];
    const now = options.clock.now().getTime();
    const trainedAt = await checks.trainedAt();
    if (trainedAt === null || now - trainedAt >= options.retrainDays * DAY_MS) {
      const trained = await run({ kind: "train", path: options.path, options: { asOf: day }, now });
      if (!trained.ok) throw new Error(trained.error.message);
      results.push(trained.value);
      options.logger.info({ ...trained.value }, "churn model trained");
    }
    const scoredNow = await run({ kind: "score", path: options.path, day, rules: options.rules });
    if (!scoredNow.ok) throw new Error(scoredNow.error.message);
    results.push(scoredNow.value);
    options.logger.info({ ...scoredNow.value }, "churn scores computed");
    return results;
  };
  const tick = (): Promise<ChurnTaskResult[]> => {
    if (running) return running; // one run at a time: a tick during a run waits for it
    running = due().finally(() => {
      running = null;
    });
    return running;
  };
  const safeTick = () => {
    tick().catch((error: unknown) =>
      options.logger.error({ err: error }, "daily churn step failed; retried on the next tick"),
    );
  };
  safeTick();
  const handle = timers.setInterval(safeTick, options.tickMs ?? 5 * 60_000);
  (handle as { unref?: () => void } | null)?.unref?.();
  return {
    tick,
    stop: () => {
      timers.clearInterval(handle);
      void leadership?.release();
    },
  };
}
