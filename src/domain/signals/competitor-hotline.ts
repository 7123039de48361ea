import { overFacts } from "./input.js";
import { makeSignal, type SignalRule } from "./types.js";

/**
 * competitor_hotline (拨打异网客服电话, seed 002: "时长超过1分钟"): on some day of the last `withinDays`
 * (7: D-6..D) the customer spent more than `moreThanSeconds` (60) on competitors' customer-service
 * hotlines. 60 s does not count, 61 s does.
 */
export const competitorHotlineRule: SignalRule = ({ usage }, _asOf, config) => {
  const rule = config.signals.competitorHotline;
  if (!rule.enabled || usage.hotlineDaysOver === 0 || usage.hotlineLastDay === null) return null;
  return makeSignal("competitor_hotline", rule.level, {
    withinDays: rule.withinDays,
    daysOver: usage.hotlineDaysOver,
    maxSeconds: usage.hotlineMaxSeconds,
    lastDay: usage.hotlineLastDay,
  });
};

export const competitorHotline = overFacts(competitorHotlineRule);
