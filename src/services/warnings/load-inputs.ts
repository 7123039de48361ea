/**
 * Builds the rules' input for many customers with a few SQL statements per batch: usage is
 * aggregated over the rule windows in SQL (one pass over the batch's rows in primary-key order),
 * and only the bills and events the rules can see are read. Mirrors summarizeUsage() exactly;
 * tests check the two agree.
 */
import type { CustomerProfile } from "../../domain/customer.js";
import { addDays } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { SignalInput } from "../../domain/signals/types.js";
import { ruleWindows, tenureDaysIn, type UsageSummary } from "../../domain/signals/usage-summary.js";
import type { SqliteDatabase } from "../../store/database.js";
import { type BillRow, byCustomer, chunks, type EventRow, placeholders } from "./store-rows.js";

interface UsageAggregateRow {
  customerId: string;
  recentSpend: number;
  baselineSpend: number;
  recentDataMb: number;
  baselineDataMb: number;
  lastCallDay: string | null;
  hotlineDaysOver: number;
  hotlineMaxSeconds: number | null;
  hotlineLastDay: string | null;
  forwardedDays: string | null;
}

const USAGE_SQL = (n: number) => `
  SELECT u.customerId AS customerId,
    TOTAL(CASE WHEN u.date >= @recentFrom THEN u.spend END) AS recentSpend,
    TOTAL(CASE WHEN u.date < @recentFrom THEN u.spend END) AS baselineSpend,
    TOTAL(CASE WHEN u.date >= @recentFrom THEN u.dataMb END) AS recentDataMb,
    TOTAL(CASE WHEN u.date < @recentFrom THEN u.dataMb END) AS baselineDataMb,
    MAX(CASE WHEN u.calls > 0 THEN u.date END) AS lastCallDay,
    COUNT(CASE WHEN u.date >= @hotlineFrom AND u.competitorHotlineSeconds > @hotlineLimit THEN 1 END) AS hotlineDaysOver,
    MAX(CASE WHEN u.date >= @hotlineFrom AND u.competitorHotlineSeconds > @hotlineLimit THEN u.competitorHotlineSeconds END) AS hotlineMaxSeconds,
    MAX(CASE WHEN u.date >= @hotlineFrom AND u.competitorHotlineSeconds > @hotlineLimit THEN u.date END) AS hotlineLastDay,
    GROUP_CONCAT(CASE WHEN u.forwardedToCompetitor THEN u.date END) AS forwardedDays
  FROM DailyUsage u JOIN Customer c ON c.id = u.customerId
  WHERE u.customerId IN (${placeholders(n)}) AND u.date BETWEEN @historyFrom AND @asOf AND u.date >= c.joinDate
  GROUP BY u.customerId`;

/** The rules' input for these customers on day D (batched; order follows `customers`). */
export function loadSignalInputs(
  sql: SqliteDatabase,
  customers: readonly CustomerProfile[],
  asOf: string,
  config: RulesConfig,
): SignalInput[] {
  const w = ruleWindows(asOf, config);
  const s = config.signals;
  const eventsFrom = addDays(
    asOf,
    -(Math.max(s.portabilityInquiry.withinDays, s.complaint.withinDays, s.broadbandFault.withinDays) - 1),
  );
  const params = {
    recentFrom: w.recent.from,
    hotlineFrom: w.hotline.from,
    hotlineLimit: s.competitorHotline.moreThanSeconds,
    historyFrom: w.history.from,
    asOf,
  };
  const out: SignalInput[] = [];
  for (const batch of chunks(customers)) {
    const ids = batch.map((c) => c.id);
    const usage = new Map(
      (sql.prepare(USAGE_SQL(ids.length)).all(...ids, params) as UsageAggregateRow[]).map((r) => [
        r.customerId,
        r,
      ]),
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
        .all(...ids, eventsFrom, asOf) as EventRow[],
    );
    for (const customer of batch) {
      out.push({
        customer,
        usage: toSummary(usage.get(customer.id), customer.joinDate, w),
        bills: bills.get(customer.id) ?? [],
        events: events.get(customer.id) ?? [],
      });
    }
  }
  return out;
}

function toSummary(
  row: UsageAggregateRow | undefined,
  joinDate: string,
  w: ReturnType<typeof ruleWindows>,
): UsageSummary {
  return {
    recentSpend: row?.recentSpend ?? 0,
    baselineSpend: row?.baselineSpend ?? 0,
    recentDataMb: row?.recentDataMb ?? 0,
    baselineDataMb: row?.baselineDataMb ?? 0,
    recentTenureDays: tenureDaysIn(w.recent, joinDate),
    baselineTenureDays: tenureDaysIn(w.baseline, joinDate),
    lastCallDay: row?.lastCallDay ?? null,
    hotlineDaysOver: row?.hotlineDaysOver ?? 0,
    hotlineMaxSeconds: row?.hotlineMaxSeconds ?? 0,
    hotlineLastDay: row?.hotlineLastDay ?? null,
    forwardedDays: row?.forwardedDays ? row.forwardedDays.split(",").sort() : [],
  };
}
