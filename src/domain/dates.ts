/** Arithmetic on calendar days ("YYYY-MM-DD"), done in UTC so no time zone can shift a day. */

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

// The daily job does day arithmetic several times per customer over a few thousand distinct days:
// remembering conversions saves most of its date parsing and formatting (bounded, then forgotten).
const MEMO_LIMIT = 50_000;
const msOfDay = new Map<string, number>();
const dayOfMs = new Map<number, string>();

export function dayToUtcMs(day: string): number {
  let ms = msOfDay.get(day);
  if (ms === undefined) {
    if (msOfDay.size >= MEMO_LIMIT) msOfDay.clear();
    ms = Date.parse(`${day}T00:00:00Z`);
    msOfDay.set(day, ms);
  }
  return ms;
}

export function utcMsToDay(ms: number): string {
  let day = dayOfMs.get(ms);
  if (day === undefined) {
    if (dayOfMs.size >= MEMO_LIMIT) dayOfMs.clear();
    day = new Date(ms).toISOString().slice(0, 10);
    dayOfMs.set(ms, day);
  }
  return day;
}

export function addDays(day: string, n: number): string {
  return utcMsToDay(dayToUtcMs(day) + n * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayToUtcMs(to) - dayToUtcMs(from)) / DAY_MS);
}

/** The local calendar day of an instant in an IANA time zone. */
export function dayInZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
  return parts; // en-CA formats as YYYY-MM-DD
}
