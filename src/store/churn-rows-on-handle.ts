/**
 * The churn features' rows on the SQL handle (either store; the PostgreSQL store's churn training
 * and scoring, issue #14): the customers on day D, their usage sums over the windows of D, and
 * their events, overdue bills and outcomes — the same values as the SQLite connection's readers
 * (churn-feature-rows.ts, churn-usage-window.ts; the usage recount is the same text per dialect
 * as theirs, churn-recount.ts).
 */
import { addDays } from "../domain/dates.js";
import type { CustomerAsOf, OtherFeatureRows } from "./churn-feature-rows.js";
import { recountAll } from "./churn-recount.js";
import { toRow, type UsageWindowRow, windowsOf } from "./churn-usage-window.js";
import type { SqlHandle, SqlParam } from "./sql-handle.js";

type Dialect = SqlHandle["dialect"];

/** A text with `@name` parameters as `?` placeholders and the values in their order. */
function named(text: string, values: Record<string, SqlParam>): [string, SqlParam[]] {
  const params: SqlParam[] = [];
  const positional = text.replace(/@(\w+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for @${name}`);
    params.push(values[name]!);
    return "?";
  });
  return [positional, params];
}

/**
 * By id in SQLite's order (bytes): the training rows' order feeds the learner's row sampling, so
 * the same order gives the same model. PostgreSQL's default collation may order ids otherwise.
 */
const BY_ID: Record<Dialect, string> = { sqlite: `"id"`, postgres: `"id" COLLATE "C"` };

const customersText = (
  dialect: Dialect,
) => `SELECT "id", "joinDate", "contractEnd", "vipLevel", "groupId", "leftDate"
  FROM "Customer" WHERE "joinDate" <= @day AND ("leftDate" > @day OR ("leftDate" IS NULL AND "status" != 'left'))
  ORDER BY ${BY_ID[dialect]}`;

/** The customers on day D (joined on or before D, not yet left), by id (bytes). */
export function customersAsOfOn(db: SqlHandle, day: string): Promise<CustomerAsOf[]> {
  return db.all<CustomerAsOf>(...named(customersText(db.dialect), { day }));
}

/**
 * Every customer's usage sums over the windows of day D, read from the rows (the same integers as
 * usageWindowsFromRows; PostgreSQL's counts and integer sums arrive as text and are made numbers).
 */
export async function usageWindowsOn(db: SqlHandle, day: string): Promise<UsageWindowRow[]> {
  const rows = await db.values(...named(recountAll(db.dialect), windowsOf(day)));
  return rows.map((v) => toRow([v[0], ...v.slice(1).map(Number)]));
}

const EVENTS = `SELECT "customerId", COUNT(*) FILTER (WHERE "type" = 'complaint') AS "c",
    COUNT(*) FILTER (WHERE "type" = 'broadband_fault') AS "f",
    COUNT(*) FILTER (WHERE "type" = 'portability_inquiry') AS "p",
    COUNT(*) FILTER (WHERE "type" = 'competitor_offer') AS "o"
  FROM "Event" WHERE "date" > @since AND "date" <= @day GROUP BY "customerId"`;
const BILLS = `SELECT "customerId", COUNT(*) AS "n", SUM("amount") AS "amount" FROM "Bill"
  WHERE "dueDate" < @day AND ("paidDate" IS NULL OR "paidDate" > @day) GROUP BY "customerId"`;
const OUTCOMES = `SELECT "customerId", COUNT(*) AS "n", COUNT(*) FILTER (WHERE "kind" = 'retained') AS "retained"
  FROM "Outcome" WHERE "day" < @day GROUP BY "customerId"`;

/** The events, overdue bills and outcomes behind the features of day D, per customer. */
export async function otherFeatureRowsOn(db: SqlHandle, day: string): Promise<OtherFeatureRows> {
  const events = await db.all<Record<string, string | number>>(
    ...named(EVENTS, { day, since: addDays(day, -90) }),
  );
  const bills = await db.all<Record<string, string | number>>(...named(BILLS, { day }));
  const outcomes = await db.all<Record<string, string | number>>(...named(OUTCOMES, { day }));
  return {
    events: events.map((e) => ({
      customerId: String(e.customerId),
      c: Number(e.c),
      f: Number(e.f),
      p: Number(e.p),
      o: Number(e.o),
    })),
    bills: bills.map((b) => ({ customerId: String(b.customerId), n: Number(b.n), amount: Number(b.amount) })),
    outcomes: outcomes.map((o) => ({
      customerId: String(o.customerId),
      n: Number(o.n),
      retained: Number(o.retained),
    })),
  };
}
