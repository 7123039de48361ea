/**
 * The daily warnings job around materialiseWarnings: run it for a day whose rows are missing
 * (at start-up, then whenever the local day turns) — in the bot, in a worker thread (src/jobs), so
 * the chats keep answering — and count a day's rows by signal and level.
 * Like the briefing scheduler it ticks with injected timers and reads the day from the clock, so
 * tests drive it by hand.
 */
import { type Clock, type IntervalTimers, SYSTEM_TIMERS } from "../../clock.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { SIGNAL_CODES, type SignalCode } from "../../domain/signals/types.js";
import type { RunningJob } from "../../jobs/job-runner.js";
import type { Logger } from "../../logger.js";
import { metrics } from "../../metrics.js";
import type { SqliteDatabase } from "../../store/database.js";
import { Leadership, type TakeLock } from "../../store/instance-lock.js";
import { type MaterialiseStats, materialiseWarnings } from "./materialise.js";
import { hasMaterialised } from "./warning-runs.js";
import { startWarningsJob, type WarningsTaskInput } from "./warnings-task.js";

/**
 * Days this process has materialised, per store: a day that came out with no warnings at all has
 * no rows to show it ran, and must not be recomputed on every tick or every briefing.
 */
const doneHere = new WeakMap<SqliteDatabase, Set<string>>();

/** Runs the job for day D unless it already has rows (or ran here); the stats when it ran. */
export function ensureMaterialised(
  sql: SqliteDatabase,
  day: string,
  rules: RulesConfig,
): MaterialiseStats | null {
  const done = doneHere.get(sql) ?? new Set<string>();
  doneHere.set(sql, done);
  if (done.has(day) || hasMaterialised(sql, day)) return null;
  const stats = materialiseWarnings(sql, day, rules);
  done.add(day);
  return stats;
}

/**
 * `ensureMaterialised` for a process beside the bot (the CLI) on the same store: computed here only
 * under the daily job's lock; while another process holds it (the bot's job computing the day),
 * waits for the day's rows instead of racing that run, which would stop one of the two as superseded.
 */
export async function ensureMaterialisedBeside(
  sql: SqliteDatabase,
  day: string,
  rules: RulesConfig,
  lock: TakeLock,
  options: { pollMs?: number } = {},
): Promise<void> {
  for (;;) {
    if (hasMaterialised(sql, day)) return;
    const held = await lock(DAILY_WARNINGS_LOCK);
    if (held) {
      try {
        ensureMaterialised(sql, day, rules);
      } finally {
        await held.release();
      }
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1_000));
  }
}

export interface WarningCountRow {
  code: string;
  level: number;
  count: number;
}

/** The stored warnings of day D by signal and level (level 1 first, then the signals' order). */
export function warningCountsOn(sql: SqliteDatabase, day: string): WarningCountRow[] {
  const rows = sql
    .prepare("SELECT code, level, COUNT(*) AS count FROM Warning WHERE day = ? GROUP BY code, level")
    .all(day) as WarningCountRow[];
  return rows.sort(bySignalOrder);
}

/** Counts in the order they are printed: level 1 first, then the signals' order. */
export const bySignalOrder = (a: WarningCountRow, b: WarningCountRow): number =>
  a.level - b.level ||
  SIGNAL_CODES.indexOf(a.code as SignalCode) - SIGNAL_CODES.indexOf(b.code as SignalCode) ||
  a.code.localeCompare(b.code);

/** How the job computes a day: in this thread, or (the bot) in a worker thread. */
export interface DayRunner {
  run(day: string): Promise<MaterialiseStats>;
  /** Stops a run in progress; its day keeps the list it had. */
  cancel(): Promise<void>;
}

/** Computes a day in this thread (the CLI, tests). */
export function inThisThread(sql: SqliteDatabase, rules: RulesConfig): DayRunner {
  return { run: async (day) => materialiseWarnings(sql, day, rules), cancel: async () => {} };
}

/**
 * Computes a day in a worker thread on its own connection to the store file: the chats keep
 * answering. `task` passes the worker threads to judge in (RETAINBOT_WARNINGS_WORKERS), page size
 * and a pause per page through (tests slow a small job down).
 */
export function inWorkerThread(
  dbPath: string,
  rules: RulesConfig,
  logger: Logger,
  task: Pick<WarningsTaskInput, "pageSize" | "pauseMsPerPage"> & {
    /** The worker threads to judge in, asked at each run (default 1). */
    workers?: () => number;
  } = {},
): DayRunner {
  let current: RunningJob<MaterialiseStats> | null = null;
  const { workers, ...rest } = task;
  return {
    async run(day) {
      const threads = workers?.() ?? 1;
      logger.debug({ day, workers: threads }, "daily warnings started");
      current = startWarningsJob(
        { dbPath, day, rules, ...rest, workers: threads },
        { onProgress: (done) => logger.debug({ day, customersDone: done }, "daily warnings progress") },
      );
      const result = await current.result;
      current = null;
      if (!result.ok) throw new Error(`daily warnings ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    cancel: async () => {
      await current?.cancel();
    },
  };
}

export interface DailyWarningsOptions {
  sql: SqliteDatabase;
  rules: RulesConfig;
  clock: Clock;
  timeZone: string;
  logger: Logger;
  /** How a day is computed (default: in this thread). */
  runner?: DayRunner;
  /** How often to look whether the local day has rows yet (default 5 min). */
  tickMs?: number;
  timers?: IntervalTimers;
  /**
   * With several instances on one store: only the holder of this lock computes days; the others
   * wait for its rows (and take over when it stops or dies). Absent: this process alone decides.
   */
  lock?: TakeLock;
  /** How often a waiting `ensureDay` looks for the rows another instance is computing (default 2 s). */
  standbyPollMs?: number;
}

/** The lock the daily warnings jobs of several instances share. */
export const DAILY_WARNINGS_LOCK = "daily-warnings";

/** A running daily job: `tick()` runs one check now; `stop()` ends the ticking and cancels a run. */
export interface DailyWarningsJob {
  /** The stats when it computed the day; null when the day had its list, or a run was going on. */
  tick(): Promise<MaterialiseStats | null>;
  /**
   * Resolves once day D has its list, computing it with the job's runner when missing (briefings
   * call it for their day). A run in progress is awaited, not started twice.
   */
  ensureDay(day: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the daily job: one check now (today's rows are computed at start-up when missing), then
 * one every `tickMs`, so the first tick after local midnight computes the new day. One run at a
 * time: a tick while a day is being computed does nothing.
 */
export function startDailyWarnings(options: DailyWarningsOptions): DailyWarningsJob {
  const timers = options.timers ?? SYSTEM_TIMERS;
  const runner = options.runner ?? inThisThread(options.sql, options.rules);
  let running: Promise<MaterialiseStats> | null = null;
  let stopped = false;
  const leadership = options.lock ? new Leadership(options.lock, DAILY_WARNINGS_LOCK) : null;
  const leads = async () => leadership === null || (await leadership.hold());
  const start = (day: string): Promise<MaterialiseStats> => {
    const timer = metrics.dailyJobSeconds.startTimer();
    const run = runner.run(day);
    run.then(
      () => {
        timer();
        metrics.dailyJobs.inc({ outcome: "ok" });
      },
      () => metrics.dailyJobs.inc({ outcome: "failed" }),
    );
    running = run;
    // Cleared at the first settle (before the caller resumes), so the next tick may run.
    const clear = () => {
      running = null;
    };
    run.then(clear, clear);
    return run.then((stats) => {
      options.logger.info({ ...stats }, "daily warnings materialised");
      return stats;
    });
  };
  const tick = async (): Promise<MaterialiseStats | null> => {
    if (running || stopped) return null;
    const day = options.clock.today(options.timeZone);
    if (hasMaterialised(options.sql, day)) return null;
    // Without a lock the run starts at once (synchronously, as tests of one instance expect).
    if (leadership && (!(await leadership.hold()) || running)) return null;
    return start(day);
  };
  const idle = async () => {
    while (running) await running.catch(() => null);
  };
  const ensureDay = async (day: string): Promise<void> => {
    for (;;) {
      // One run at a time: wait for the one going on (it may be this very day), then look again.
      await idle();
      if (stopped || hasMaterialised(options.sql, day)) return;
      if (await leads()) {
        if (running) continue; // a tick started one while the lock was being taken
        await start(day);
        return;
      }
      // Another instance leads: its rows for the day appear when its run commits.
      await new Promise((resolve) => setTimeout(resolve, options.standbyPollMs ?? 2_000));
    }
  };
  const safeTick = () => {
    tick().catch((error: unknown) => {
      if (stopped) return;
      options.logger.error({ err: error }, "daily warnings job failed; retried on the next tick");
    });
  };
  safeTick();
  const handle = timers.setInterval(safeTick, options.tickMs ?? 5 * 60_000);
  // The job alone must not keep a process alive (the adapters or the console do that).
  (handle as { unref?: () => void } | null)?.unref?.();
  return {
    tick,
    ensureDay,
    stop: async () => {
      stopped = true;
      timers.clearInterval(handle);
      await runner.cancel();
      await leadership?.release();
    },
  };
}
