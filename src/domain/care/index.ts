/** Care reminders for day D: every care rule for one customer, over a window computed once. */
import type { CustomerFacts } from "../customer.js";
import type { RulesConfig } from "../rules-config.js";
import { arrearsReminder, suspendedReminder } from "./billing.js";
import { birthdayReminders } from "./birthdays.js";
import { festivalReminders } from "./festivals.js";
import { anniversaryReminder, firstBillReminder, renewalReminder, welcomeReminder } from "./occasions.js";
import type { CareInput, CareReminder, CareWindow } from "./types.js";
import { careWindow } from "./window.js";

export { festivalsOn } from "./festivals.js";
export { calendarDay, solarDayOfLunar } from "./lunar-calendar.js";
export * from "./types.js";
export { careWindow } from "./window.js";

type CareRule = (input: CareInput, window: CareWindow, config: RulesConfig) => CareReminder[];

const CARE_RULES: readonly CareRule[] = [
  arrearsReminder,
  suspendedReminder,
  renewalReminder,
  welcomeReminder,
  firstBillReminder,
  birthdayReminders,
  anniversaryReminder,
  festivalReminders,
];

/** Every reminder for one customer in the window, soonest first; none for customers who left. */
export function careRemindersIn(input: CareInput, window: CareWindow, config: RulesConfig): CareReminder[] {
  if (input.customer.status === "left") return [];
  return CARE_RULES.flatMap((rule) => rule(input, window, config)).sort((a, b) =>
    a.day < b.day ? -1 : a.day > b.day ? 1 : 0,
  );
}

/** Every reminder for one customer for day D with the configured lookahead. */
export function careReminders(facts: CustomerFacts, asOf: string, config: RulesConfig): CareReminder[] {
  return careRemindersIn({ customer: facts.customer, bills: facts.bills }, careWindow(asOf, config), config);
}
