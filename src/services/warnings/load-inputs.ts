/**
 * Builds the rules' input for many customers with three statements (src/store/signal-inputs.ts):
 * usage is aggregated over the rule windows in SQL (the aggregates of rolling-aggregates.ts, one
 * pass over the customers' rows), and only the bills and events the rules can see are read. Mirrors
 * summarizeUsage() exactly; tests check the two agree.
 */
import type { CustomerProfile } from "../../domain/customer.js";
import { addDays } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { SignalInput } from "../../domain/signals/types.js";
import { ruleWindows } from "../../domain/signals/usage-summary.js";
import type { SqliteDatabase } from "../../store/database.js";
import {
  billsUnpaidOn,
  billsUnpaidOnSqlite,
  type CustomerBillRow,
  type CustomerEventRow,
  eventsBetween,
  eventsBetweenSqlite,
  type UsageAggregateRow,
  type UsageWindowBounds,
  usageAggregatesOf,
  usageAggregatesSqlite,
} from "../../store/signal-inputs.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { canonical, toSummary } from "./rolling-aggregates.js";
import { byCustomer } from "./store-rows.js";

/** The named parameters of USAGE_AGGREGATES and USAGE_IN_WINDOW for day D (rows up to `maxRowid`). */
export function usageParams(asOf: string, config: RulesConfig, maxRowid = Number.MAX_SAFE_INTEGER) {
  const w = ruleWindows(asOf, config);
  return {
    maxRowid,
    recentFrom: w.recent.from,
    hotlineFrom: w.hotline.from,
    hotlineLimit: config.signals.competitorHotline.moreThanSeconds,
    historyFrom: w.history.from,
    asOf,
  };
}

/** The first day of the event window the rules can see on day D. */
export function eventsFrom(asOf: string, config: RulesConfig): string {
  const s = config.signals;
  return addDays(
    asOf,
    -(Math.max(s.portabilityInquiry.withinDays, s.complaint.withinDays, s.broadbandFault.withinDays) - 1),
  );
}

/** The windows of day D as the store's usage aggregates take them. */
export function usageWindowBounds(asOf: string, config: RulesConfig): UsageWindowBounds {
  const w = ruleWindows(asOf, config);
  return {
    historyFrom: w.history.from,
    recentFrom: w.recent.from,
    hotlineFrom: w.hotline.from,
    hotlineLimit: config.signals.competitorHotline.moreThanSeconds,
    asOf,
  };
}

interface InputRows {
  usage: readonly UsageAggregateRow[];
  bills: readonly CustomerBillRow[];
  events: readonly CustomerEventRow[];
}

/** The rules' input for these customers on day D (one statement each for usage, bills, events). */
export async function loadSignalInputs(
  db: SqlHandle,
  customers: readonly CustomerProfile[],
  asOf: string,
  config: RulesConfig,
): Promise<SignalInput[]> {
  if (customers.length === 0) return [];
  const ids = customers.map((c) => c.id);
  const [usage, bills, events] = await Promise.all([
    usageAggregatesOf(db, ids, usageWindowBounds(asOf, config)),
    billsUnpaidOn(db, ids, asOf),
    eventsBetween(db, ids, eventsFrom(asOf, config), asOf),
  ]);
  return inputsOf(customers, { usage, bills, events }, asOf, config);
}

/** loadSignalInputs on the SQLite connection: the daily job's rank step, inside its transaction. */
export function loadSignalInputsSqlite(
  sql: SqliteDatabase,
  customers: readonly CustomerProfile[],
  asOf: string,
  config: RulesConfig,
): SignalInput[] {
  if (customers.length === 0) return [];
  const ids = customers.map((c) => c.id);
  return inputsOf(
    customers,
    {
      usage: usageAggregatesSqlite(sql, ids, usageWindowBounds(asOf, config)),
      bills: billsUnpaidOnSqlite(sql, ids, asOf),
      events: eventsBetweenSqlite(sql, ids, eventsFrom(asOf, config), asOf),
    },
    asOf,
    config,
  );
}

/** Each customer's input from the rows (order follows `customers`). */
function inputsOf(
  customers: readonly CustomerProfile[],
  rows: InputRows,
  asOf: string,
  config: RulesConfig,
): SignalInput[] {
  const w = ruleWindows(asOf, config);
  const usage = new Map(rows.usage.map((r) => [r.customerId, r]));
  const bills = byCustomer([...rows.bills]);
  const events = byCustomer([...rows.events]);
  return customers.map((customer) => ({
    customer,
    usage: toSummary(canonical(usage.get(customer.id)), customer.joinDate, w),
    bills: bills.get(customer.id) ?? [],
    events: events.get(customer.id) ?? [],
  }));
}
