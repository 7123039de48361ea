/**
 * Daily usage of one demo customer over the window: a weekly pattern (fewer calls and more data at
 * weekends), a slow trend, daily noise, and the planted stories bent into the last 30 days exactly
 * as issue 3 defines the signals. Rows go straight to a sink, never into an array.
 */
import type { DemoCustomer } from "./demo-customer.js";
import { between, intBetween, poisson, type Rng, round2 } from "./random.js";
import type { UsageWindow } from "./usage-window.js";

/** Receives one usage row; booleans already as 0/1 (the store's INTEGER). */
export type UsageSink = (
  customerId: string,
  date: string,
  calls: number,
  callMinutes: number,
  dataMb: number,
  spend: number,
  competitorHotlineSeconds: number,
  forwardedToCompetitor: 0 | 1,
) => void;

/** Spend per month of the window (index as in `window.months`) and the days that had a row. */
export interface MonthTotals {
  spend: number[];
  days: number[];
}

/** Which planted stories change which days, drawn once per customer (offset 0 = the as-of day). */
interface Bends {
  spendFactor: number;
  dataFactor: number;
  zeroSpend: boolean;
  silentDays: number;
  hotlineOffsets: Set<number>;
  forwardFrom: number;
  forwardTo: number;
}

function bends(rng: Rng, customer: DemoCustomer): Bends {
  const has = (code: string) => customer.plants.includes(code as never);
  const b: Bends = {
    spendFactor: has("spend_drop") ? between(rng, 0.2, 0.45) : 1,
    dataFactor: has("data_drop") ? between(rng, 0.1, 0.35) : 1,
    zeroSpend: has("zero_spend_month"),
    silentDays: has("zero_call_days") ? intBetween(rng, 7, 21) : 0,
    hotlineOffsets: new Set(),
    forwardFrom: -1,
    forwardTo: -1,
  };
  if (has("competitor_hotline")) {
    b.hotlineOffsets.add(intBetween(rng, 0, 6));
    b.hotlineOffsets.add(intBetween(rng, 0, 6));
  }
  if (has("call_forwarding")) {
    b.forwardTo = intBetween(rng, 0, 6);
    b.forwardFrom = b.forwardTo + intBetween(rng, 5, 10) - 1;
  }
  return b;
}

/** Writes the customer's usage rows to `sink` and returns its spend per month (for the bills). */
export function writeUsage(
  rng: Rng,
  customer: DemoCustomer,
  window: UsageWindow,
  sink: UsageSink,
): MonthTotals {
  const { profile, traits } = customer;
  const b = bends(rng, customer);
  const totals: MonthTotals = { spend: window.months.map(() => 0), days: window.months.map(() => 0) };
  const last = window.dates.length - 1;
  const end = last - (traits.leftDaysAgo ?? 0);
  for (let i = 0; i <= end; i += 1) {
    const date = window.dates[i]!;
    if (date < profile.joinDate) continue;
    const offset = last - i;
    const weekend = window.weekend[i]!;
    const level = 1 + traits.trend * (last === 0 ? 0 : i / last - 0.5);
    const recent = offset < 30;
    let calls = poisson(
      rng,
      traits.callsPerDay * level * (weekend ? 0.6 : 1) * (recent && b.zeroSpend ? 0.5 : 1),
    );
    let dataMb = traits.dataMbPerDay * level * (weekend ? 1.25 : 1) * between(rng, 0.6, 1.4);
    let spend = traits.spendPerDay * level * between(rng, 0.85, 1.15);
    let hotline = rng() < 0.004 ? intBetween(rng, 10, 55) : 0;
    const leftAgo = traits.leftDaysAgo ?? 0;
    const forwardedBeforeLeaving =
      traits.leaving !== null && offset >= leftAgo && offset < leftAgo + traits.leaving.forwardDays;
    const forwarded: 0 | 1 =
      (offset >= b.forwardTo && offset <= b.forwardFrom) || forwardedBeforeLeaving
        ? 1
        : rng() < 0.002
          ? 1
          : 0;
    if (recent) {
      spend = b.zeroSpend ? 0 : spend * b.spendFactor;
      dataMb *= b.zeroSpend ? 0.7 : b.dataFactor;
    }
    if (offset < b.silentDays) calls = 0;
    else if (offset === b.silentDays && calls === 0) calls = 1; // the last day with a call
    if (b.hotlineOffsets.has(offset)) hotline = intBetween(rng, 61, 420);
    const leaving = traits.leaving;
    if (leaving && leaving.warningDays > 0) {
      // Before leaving: the run-up ramps in from 0 (warningDays before) to full on the last day.
      const before = offset - (traits.leftDaysAgo ?? 0);
      if (before < leaving.warningDays) {
        const ramp = 1 - before / leaving.warningDays;
        spend *= 1 - (1 - leaving.spendFactor) * ramp;
        calls = Math.round(calls * (1 - (1 - leaving.callFactor) * ramp));
        if (rng() < leaving.hotlineChance * ramp) hotline = intBetween(rng, 61, 400);
      }
    }
    if (traits.suspendedDaysAgo !== null && offset < traits.suspendedDaysAgo) {
      // 停机保号: no traffic, only the monthly number-keeping fee.
      calls = 0;
      dataMb = 0;
      spend = date.endsWith("-01") ? 5 : 0;
      hotline = 0;
    }
    const minutes = calls > 0 ? round2(calls * traits.minutesPerCall * between(rng, 0.6, 1.4)) : 0;
    spend = round2(spend);
    sink(profile.id, date, calls, minutes, round2(dataMb), spend, hotline, forwarded);
    const m = window.monthOf[i]!;
    totals.spend[m]! += spend;
    totals.days[m]! += 1;
  }
  return totals;
}
