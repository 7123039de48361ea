import { addDays } from "../domain/dates.js";

/**
 * Every bound an import enforces, named in the messages when a value or a file goes beyond it.
 * Text lengths count characters (UTF-16 units, as the store and the chats do).
 */
export const TEXT_LIMITS = {
  /** Names of customers, managers and teams. */
  name: 100,
  /** Free text (event notes). */
  note: 2_000,
} as const;

/** Upper bounds of the numeric columns: far above any real value, far below nonsense like 1e308. */
export const NUMBER_LIMITS = {
  calls: 10_000,
  call_minutes: 1_440,
  data_mb: 10_000_000,
  spend: 1_000_000,
  competitor_hotline_seconds: 86_400,
  arpu: 1_000_000,
  amount: 10_000_000,
  points: 1_000_000_000,
} as const;

/** An XLSX is a zip: it may expand to at most this much, and its sheet to this many cells. */
export interface XlsxLimits {
  /** Total uncompressed bytes of all entries. */
  readonly maxUncompressedBytes: number;
  /** The shared strings part is held in memory whole while the sheet is read. */
  readonly maxSharedStringsBytes: number;
  readonly maxCells: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxSharedStringsBytes: 64 * 1024 * 1024,
  maxCells: 20_000_000,
};

/** A CSV record may span at most this many physical lines (a quoted note with line breaks). */
export const MAX_LINES_PER_RECORD = 50;
/** …and at most this many characters. */
export const MAX_RECORD_CHARS = 20_000;

/** The calendar days a date cell may name, from `today` and the configured window. */
export interface DateWindow {
  readonly earliest: string;
  readonly latest: string;
  /** Birthdays: from 120 years ago up to today. */
  readonly earliestBirthday: string;
  readonly latestBirthday: string;
}

export function dateWindow(today: string, pastYears: number, futureYears: number): DateWindow {
  return {
    earliest: shiftYears(today, -pastYears),
    latest: shiftYears(today, futureYears),
    earliestBirthday: shiftYears(today, -120),
    latestBirthday: today,
  };
}

/** Same month and day `years` later (29 February becomes 1 March when the year has none). */
function shiftYears(day: string, years: number): string {
  const year = Number(day.slice(0, 4)) + years;
  const shifted = `${String(year).padStart(4, "0")}${day.slice(4)}`;
  return day.slice(5) === "02-29" ? addDays(`${shifted.slice(0, 8)}28`, 1) : shifted;
}

/** Thrown when a file as a whole goes beyond a limit; `detail` names the limit. */
export class LimitExceeded extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

export const mebibytes = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MiB`;
