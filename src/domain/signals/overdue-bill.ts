import type { BillFact } from "../customer.js";
import { daysBetween } from "../dates.js";
import { overFacts } from "./input.js";
import { makeSignal, round2, type SignalRule } from "./types.js";

/** Bills past their due date and not paid as of D (paid later than D still counts as unpaid on D). */
export function overdueBills(bills: BillFact[], asOf: string): BillFact[] {
  return bills.filter((b) => b.dueDate < asOf && (b.paidDate === null || b.paidDate > asOf));
}

/** overdue_bill (逾期未交话费): at least one bill is past its due date (due before D) and unpaid on D. */
export const overdueBillRule: SignalRule = ({ bills }, asOf, config) => {
  const rule = config.signals.overdueBill;
  if (!rule.enabled) return null;
  const overdue = overdueBills(bills, asOf);
  if (overdue.length === 0) return null;
  const oldestDueDate = overdue.map((b) => b.dueDate).sort()[0]!;
  return makeSignal("overdue_bill", rule.level, {
    unpaidBills: overdue.length,
    amount: round2(overdue.reduce((sum, b) => sum + b.amount, 0)),
    oldestDueDate,
    daysOverdue: daysBetween(oldestDueDate, asOf),
  });
};

export const overdueBill = overFacts(overdueBillRule);
