/**
 * Wall-clock arithmetic in IANA time zones with Intl only: the local day and minute of an instant,
 * and the instant a local "YYYY-MM-DD HH:mm" happens (DST-aware, two passes).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone name Intl knows ("Asia/Shanghai", "Europe/Berlin", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall clock of an instant, as if it were UTC (ms). */
function wallClockMs(instant: Date, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

/** The local day ("YYYY-MM-DD") and time ("HH:mm") of an instant in a zone. */
export function localDayAndTime(instant: Date, timeZone: string): { day: string; time: string } {
  const iso = new Date(wallClockMs(instant, timeZone)).toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/**
 * The instant at which the local clock in `timeZone` shows `day` `time`. In a DST gap (a wall time
 * that does not exist) the result is read with the offset from before the gap, so it falls after
 * the jump, never before the intended time.
 */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T${time}:00Z`);
  const firstGuess = wall - (wallClockMs(new Date(wall), timeZone) - wall);
  const offset = wallClockMs(new Date(firstGuess), timeZone) - firstGuess;
  const second = wall - offset;
  // In a gap neither reading shows `time` on the wall; take the later one so the slot is not early.
  return new Date(wallClockMs(new Date(second), timeZone) === wall ? second : Math.max(firstGuess, second));
}

const HH_MM = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/;

/** Parses "8:30", "08:30" or "08：30" into "08:30"; null when it is not a time of day. */
export function parseTimeOfDay(text: string): string | null {
  const m = HH_MM.exec(text.trim());
  return m ? `${(m[1] ?? "").padStart(2, "0")}:${m[2]}` : null;
}
