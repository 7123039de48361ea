import { addDays, daysBetween } from "../dates.js";
import { overFacts } from "./input.js";
import { makeSignal, type SignalRule } from "./types.js";

export interface Run {
  firstDay: string;
  lastDay: string;
  runDays: number;
}

/** Splits sorted days into runs of consecutive days. */
export function consecutiveRuns(days: readonly string[]): Run[] {
  const runs: Run[] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && day === last.lastDay) continue;
    if (last && daysBetween(last.lastDay, day) === 1) {
      last.lastDay = day;
      last.runDays += 1;
    } else {
      runs.push({ firstDay: day, lastDay: day, runDays: 1 });
    }
  }
  return runs;
}

/**
 * call_forwarding (呼转异网, seed 002: "连续5天以上呼转到其他运营商"): calls were forwarded to a
 * competitor's number on at least `minConsecutiveDays` (5) consecutive days, and that run's last day
 * is within the last `endedWithinDays` (7: D-6..D). The run may have started earlier (within the
 * history window). A day without a usage row is a day without forwarding.
 */
export const callForwardingRule: SignalRule = ({ usage }, asOf, config) => {
  const rule = config.signals.callForwarding;
  if (!rule.enabled) return null;
  const earliestEnd = addDays(asOf, -(rule.endedWithinDays - 1));
  const longest = consecutiveRuns(usage.forwardedDays)
    .filter((r) => r.lastDay >= earliestEnd && r.lastDay <= asOf && r.runDays >= rule.minConsecutiveDays)
    .sort((a, b) => b.runDays - a.runDays)[0];
  return longest ? makeSignal("call_forwarding", rule.level, longest) : null;
};

export const callForwarding = overFacts(callForwardingRule);
