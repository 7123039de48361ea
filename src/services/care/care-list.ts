/**
 * Care reminders for some managers' customers on day D (lookahead from the rules config). The
 * calendar window (with its lunar dates) is computed once; only the bills the care rules can use
 * are read: those unpaid on D, and all bills of customers recent enough to have their first one.
 */
import { type CareReminder, careRemindersIn, careWindow } from "../../domain/care/index.js";
import type { CustomerProfile } from "../../domain/customer.js";
import { addDays } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { billsForCare, currentCustomersOf } from "../../store/customers.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { byCustomer } from "../warnings/store-rows.js";

export interface CareEntry {
  customer: CustomerProfile;
  reminders: CareReminder[];
}

export interface CareList {
  day: string;
  lookaheadDays: number;
  entries: CareEntry[];
}

/** Every customer of these managers with at least one reminder, soonest reminder first. */
export async function careList(
  deps: { db: SqlHandle; config: RulesConfig },
  managerIds: readonly string[],
  day: string,
): Promise<CareList> {
  const { db, config } = deps;
  const window = careWindow(day, config);
  const customers = await currentCustomersOf(db, managerIds);
  // A first bill is at most `firstBillMaxMonthsAfterJoin` months after joining and due within the
  // window, so customers who joined more than that (plus a month of slack) ago cannot have one.
  const recentJoin = addDays(day, -31 * (config.care.firstBillMaxMonthsAfterJoin + 2));
  const bills = byCustomer(
    await billsForCare(
      db,
      customers.map((c) => c.id),
      day,
      recentJoin,
    ),
  );
  const entries = customers
    .map((customer) => ({
      customer,
      reminders: careRemindersIn({ customer, bills: bills.get(customer.id) ?? [] }, window, config),
    }))
    .filter((e) => e.reminders.length > 0)
    .sort((a, b) => {
      const da = a.reminders[0]!.day;
      const db = b.reminders[0]!.day;
      return da < db ? -1 : da > db ? 1 : a.customer.id < b.customer.id ? -1 : 1;
    });
  return { day, lookaheadDays: config.care.lookaheadDays, entries };
}
