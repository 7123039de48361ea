/**
 * The entry points of the daily warnings job on the SQL handle (the PostgreSQL store; SQLite keeps
 * `ensureMaterialised`/`startDailyWarnings` in daily-job.ts): `ensureDayOn` computes day D unless
 * it is complete, one instance at a time across instances (the daily job's lock) and one run per
 * day in this process (a second caller awaits the first); `startDailyWarningsOn` calls it for the
 * local day at start and on every tick, as the bot's daily job.
 */
import { type Clock, type IntervalTimers, SYSTEM_TIMERS } from "../../clock.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { Logger } from "../../logger.js";
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
  /**
   * Asked between pages and while waiting for another instance: true ends the call (a run in
   * progress is rolled back, so the day keeps the list it had). The bot's shutdown sets it.
   */
  stopped?: () => boolean;
}

/** A run ended by `stopped` (the bot shutting down). */
export class DayRunStopped extends Error {
  constructor() {
    super("daily warnings run stopped before it completed; the day keeps the list it had");
  }
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
  const { lock, standbyPollMs, stopped = () => false, ...job } = options;
  const onPage = (done: number) => {
    if (stopped()) throw new DayRunStopped();
    job.onPage?.(done);
  };
  for (;;) {
    if (stopped() || (await isDayComplete(db, day))) return null;
    const held = lock ? await lock(DAILY_WARNINGS_LOCK) : null;
    if (lock && held === null) {
      // Another instance computes: its rows appear when its run commits (or it stops, freeing the lock).
      await new Promise((resolve) => setTimeout(resolve, standbyPollMs ?? 2_000));
      continue;
    }
    try {
      // The holder before us may have completed the day while we took the lock.
      if (await isDayComplete(db, day)) return null;
      return await materialiseDayOn(db, day, rules, { ...job, onPage });
    } finally {
      await held?.release();
    }
  }
}

export interface DailyWarningsOnOptions extends EnsureDayOptions {
  db: SqlHandle;
  rules: RulesConfig;
  clock: Clock;
  timeZone: string;
  logger: Logger;
  /** How often to look whether the local day is complete yet (default 5 min). */
  tickMs?: number;
  timers?: IntervalTimers;
}

/** The bot's daily warnings job on the SQL handle; `ensureDay` is what the briefings wait on. */
export interface DailyWarningsOnJob {
  /** Computes today when missing; the stats when this call computed it. */
  tick(): Promise<DayOnHandleStats | null>;
  ensureDay(day: string): Promise<void>;
  /** Ends the ticking and a run in progress (rolled back); resolves once it has settled. */
  stop(): Promise<void>;
}

/**
 * Starts the daily job on the SQL handle: one tick now (today is computed at start-up when
 * missing), then one every `tickMs`, so the first tick after local midnight computes the new day.
 * A failed run is logged and tried again on the next tick.
 */
export function startDailyWarningsOn(options: DailyWarningsOnOptions): DailyWarningsOnJob {
  const { db, rules, clock, timeZone, logger, tickMs, timers = SYSTEM_TIMERS, ...ensure } = options;
  let stopped = false;
  const running = new Set<Promise<unknown>>();
  const run = async (day: string) => {
    const going = ensureDayOn(db, day, rules, { ...ensure, stopped: () => stopped });
    running.add(going);
    try {
      const stats = await going;
      if (stats) logger.info({ ...stats }, "daily warnings materialised");
      return stats;
    } finally {
      running.delete(going);
    }
  };
  const tick = () => (stopped ? Promise.resolve(null) : run(clock.today(timeZone)));
  const safeTick = () => {
    tick().catch((error: unknown) => {
      if (stopped && error instanceof DayRunStopped) logger.info("daily warnings run stopped by shutdown");
      else if (!stopped) logger.error({ err: error }, "daily warnings job failed; retried on the next tick");
    });
  };
  safeTick();
  const handle = timers.setInterval(safeTick, tickMs ?? 5 * 60_000);
  (handle as { unref?: () => void } | null)?.unref?.();
  return {
    tick,
    ensureDay: async (day) => {
      await run(day);
    },
    async stop() {
      stopped = true;
      timers.clearInterval(handle);
      await Promise.allSettled(running);
    },
  };
}
