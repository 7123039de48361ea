import { dayInZone } from "./domain/dates.js";

/** The one source of "now", injected everywhere so every date-dependent answer is reproducible. */
export interface Clock {
  now(): Date;
  /** The local calendar day ("YYYY-MM-DD") in a time zone. */
  today(timeZone?: string): string;
}

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export function systemClock(): Clock {
  return { now: () => new Date(), today: (tz = DEFAULT_TIME_ZONE) => dayInZone(new Date(), tz) };
}

/**
 * A clock pinned to a day (`--as-of`): `today()` is that day in every zone, and `now()` is that
 * day's local noon in Shanghai, so instants logged under it sort sensibly.
 */
export function asOfClock(day: string): Clock {
  const instant = new Date(`${day}T12:00:00+08:00`);
  return { now: () => new Date(instant), today: () => day };
}

/** A clock the tests move by hand. */
export function manualClock(start: Date): Clock & { set(at: Date): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    today: (tz = DEFAULT_TIME_ZONE) => dayInZone(current, tz),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** Minimal interval-timer API, injected next to the clock so tests drive ticks by hand. */
export interface IntervalTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Node's own timers, the default outside tests. */
export const SYSTEM_TIMERS: IntervalTimers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};
