/**
 * The store's daily jobs as `npm start` runs them: the warnings job (today's list at start-up when
 * missing, then each new day) and the churn model's daily step. On SQLite both run in worker
 * threads on their own connections to the store file. On PostgreSQL the warnings job runs in
 * this process (the server totals the usage; the judging yields between chunks, decision 016),
 * and the churn step's training and scoring in a worker thread on a pool of its own (decision 017).
 */
import type { App } from "../app.js";
import type { TakeLock } from "../store/instance-lock.js";
import { startDailyChurn } from "./churn/daily-churn.js";
import { inWorkerThread, startDailyWarnings } from "./warnings/daily-job.js";
import { startDailyWarningsOn } from "./warnings/ensure-day-on.js";
import { lastRunCustomers } from "./warnings/warning-runs.js";
import { warningsWorkers } from "./warnings/worker-count.js";

export interface StoreJobs {
  /** Resolves once day D has its list (briefings call it for their day). */
  ensureDay(day: string): Promise<void>;
  stop(): Promise<void>;
}

/** The churn step's settings, the same on both stores. */
const churnStep = (app: App, lock: TakeLock) => ({
  clock: app.clock,
  timeZone: app.config.RETAINBOT_TIME_ZONE,
  retrainDays: app.config.CHURN_RETRAIN_DAYS,
  rules: app.rules,
  logger: app.logger.child({ area: "churn" }),
  lock,
});

export function startStoreJobs(app: App, lock: TakeLock): StoreJobs {
  const { store } = app;
  if (store.kind === "postgres") {
    const warnings = startDailyWarningsOn({
      db: store.db,
      rules: app.rules,
      clock: app.clock,
      timeZone: app.config.RETAINBOT_TIME_ZONE,
      logger: app.logger.child({ area: "warnings" }),
      lock,
    });
    const churn = startDailyChurn({ db: store.db, path: store.url, ...churnStep(app, lock) });
    return {
      ensureDay: warnings.ensureDay,
      stop: async () => {
        await warnings.stop();
        churn.stop();
      },
    };
  }
  // While a day is computed in the worker the chats answer from the latest complete day.
  const warningsLogger = app.logger.child({ area: "warnings" });
  const warnings = startDailyWarnings({
    sql: store.sql,
    rules: app.rules,
    clock: app.clock,
    timeZone: app.config.RETAINBOT_TIME_ZONE,
    logger: warningsLogger,
    lock,
    runner: inWorkerThread(store.path, app.rules, warningsLogger, {
      workers: () => warningsWorkers(app.config.RETAINBOT_WARNINGS_WORKERS, lastRunCustomers(store.sql)),
    }),
  });
  // The churn model's daily step (issue 10): weekly retraining and daily scores, in a worker thread.
  const churn = startDailyChurn({ sql: store.sql, path: store.path, ...churnStep(app, lock) });
  return {
    ensureDay: warnings.ensureDay,
    stop: async () => {
      await warnings.stop();
      churn.stop();
    },
  };
}
