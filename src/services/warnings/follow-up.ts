import type { OutcomeRow } from "../../store/follow-up-rows.js";

/**
 * What managers' logged outcomes do to the risk list on day D (pure). Only the latest outcome
 * logged on or before D counts:
 * - lost: the customer stays off the list from then on (they are gone; the reason is on record);
 * - snoozed until S: off the list while D < S, back on S — or earlier as soon as a signal appears
 *   whose code the customer did not have on the day of the snooze;
 * - contacted, retained, unreachable (or a snooze ending today) logged on D: off today's list,
 *   back tomorrow if the signals persist.
 */
export type OutcomeRecord = OutcomeRow;

export type FollowUp =
  | { state: "open"; newSignalsSinceSnooze?: string[] }
  | { state: "handled_today"; kind: string }
  | { state: "snoozed"; until: string }
  | { state: "lost" };

/** The latest outcome on or before D (by day, then order of logging). */
export function latestOutcome(outcomes: readonly OutcomeRecord[], asOf: string): OutcomeRecord | null {
  let latest: OutcomeRecord | null = null;
  for (const o of outcomes) {
    if (o.day > asOf) continue;
    if (!latest || o.day > latest.day || (o.day === latest.day && o.id > latest.id)) latest = o;
  }
  return latest;
}

/**
 * The follow-up state of one customer on day D. `codesOnSnoozeDay` gives the signal codes the
 * customer had on a given day; it is called only for an active snooze.
 */
export function followUpState(
  outcomes: readonly OutcomeRecord[],
  asOf: string,
  currentCodes: readonly string[],
  codesOnSnoozeDay: (day: string) => readonly string[],
): FollowUp {
  const last = latestOutcome(outcomes, asOf);
  if (!last) return { state: "open" };
  if (last.kind === "lost") return { state: "lost" };
  if (last.kind === "snoozed" && last.snoozeUntil !== null && asOf < last.snoozeUntil) {
    const before = new Set(codesOnSnoozeDay(last.day));
    const fresh = currentCodes.filter((c) => !before.has(c));
    return fresh.length > 0
      ? { state: "open", newSignalsSinceSnooze: fresh }
      : { state: "snoozed", until: last.snoozeUntil };
  }
  if (last.day === asOf) return { state: "handled_today", kind: last.kind };
  return { state: "open" };
}
