/**
 * Monthly bills (most paid on time, a few late but paid, the planted overdue one unpaid) and events
 * (the planted ones in the last 30 days, plus background noise that stays below every threshold).
 */
import { addDays } from "../domain/dates.js";
import type { DemoCustomer } from "./demo-customer.js";
import { chance, intBetween, pick, type Rng, round2 } from "./random.js";
import type { MonthTotals } from "./usage-rows.js";
import type { UsageWindow } from "./usage-window.js";

export type BillSink = (
  customerId: string,
  month: string,
  amount: number,
  dueDate: string,
  paidDate: string | null,
) => void;
export type EventSink = (customerId: string, date: string, type: string, note: string) => void;

const NOTES = {
  complaint: [
    "投诉网络信号差，室内经常无服务",
    "投诉话费扣费不明",
    "投诉宽带网速慢，多次报修未解决",
    "投诉营业厅办理业务等待时间长",
    "投诉套餐变更未按约定生效",
  ],
  broadband_fault: ["宽带断网报修", "光猫故障报修", "晚高峰网速慢报障", "IPTV卡顿报障"],
  portability_inquiry: ["咨询携号转网办理条件", "询问携号转网需结清的费用", "询问合约期内能否携号转网"],
  competitor_offer: ["提到异网推出的低价融合套餐", "异网营业员上门推荐宽带", "收到异网赠送流量的短信"],
} as const;

/** Writes the bills of every month the customer had usage in; the planted overdue bill stays unpaid. */
export function writeBills(
  rng: Rng,
  customer: DemoCustomer,
  window: UsageWindow,
  totals: MonthTotals,
  sink: BillSink,
): void {
  const { profile, plants } = customer;
  const asOf = window.asOf;
  const overdue = plants.includes("overdue_bill")
    ? window.bills
        .filter(
          (b) => b.dueDate < asOf && totals.days[window.months.findIndex((m) => m.month === b.month)]! > 0,
        )
        .at(-1)
    : undefined;
  for (const bill of window.bills) {
    const m = window.months.findIndex((x) => x.month === bill.month);
    const days = totals.days[m]!;
    if (days === 0) continue;
    const month = window.months[m]!;
    // Days of the month before the window (or before joining) are billed at the window's rate.
    const amount = round2(
      days === month.daysInWindow && month.daysInWindow < month.daysInMonth
        ? (totals.spend[m]! * month.daysInMonth) / days
        : totals.spend[m]!,
    );
    let paid: string | null = addDays(bill.issueDate, intBetween(rng, 0, 14));
    if (chance(rng, 0.04)) {
      const late = addDays(bill.dueDate, intBetween(rng, 1, 20));
      if (late <= asOf) paid = late; // paid late, but paid: history, not a warning
    }
    if (bill === overdue || paid > asOf) paid = null;
    sink(profile.id, bill.month, amount, bill.dueDate, paid);
  }
}

/** Writes the planted events in the last 30 days and some harmless background events. */
export function writeEvents(rng: Rng, customer: DemoCustomer, window: UsageWindow, sink: EventSink): void {
  const { profile, plants } = customer;
  const asOf = window.asOf;
  const span = window.dates.length;
  // Two draws can land on the same day with the same note (one in a few hundred thousand
  // customers): that is one event, and writing it twice would break the store's unique key.
  const written = new Set<string>();
  const add = (offset: number, type: keyof typeof NOTES) => {
    const date = addDays(asOf, -offset);
    if (date < profile.joinDate) return;
    const note = pick(rng, NOTES[type]);
    const key = `${date}|${type}|${note}`;
    if (written.has(key)) return;
    written.add(key);
    sink(profile.id, date, type, note);
  };
  if (plants.includes("portability_inquiry")) add(intBetween(rng, 0, 25), "portability_inquiry");
  if (plants.includes("complaint")) add(intBetween(rng, 0, 25), "complaint");
  if (plants.includes("broadband_fault")) {
    const first = intBetween(rng, 0, 12);
    add(first, "broadband_fault");
    add(first + intBetween(rng, 2, 8), "broadband_fault");
    if (chance(rng, 0.4)) add(first + intBetween(rng, 10, 17), "broadband_fault");
  }
  if (plants.length > 0) return;
  const leaving = customer.traits.leaving;
  if (leaving && leaving.warningDays > 0) {
    const leftAgo = customer.traits.leftDaysAgo ?? 0;
    if (leaving.portabilityInquiry)
      add(leftAgo + intBetween(rng, 0, leaving.warningDays), "portability_inquiry");
    if (leaving.complaint) add(leftAgo + intBetween(rng, 0, leaving.warningDays), "complaint");
  }
  // Background: an old complaint, one fault, a competitor's offer; none of them a signal.
  if (span > 31 && chance(rng, 0.06)) add(intBetween(rng, 30, span - 1), "complaint");
  if (chance(rng, 0.04)) add(intBetween(rng, 0, span - 1), "broadband_fault");
  if (chance(rng, 0.04)) add(intBetween(rng, 0, span - 1), "competitor_offer");
}
