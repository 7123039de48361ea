import { overFacts } from "./input.js";
import { makeSignal, round2, type SignalRule } from "./types.js";
import { atMostPercentOf, baselinePerPeriod, changePercent } from "./usage-summary.js";

/**
 * spend_drop (话费突减): spend in the recent window (D-29..D) is above zero and at most `maxPercent`
 * (60 %) of the baseline's 30-day average (the baseline D-119..D-30 averaged over the customer's days
 * of tenure in it; at least `minBaselineTenureDays` of them). Exactly 60 % counts. Zero spend is
 * zero_spend_month's case, not this one.
 */
export const spendDropRule: SignalRule = ({ usage }, _asOf, config) => {
  const rule = config.signals.spendDrop;
  if (!rule.enabled || usage.recentSpend <= 0) return null;
  const baseline = baselinePerPeriod(usage.baselineSpend, usage.baselineTenureDays, config);
  if (baseline === null || baseline <= 0 || !atMostPercentOf(usage.recentSpend, baseline, rule.maxPercent))
    return null;
  return makeSignal("spend_drop", rule.level, {
    days: config.windows.recentDays,
    baselineDays: config.windows.baselineDays,
    recent: round2(usage.recentSpend),
    baselineMonthly: round2(baseline),
    changePercent: changePercent(usage.recentSpend, baseline),
  });
};

export const spendDrop = overFacts(spendDropRule);
