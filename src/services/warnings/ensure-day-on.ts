/**
 * The one entry point of the daily warnings job on the SQL handle (the PostgreSQL store; SQLite
 * keeps `ensureMaterialised`/`startDailyWarnings` in daily-job.ts): computes day D unless it is
 * complete, one instance at a time across instances (the daily job's lock) and one run per day in
 * this process (a second caller awaits the first).
 */
import type { RulesConfig } from "../../domain/rules-config.js";
import type { TakeLock } from "../../store/instance-lock.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { isDayComplete } from "../../store/warning-days.js";
import { DAILY_WARNINGS_LOCK } from "./daily-job.js";
import { type DayOnHandleOptions, type DayOnHandleStats, materialiseDayOn } from "./day-on-handle.js";

export interface EnsureDayOptions extends DayOnHandleOptions {
  /**
   * With several instances on one store: the run holds this lock (`instanceLocks(DATABASE_URL)`);
   * while another instance holds it, this one waits for the day to be complete or the lock free.
   */
  lock?: TakeLock;
  /** How often a waiting call looks again (default 2 s). */
  standbyPollMs?: number;
}

/** Runs in progress in this process, per handle and day. */
const inProgress = new WeakMap<SqlHandle, Map<string, Promise<DayOnHandleStats | null>>>();

/**
 * Resolves once day D has its list on this store: computes it (a full recompute) when no complete
 * run or rows of D exist. The stats when this call computed it, else null.
 */
export function ensureDayOn(
  db: SqlHandle,
  day: string,
  rules: RulesConfig,
  options: EnsureDayOptions = {},
): Promise<DayOnHandleStats | null> {
  if (db.dialect !== "postgres")
    return Promise.reject(
      new Error("ensureDayOn runs the PostgreSQL path of the daily job: on SQLite call ensureMaterialised"),
    );
  const runs = inProgress.get(db) ?? new Map<string, Promise<DayOnHandleStats | null>>();
  inProgress.set(db, runs);
  const going = runs.get(day);
  if (going) return going.then(() => null);
  const run = ensureOnce(db, day, rules, options).finally(() => runs.delete(day));
  runs.set(day, run);
  return run;
}

async function ensureOnce(
  db: SqlHandle,
  day: string,
  rules: RulesConfig,
  options: EnsureDayOptions,
): Promise<DayOnHandleStats | null> {
  const { lock, standbyPollMs, ...job } = options;
  for (;;) {
    if (await isDayComplete(db, day)) return null;
    const held = lock ? await lock(DAILY_WARNINGS_LOCK) : null;
    if (lock && held === null) {
      // Another instance computes: its rows appear when its run commits (or it stops, freeing the lock).
      await new Promise((resolve) => setTimeout(resolve, standbyPollMs ?? 2_000));
      continue;
    }
    try {
      // The holder before us may have completed the day while we took the lock.
      if (await isDayComplete(db, day)) return null;
      return await materialiseDayOn(db, day, rules, job);
    } finally {
      await held?.release();
    }
  }
}
