/**
 * The usage windows of the rules and the per-customer summary over them. With the defaults and D the
 * as-of day:
 * - recent window   "the 30 days up to D"      = D-29 .. D      (inclusive)
 * - baseline window "the 90 days before"       = D-119 .. D-30  (inclusive)
 * - history window  (recent + baseline)        = D-119 .. D     (how far back "calls before" and
 *   forwarding runs are looked for)
 * - hotline window  "a day in the last 7"      = D-6 .. D
 * A day without a usage row counts as a day of zero usage, but only inside the customer's tenure
 * (on or after the join date): days before joining count for nothing, and `*TenureDays` says how
 * many days of each window the customer was with us, so a newcomer is never judged on a drop.
 */
import type { UsageDay } from "../customer.js";
import { addDays, daysBetween } from "../dates.js";
import type { RulesConfig } from "../rules-config.js";

/** A closed range of calendar days. */
export interface DayRange {
  from: string;
  to: string;
}

export interface RuleWindows {
  recent: DayRange;
  baseline: DayRange;
  history: DayRange;
  hotline: DayRange;
}

/** The windows for as-of day D under a config (see the file comment). */
export function ruleWindows(asOf: string, config: RulesConfig): RuleWindows {
  const { recentDays, baselineDays } = config.windows;
  const recentFrom = addDays(asOf, -(recentDays - 1));
  const baselineFrom = addDays(recentFrom, -baselineDays);
  return {
    recent: { from: recentFrom, to: asOf },
    baseline: { from: baselineFrom, to: addDays(recentFrom, -1) },
    history: { from: baselineFrom, to: asOf },
    hotline: { from: addDays(asOf, -(config.signals.competitorHotline.withinDays - 1)), to: asOf },
  };
}

/** Days of a range on or after the join date (0 when the customer joined after it). */
export function tenureDaysIn(range: DayRange, joinDate: string): number {
  const from = joinDate > range.from ? joinDate : range.from;
  return from > range.to ? 0 : daysBetween(from, range.to) + 1;
}

/** One customer's usage, summarised over the rule windows. */
export interface UsageSummary {
  recentSpend: number;
  baselineSpend: number;
  recentDataMb: number;
  baselineDataMb: number;
  recentTenureDays: number;
  baselineTenureDays: number;
  /** The latest day in the history window (in tenure) with at least one call. */
  lastCallDay: string | null;
  /** Days in the hotline window with more than the threshold seconds on competitors' hotlines. */
  hotlineDaysOver: number;
  hotlineMaxSeconds: number;
  hotlineLastDay: string | null;
  /** Days in the history window (in tenure) with calls forwarded to a competitor, oldest first. */
  forwardedDays: string[];
}

const inRange = (day: string, r: DayRange) => day >= r.from && day <= r.to;

/** Summarises daily rows (any order, days may be missing) for as-of day D. */
export function summarizeUsage(
  usage: UsageDay[],
  joinDate: string,
  asOf: string,
  config: RulesConfig,
): UsageSummary {
  const w = ruleWindows(asOf, config);
  const hotlineLimit = config.signals.competitorHotline.moreThanSeconds;
  const s: UsageSummary = {
    recentSpend: 0,
    baselineSpend: 0,
    recentDataMb: 0,
    baselineDataMb: 0,
    recentTenureDays: tenureDaysIn(w.recent, joinDate),
    baselineTenureDays: tenureDaysIn(w.baseline, joinDate),
    lastCallDay: null,
    hotlineDaysOver: 0,
    hotlineMaxSeconds: 0,
    hotlineLastDay: null,
    forwardedDays: [],
  };
  for (const u of usage) {
    if (u.date < joinDate || !inRange(u.date, w.history)) continue;
    if (inRange(u.date, w.recent)) {
      s.recentSpend += u.spend;
      s.recentDataMb += u.dataMb;
    } else {
      s.baselineSpend += u.spend;
      s.baselineDataMb += u.dataMb;
    }
    if (u.calls > 0 && (s.lastCallDay === null || u.date > s.lastCallDay)) s.lastCallDay = u.date;
    if (u.forwardedToCompetitor) s.forwardedDays.push(u.date);
    if (inRange(u.date, w.hotline) && u.competitorHotlineSeconds > hotlineLimit) {
      s.hotlineDaysOver += 1;
      s.hotlineMaxSeconds = Math.max(s.hotlineMaxSeconds, u.competitorHotlineSeconds);
      if (s.hotlineLastDay === null || u.date > s.hotlineLastDay) s.hotlineLastDay = u.date;
    }
  }
  s.forwardedDays.sort();
  return s;
}

/**
 * The baseline's average per recent-window length ("前90天月均"), scaled by the days of tenure in the
 * baseline; null when the customer has fewer than `minBaselineTenureDays` of baseline to judge by.
 */
export function baselinePerPeriod(
  total: number,
  baselineTenureDays: number,
  config: RulesConfig,
): number | null {
  if (baselineTenureDays < config.windows.minBaselineTenureDays) return null;
  return (total * config.windows.recentDays) / baselineTenureDays;
}

/** Is `value` at most `percent` % of `base`? Tolerates float noise so "exactly at the threshold" counts. */
export function atMostPercentOf(value: number, base: number, percent: number): boolean {
  const limit = (base * percent) / 100;
  return value <= limit + 1e-9 * Math.max(1, Math.abs(limit));
}

/** Whole-percent change from base to value (−77 for a 77 % drop). */
export function changePercent(value: number, base: number): number {
  return base === 0 ? 0 : Math.round(((value - base) / base) * 100);
}

/** One customer's aggregates over the windows of a day, as the store keeps them (`UsageAggregate`): sums in integers (fen, 0.01 MB). */
export interface UsageAggregate {
  recentSpendFen: number;
  baselineSpendFen: number;
  recentDataCenti: number;
  baselineDataCenti: number;
  lastCallDay: string | null;
  /** "YYYY-MM-DD:seconds,…" sorted: days over the hotline limit in the hotline window. */
  hotlineDays: string | null;
  /** "YYYY-MM-DD,…" sorted: days forwarded to a competitor in the history window. */
  forwardedDays: string | null;
}
