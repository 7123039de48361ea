/**
 * The next day on which a customer's warnings can change with no new input: only the calendar moves
 * them then, when a date-driven rule crosses a threshold. The incremental daily job stores it
 * (`UsageAggregate.judgeOn`) and judges the customer again that day; until then an unchanged
 * customer's rows are carried over, their day counts moved on in SQL (src/store/warning-carry-over.ts).
 * Every threshold of the rules, stage and do-not-chase is listed but those of the last call day: that
 * day moves for nearly every customer nearly every day (in SQL, src/store/usage-aggregate-fold.ts),
 * so the run finds the customers whose zero-call streak reaches its length, or whose last call
 * leaves the history window, from the stored last call day itself (buildJudgeSet). The same for
 * competitor_hotline's marks, which come and go in SQL too: the rule stops when the newest leaves
 * its window, found from the stored marks (an older one leaving only changes the figures of the
 * carried row, decision 035). An early day only costs a judging.
 */
import { addDays, dayToUtcMs, utcMsToDay } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { consecutiveRuns } from "../../domain/signals/call-forwarding.js";
import type { SignalInput } from "../../domain/signals/types.js";
import type { UsageAggregate } from "./rolling-aggregates.js";

const DAY_MS = 86_400_000;

/** The first day after D on which the calendar alone can change the judgement; null: never. */
export function nextJudgeDay(
  input: SignalInput,
  aggregate: UsageAggregate,
  asOf: string,
  config: RulesConfig,
): string | null {
  const { customer, bills, events } = input;
  const s = config.signals;
  const historyDays = config.windows.recentDays + config.windows.baselineDays;
  // Days as UTC milliseconds: one conversion per date read, one for the answer (this runs for every
  // customer the job judges).
  const today = dayToUtcMs(asOf);
  let next = Number.POSITIVE_INFINITY;
  const at = (day: string | null, plus = 0) => {
    if (day === null) return;
    const d = dayToUtcMs(day) + plus * DAY_MS;
    if (d > today && d < next) next = d;
  };
  // Before the join day no rule applies (and the windows' tenure starts): every day counts. After
  // it, tenure still growing moves the drop rules and the decline stage (they average the baseline
  // over its days of tenure, and judge none below minBaselineTenureDays): the fold in SQL compares
  // them with P's and D's tenure (src/store/usage-aggregate-fold.ts), so no threshold here.
  if (dayToUtcMs(customer.joinDate) > today) return addDays(asOf, 1);
  at(customer.joinDate, config.lifecycle.acquisitionDays);
  at(customer.joinDate, config.lifecycle.buildUpDays);
  if (customer.contractEnd !== null) {
    at(customer.contractEnd, -s.contractExpiring.withinDays);
    at(customer.contractEnd, 1);
  }
  if (aggregate.forwardedDays !== null) {
    const days = aggregate.forwardedDays.split(",");
    // call_forwarding moves with the calendar only when a run long enough to raise it leaves the
    // window of recent ends; shorter runs never count. (A week after every forwarded day was the
    // reason for 12,897 of the 21,226 customers due on one day at 1M.)
    for (const run of consecutiveRuns(days))
      if (run.runDays >= s.callForwarding.minConsecutiveDays)
        at(run.lastDay, s.callForwarding.endedWithinDays);
    for (const day of days) at(day, historyDays);
  }
  for (const bill of bills) {
    at(bill.dueDate, 1);
    at(bill.dueDate, config.doNotChase.maliciousArrears.minDaysOverdue);
    at(bill.paidDate);
  }
  const eventWindows = [s.portabilityInquiry.withinDays, s.complaint.withinDays, s.broadbandFault.withinDays];
  for (const event of events) for (const days of eventWindows) at(event.date, days);
  return next === Number.POSITIVE_INFINITY ? null : utcMsToDay(next);
}
