/**
 * Builds the rules' input for many customers with a few SQL statements per batch: usage is
 * aggregated over the rule windows in SQL (rolling-aggregates.ts) (one pass over the batch's rows in primary-key order),
 * and only the bills and events the rules can see are read. Mirrors summarizeUsage() exactly;
 * tests check the two agree.
 */
import type { CustomerProfile } from "../../domain/customer.js";
import { addDays } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { SignalInput } from "../../domain/signals/types.js";
import { ruleWindows } from "../../domain/signals/usage-summary.js";
import type { SqliteDatabase } from "../../store/database.js";
import {
  canonical,
  toSummary,
  USAGE_AGGREGATES,
  USAGE_IN_WINDOW,
  type UsageAggregate,
} from "./rolling-aggregates.js";
import { type BillRow, byCustomer, chunks, type EventRow, placeholders } from "./store-rows.js";

const USAGE_SQL = (n: number) => `
  SELECT u.customerId AS customerId, ${USAGE_AGGREGATES}
  FROM DailyUsage u JOIN Customer c ON ${USAGE_IN_WINDOW}
  WHERE u.customerId IN (${placeholders(n)})
  GROUP BY u.customerId`;

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

/** The rules' input for these customers on day D (batched; order follows `customers`). */
export function loadSignalInputs(
  sql: SqliteDatabase,
  customers: readonly CustomerProfile[],
  asOf: string,
  config: RulesConfig,
): SignalInput[] {
  const w = ruleWindows(asOf, config);
  const params = usageParams(asOf, config);
  const firstEventDay = eventsFrom(asOf, config);
  const out: SignalInput[] = [];
  for (const batch of chunks(customers)) {
    const ids = batch.map((c) => c.id);
    const usage = new Map(
      (
        sql.prepare(USAGE_SQL(ids.length)).all(...ids, params) as (UsageAggregate & {
          customerId: string;
        })[]
      ).map((r) => [r.customerId, r]),
    );
    const bills = byCustomer(
      sql
        .prepare(
          `SELECT customerId, month, amount, dueDate, paidDate FROM Bill
           WHERE customerId IN (${placeholders(ids.length)}) AND (paidDate IS NULL OR paidDate > ?)`,
        )
        .all(...ids, asOf) as BillRow[],
    );
    const events = byCustomer(
      sql
        .prepare(
          `SELECT customerId, date, type, note FROM Event
           WHERE customerId IN (${placeholders(ids.length)}) AND date BETWEEN ? AND ?`,
        )
        .all(...ids, firstEventDay, asOf) as EventRow[],
    );
    for (const customer of batch) {
      out.push({
        customer,
        usage: toSummary(canonical(usage.get(customer.id)), customer.joinDate, w),
        bills: bills.get(customer.id) ?? [],
        events: events.get(customer.id) ?? [],
      });
    }
  }
  return out;
}
