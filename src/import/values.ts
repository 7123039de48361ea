import type { IssueCode } from "./types.js";

/**
 * Cell parsers used by the row schemas (./row-schema.ts). Cells arrive trimmed and non-empty;
 * each parser returns the value or an `Invalid` naming the issue (rendered later in zh/en).
 */

export interface Invalid {
  readonly invalid: IssueCode;
  readonly detail?: string;
}
const invalid = (code: IssueCode, detail?: string): Invalid => ({ invalid: code, detail });
export const isInvalid = (v: unknown): v is Invalid => typeof v === "object" && v !== null && "invalid" in v;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** "YYYY-MM-DD" names a day that exists. Arithmetic, not Date: this runs for every usage row. */
export function isIsoDay(value: string): boolean {
  if (value.length !== 10 || value[4] !== "-" || value[7] !== "-") return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const ID = /^[^\s,;"']{1,64}$/;
export const parseId = (raw: string): string | Invalid => (ID.test(raw) ? raw : invalid("bad_id"));

/** Free text of at most `max` characters. */
export const textUpTo =
  (max: number) =>
  (raw: string): string | Invalid =>
    raw.length <= max ? raw : invalid("too_long", String(max));

const PHONE = /^\+?\d[\d -]{4,19}$/;
export const parsePhone = (raw: string): string | Invalid => (PHONE.test(raw) ? raw : invalid("bad_phone"));

const DAY = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/;

/** A day's form normalised to YYYY-MM-DD (month 1–12, day 1–31), whether or not the day exists. */
export function parseDayForm(raw: string): string | Invalid {
  const m = DAY.exec(raw) ?? COMPACT_DAY.exec(raw);
  if (!m) return invalid("bad_date");
  const month = Number(m[2]);
  const dayOfMonth = Number(m[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return invalid("bad_date");
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}

/** A calendar day that exists, as YYYY-MM-DD; also YYYY/M/D, YYYYMMDD and a trailing 00:00:00. */
export function parseDay(raw: string): string | Invalid {
  // The canonical form is by far the most common: check it without building new strings.
  if (isIsoDay(raw)) return raw;
  const day = parseDayForm(raw);
  return typeof day === "string" && isIsoDay(day) ? day : invalid("bad_date");
}

/** `parse`, then the day must lie in [earliest, latest] (ISO days compare as strings). */
export function dayWithin(
  parse: (raw: string) => string | Invalid,
  earliest: string,
  latest: string,
): (raw: string) => string | Invalid {
  const detail = `${earliest} – ${latest}`;
  return (raw) => {
    const day = parse(raw);
    if (typeof day !== "string") return day;
    return day < earliest || day > latest ? invalid("date_out_of_window", detail) : day;
  };
}

const MONTH = /^(\d{4})(?:[-/.]?)(\d{1,2})$/;
/** A billing month as YYYY-MM; also YYYY/M and YYYYMM (账期). */
export function parseMonth(raw: string): string | Invalid {
  const m = MONTH.exec(raw);
  if (!m || (m[2]!.length === 1 && !/[-/.]/.test(raw))) return invalid("bad_month");
  const month = Number(m[2]);
  if (month < 1 || month > 12) return invalid("bad_month");
  return `${m[1]}-${m[2]!.padStart(2, "0")}`;
}

const TRUE = new Set(["1", "true", "t", "yes", "y", "是", "真"]);
const FALSE = new Set(["0", "false", "f", "no", "n", "否", "假"]);
/** 0/1, true/false, 是/否 (and yes/no, y/n). */
export function parseFlag(raw: string): boolean | Invalid {
  if (raw === "0") return false;
  if (raw === "1") return true;
  const v = raw.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return invalid("bad_boolean");
}

/** ¥1,234.50元: a currency sign, groups of exactly three digits, 元. Not "1,2,3,4". */
const DECORATED = /^[¥￥]?([+-]?\d{1,3}(?:,\d{3})+(?:\.\d{1,10})?|[+-]?\d{1,15}(?:\.\d{1,10})?)元?$/;

/**
 * Plain decimal notation only — /^[+-]?\d{1,15}(?:\.\d{1,10})?$/: no hex (0x1F), no exponent
 * (1e308), no Infinity, no bare ".5". A loop, not the regex: it runs for most cells of a usage file.
 */
export function isPlainDecimal(raw: string): boolean {
  let i = raw.charCodeAt(0) === 43 || raw.charCodeAt(0) === 45 ? 1 : 0; // + -
  const start = i;
  while (i < raw.length && isDigit(raw.charCodeAt(i))) i++;
  const whole = i - start;
  if (whole < 1 || whole > 15) return false;
  if (i === raw.length) return true;
  if (raw.charCodeAt(i) !== 46) return false; // .
  const fraction = raw.length - i - 1;
  if (fraction < 1 || fraction > 10) return false;
  for (i++; i < raw.length; i++) if (!isDigit(raw.charCodeAt(i))) return false;
  return true;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** A number in [0, max] written as a plain decimal (thousands separators, ¥ and 元 tolerated). */
export function amountUpTo(max: number): (raw: string) => number | Invalid {
  const detail = String(max);
  return (raw) => {
    let text = raw;
    if (!isPlainDecimal(raw)) {
      const m = DECORATED.exec(raw);
      if (!m) return invalid("bad_number");
      text = m[1]!.replaceAll(",", "");
    }
    const n = Number(text);
    if (n < 0) return invalid("negative");
    return n > max ? invalid("out_of_range", detail) : n;
  };
}

/** A whole number in [0, max]. */
export function countUpTo(max: number): (raw: string) => number | Invalid {
  const amount = amountUpTo(max);
  return (raw) => {
    const n = amount(raw);
    if (typeof n !== "number") return n;
    return Number.isInteger(n) ? n : invalid("not_integer");
  };
}

/** One of `values` (any case), or a Chinese spelling from `aliases`. */
export function parseEnum<T extends string>(values: readonly T[], aliases: Record<string, string>) {
  const lookup = new Map<string, T>();
  for (const v of values) lookup.set(v, v);
  for (const [alias, v] of Object.entries(aliases)) lookup.set(alias.toLowerCase(), v as T);
  const allowed = values.join("|");
  return (raw: string): T | Invalid =>
    lookup.get(raw.toLowerCase().replace(/\s+/g, "")) ?? invalid("bad_enum", allowed);
}
