/**
 * The rules' input for every current customer, for the daily job: one pass over the store in
 * primary-key order, a page of customers at a time, each page one statement that joins the
 * customers to their usage aggregates (range scans of DailyUsage's primary key, no `IN` lists).
 * The bills and events the rules can see on day D are few, so they are read once up front.
 */
import type { RulesConfig } from "../../domain/rules-config.js";
import type { SignalInput } from "../../domain/signals/types.js";
import { ruleWindows } from "../../domain/signals/usage-summary.js";
import type { SqliteDatabase } from "../../store/database.js";
import {
  eventsFrom,
  toSummary,
  USAGE_AGGREGATES,
  USAGE_IN_WINDOW,
  type UsageAggregateRow,
  usageParams,
} from "./load-inputs.js";
import { type BillRow, byCustomer, type CustomerRow, type EventRow, profileOf } from "./store-rows.js";

const PAGE_SQL = `
  SELECT c.id, c.name, c.phone, c.managerId, c.segment, c.groupId, c.vipLevel, c.arpu, c.joinDate,
    c.contractEnd, c.birthday, c.lunarBirthday, c.sensitivity, c.personality, c.status, c.points,
    ${USAGE_AGGREGATES}
  FROM Customer c LEFT JOIN DailyUsage u ON ${USAGE_IN_WINDOW}
  WHERE c.id > @after AND c.status != 'left'
  GROUP BY c.id ORDER BY c.id LIMIT @limit`;

type PageRow = CustomerRow & UsageAggregateRow;

/** Every current customer's input on day D, in id order, read `pageSize` customers at a time. */
export function* allSignalInputs(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  pageSize = 20_000,
): Generator<SignalInput> {
  const w = ruleWindows(asOf, config);
  const params = usageParams(asOf, config);
  // Ordered as the per-batch loader reads them (primary-key order), so sums add up identically.
  const bills = byCustomer(
    sql
      .prepare(
        `SELECT customerId, month, amount, dueDate, paidDate FROM Bill
         WHERE paidDate IS NULL OR paidDate > ? ORDER BY customerId, month`,
      )
      .all(asOf) as BillRow[],
  );
  const events = byCustomer(
    sql
      .prepare(
        `SELECT customerId, date, type, note FROM Event
         WHERE date BETWEEN ? AND ? ORDER BY customerId, date, type, note`,
      )
      .all(eventsFrom(asOf, config), asOf) as EventRow[],
  );
  const page = sql.prepare(PAGE_SQL);
  let after = "";
  for (;;) {
    const rows = page.all({ ...params, after, limit: pageSize }) as PageRow[];
    for (const row of rows) {
      const customer = profileOf(row);
      yield {
        customer,
        usage: toSummary(row, customer.joinDate, w),
        bills: bills.get(customer.id) ?? [],
        events: events.get(customer.id) ?? [],
      };
    }
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}
