/**
 * The daily warnings job around materialiseWarnings: run it for a day whose rows are missing
 * (at start-up, then whenever the local day turns), and count a day's rows by signal and level.
 * Like the briefing scheduler it ticks with injected timers and reads the day from the clock, so
 * tests drive it by hand.
 */
import { type Clock, type IntervalTimers, SYSTEM_TIMERS } from "../../clock.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { SIGNAL_CODES, type SignalCode } from "../../domain/signals/types.js";
import type { Logger } from "../../logger.js";
import type { SqliteDatabase } from "../../store/database.js";
import { hasMaterialised, type MaterialiseStats, materialiseWarnings } from "./materialise.js";

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
  return rows.sort(
    (a, b) =>
      a.level - b.level ||
      SIGNAL_CODES.indexOf(a.code as SignalCode) - SIGNAL_CODES.indexOf(b.code as SignalCode) ||
      a.code.localeCompare(b.code),
  );
}

export interface DailyWarningsOptions {
  sql: SqliteDatabase;
  rules: RulesConfig;
  clock: Clock;
  timeZone: string;
  logger: Logger;
  /** How often to look whether the local day has rows yet (default 5 min). */
  tickMs?: number;
  timers?: IntervalTimers;
}

/** A running daily job: `tick()` runs one check now; `stop()` ends the ticking. */
export interface DailyWarningsJob {
  tick(): MaterialiseStats | null;
  stop(): void;
}

/**
 * Starts the daily job: one check now (today's rows are computed at start-up when missing), then
 * one every `tickMs`, so the first tick after local midnight computes the new day.
 */
export function startDailyWarnings(options: DailyWarningsOptions): DailyWarningsJob {
  const timers = options.timers ?? SYSTEM_TIMERS;
  const tick = (): MaterialiseStats | null => {
    const day = options.clock.today(options.timeZone);
    const stats = ensureMaterialised(options.sql, day, options.rules);
    if (stats) options.logger.info({ ...stats }, "daily warnings materialised");
    return stats;
  };
  const safeTick = () => {
    try {
      tick();
    } catch (error) {
      options.logger.error({ err: error }, "daily warnings job failed; retried on the next tick");
    }
  };
  safeTick();
  const handle = timers.setInterval(safeTick, options.tickMs ?? 5 * 60_000);
  // The job alone must not keep a process alive (the adapters or the console do that).
  (handle as { unref?: () => void } | null)?.unref?.();
  return { tick, stop: () => timers.clearInterval(handle) };
}
