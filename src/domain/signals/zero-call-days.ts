import { daysBetween } from "../dates.js";
import { overFacts } from "./input.js";
import { makeSignal, type SignalRule } from "./types.js";

/**
 * zero_call_days (多日零通话): the last `minDays` (7) or more consecutive days up to and including D
 * had no calls, and the customer did call before that run. The run is the days after the last day
 * with a call, so missing days count as silent; "before" is looked for in the history window
 * (D-119..D) and inside tenure, so a customer who never called there is not flagged.
 */
export const zeroCallDaysRule: SignalRule = ({ usage }, asOf, config) => {
  const rule = config.signals.zeroCallDays;
  if (!rule.enabled || usage.lastCallDay === null) return null;
  const days = daysBetween(usage.lastCallDay, asOf);
  if (days < rule.minDays) return null;
  return makeSignal("zero_call_days", rule.level, { days, lastCallDay: usage.lastCallDay });
};

export const zeroCallDays = overFacts(zeroCallDaysRule);
