import { overFacts } from "./input.js";
import { recentEvents } from "./recent-events.js";
import { makeSignal, type SignalRule } from "./types.js";

/** portability_inquiry (携号转网咨询): a portability inquiry in the last `withinDays` (30: D-29..D). */
export const portabilityInquiryRule: SignalRule = ({ events }, asOf, config) => {
  const rule = config.signals.portabilityInquiry;
  if (!rule.enabled) return null;
  const found = recentEvents(events, "portability_inquiry", asOf, rule.withinDays);
  if (found.length === 0) return null;
  return makeSignal("portability_inquiry", rule.level, {
    withinDays: rule.withinDays,
    count: found.length,
    lastDay: found.at(-1)!.date,
  });
};

export const portabilityInquiry = overFacts(portabilityInquiryRule);
