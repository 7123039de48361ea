import type { EventFact } from "../customer.js";
import { addDays } from "../dates.js";

/** Events of a type dated within the `withinDays` days up to D (D-(n-1)..D), oldest first. */
export function recentEvents(
  events: EventFact[],
  type: string,
  asOf: string,
  withinDays: number,
): EventFact[] {
  const from = addDays(asOf, -(withinDays - 1));
  return events
    .filter((e) => e.type === type && e.date >= from && e.date <= asOf)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
