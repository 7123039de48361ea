import { overFacts } from "./input.js";
import { makeSignal, round2, type SignalRule } from "./types.js";

/**
 * zero_spend_month (当月零话费): an active customer spent nothing in the recent window (D-29..D) but
 * did spend in the baseline window (D-119..D-30). Missing days inside tenure count as no spend.
 */
export const zeroSpendMonthRule: SignalRule = ({ customer, usage }, _asOf, config) => {
  const rule = config.signals.zeroSpendMonth;
  if (!rule.enabled || customer.status !== "active") return null;
  if (usage.recentTenureDays === 0 || usage.recentSpend > 0 || usage.baselineSpend <= 0) return null;
  return makeSignal("zero_spend_month", rule.level, {
    days: config.windows.recentDays,
    baselineDays: config.windows.baselineDays,
    baselineSpend: round2(usage.baselineSpend),
  });
};

export const zeroSpendMonth = overFacts(zeroSpendMonthRule);
