import { overFacts } from "./input.js";
import { recentEvents } from "./recent-events.js";
import { makeSignal, type SignalRule } from "./types.js";

/** complaint (投诉): a complaint in the last `withinDays` (30: D-29..D). */
export const complaintRule: SignalRule = ({ events }, asOf, config) => {
  const rule = config.signals.complaint;
  if (!rule.enabled) return null;
  const found = recentEvents(events, "complaint", asOf, rule.withinDays);
  if (found.length === 0) return null;
  return makeSignal("complaint", rule.level, {
    withinDays: rule.withinDays,
    count: found.length,
    lastDay: found.at(-1)!.date,
  });
};

export const complaint = overFacts(complaintRule);
