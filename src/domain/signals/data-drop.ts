import { overFacts } from "./input.js";
import { makeSignal, round2, type SignalRule } from "./types.js";
import { atMostPercentOf, baselinePerPeriod, changePercent } from "./usage-summary.js";

/**
 * data_drop (流量突减): data used in the recent window (D-29..D) is at most `maxPercent` (50 %) of the
 * baseline's 30-day average (D-119..D-30, averaged over the days of tenure in it, at least
 * `minBaselineTenureDays`). Exactly 50 % counts; a customer who used no data before is not judged.
 */
export const dataDropRule: SignalRule = ({ usage }, _asOf, config) => {
  const rule = config.signals.dataDrop;
  if (!rule.enabled || usage.recentTenureDays === 0) return null;
  const baseline = baselinePerPeriod(usage.baselineDataMb, usage.baselineTenureDays, config);
  if (baseline === null || baseline <= 0 || !atMostPercentOf(usage.recentDataMb, baseline, rule.maxPercent))
    return null;
  return makeSignal("data_drop", rule.level, {
    days: config.windows.recentDays,
    baselineDays: config.windows.baselineDays,
    recentMb: round2(usage.recentDataMb),
    baselineMonthlyMb: round2(baseline),
    changePercent: changePercent(usage.recentDataMb, baseline),
  });
};

export const dataDrop = overFacts(dataDropRule);
