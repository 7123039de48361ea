import { overFacts } from "./input.js";
import { recentEvents } from "./recent-events.js";
import { makeSignal, type SignalRule } from "./types.js";

/**
 * broadband_fault (宽带反复报障, seed 004): at least `minEvents` (2) broadband fault events in the
 * last `withinDays` (30: D-29..D). One fault is service as usual; repeated faults drive churn.
 */
export const broadbandFaultRule: SignalRule = ({ events }, asOf, config) => {
  const rule = config.signals.broadbandFault;
  if (!rule.enabled) return null;
  const found = recentEvents(events, "broadband_fault", asOf, rule.withinDays);
  if (found.length < rule.minEvents) return null;
  return makeSignal("broadband_fault", rule.level, {
    withinDays: rule.withinDays,
    count: found.length,
    lastDay: found.at(-1)!.date,
  });
};

export const broadbandFault = overFacts(broadbandFaultRule);
