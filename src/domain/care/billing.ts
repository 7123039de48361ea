/**
 * Billing care (seed 002/004: 交费提醒, 欠费停机前提醒, 停机保号):
 * - arrears: an active customer has bills unpaid on D that are due within `arrearsDueWithinDays` (3)
 *   days after D or already overdue — remind them before the line is suspended;
 * - suspended: the customer is suspended but keeps the number (停机保号) — ask why, invite them back.
 */
import { addDays, daysBetween } from "../dates.js";
import type { RulesConfig } from "../rules-config.js";
import { type CareInput, type CareReminder, type CareWindow, makeReminder } from "./types.js";

export function arrearsReminder(
  { customer, bills }: CareInput,
  window: CareWindow,
  config: RulesConfig,
): CareReminder[] {
  if (customer.status !== "active") return [];
  const until = addDays(window.asOf, config.care.arrearsDueWithinDays);
  const unpaid = bills.filter((b) => b.dueDate <= until && (b.paidDate === null || b.paidDate > window.asOf));
  if (unpaid.length === 0) return [];
  const dueDate = unpaid.map((b) => b.dueDate).sort()[0]!;
  return [
    makeReminder("arrears", dueDate, {
      unpaidBills: unpaid.length,
      amount: Math.round(unpaid.reduce((sum, b) => sum + b.amount, 0) * 100) / 100,
      dueDate,
      daysUntilDue: daysBetween(window.asOf, dueDate),
    }),
  ];
}

export function suspendedReminder({ customer }: CareInput, window: CareWindow): CareReminder[] {
  return customer.status === "suspended" ? [makeReminder("suspended", window.asOf, {})] : [];
}
