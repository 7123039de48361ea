import { addDays, daysBetween } from "../dates.js";
import type { RulesConfig } from "../rules-config.js";
import { calendarDay } from "./lunar-calendar.js";
import type { CareWindow } from "./types.js";

/** The care window for day D: D and the `lookaheadDays` (3) days after it, with lunar dates. */
export function careWindow(asOf: string, config: RulesConfig): CareWindow {
  const days = Array.from({ length: config.care.lookaheadDays + 1 }, (_, i) => calendarDay(addDays(asOf, i)));
  return { asOf, days };
}

/** Days from D to a day of the window. */
export function daysUntil(window: CareWindow, day: string): number {
  return daysBetween(window.asOf, day);
}
