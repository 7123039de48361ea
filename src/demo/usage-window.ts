/**
 * The calendar the demo writes into, computed once per run: the usage days up to the as-of day with
 * their weekday and month, and the bill months with their due dates. Date strings are made once
 * here rather than per row, which matters at 10^8 rows.
 */
import { addDays, dayToUtcMs } from "../domain/dates.js";

export interface BillMonth {
  /** "YYYY-MM" */
  month: string;
  /** The bill is issued on the 1st of the next month and due on its 15th. */
  issueDate: string;
  dueDate: string;
}

export interface UsageWindow {
  asOf: string;
  /** Usage days, oldest first; the last is the as-of day. */
  dates: string[];
  /** Per day: true on Saturday and Sunday. */
  weekend: boolean[];
  /** Per day: its index in `months`. */
  monthOf: number[];
  /** Every month touched by the usage days, oldest first, with its day count in the window. */
  months: { month: string; daysInWindow: number; daysInMonth: number }[];
  /** Bill months (issued on or before the as-of day), oldest first. */
  bills: BillMonth[];
}

function daysInMonth(month: string): number {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

export function usageWindow(asOf: string, days: number): UsageWindow {
  const window: UsageWindow = { asOf, dates: [], weekend: [], monthOf: [], months: [], bills: [] };
  for (let i = days - 1; i >= 0; i -= 1) {
    const date = addDays(asOf, -i);
    const month = date.slice(0, 7);
    if (window.months.at(-1)?.month !== month) {
      window.months.push({ month, daysInWindow: 0, daysInMonth: daysInMonth(month) });
    }
    window.months.at(-1)!.daysInWindow += 1;
    window.dates.push(date);
    const weekday = new Date(dayToUtcMs(date)).getUTCDay();
    window.weekend.push(weekday === 0 || weekday === 6);
    window.monthOf.push(window.months.length - 1);
  }
  for (const { month } of window.months) {
    const next = nextMonth(month);
    const issueDate = `${next}-01`;
    if (issueDate <= asOf) window.bills.push({ month, issueDate, dueDate: `${next}-15` });
  }
  return window;
}
