/**
 * Point-in-time features of every customer who was a customer on day D (joined on or before D and
 * not yet left), read from the store with SQL that only looks at rows dated on or before D: usage
 * up to D, events up to D, bills due before D as they stood on D (a bill paid after D was unpaid on
 * D), outcomes logged before D. Profile fields that change over time (ARPU, status) are not used;
 * the ones used (VIP level, segment, contract end, join date) are today's values.
 */

import { CHURN_FEATURES, FEATURE_INDEX as F, STAGE_CODES, VIP_CODES } from "../../domain/churn-features.js";
import { daysBetween } from "../../domain/dates.js";
import {
  type CustomerAsOf,
  customersAsOf,
  type OtherFeatureRows,
  otherFeatureRows,
} from "../../store/churn-feature-rows.js";
import {
  type UsageWindowRow,
  usageWindowsFromRows,
  usageWindowsOfCustomers,
} from "../../store/churn-usage-window.js";
import type { SqliteDatabase } from "../../store/database.js";
import { keptUsageWindowsAt } from "./usage-window.js";

export type { CustomerAsOf } from "../../store/churn-feature-rows.js";

export interface FeatureTable {
  day: string;
  customerIds: string[];
  /** columns[f][row], in CHURN_FEATURES order; NaN = missing. */
  columns: Float64Array[];
  /** Day each customer left, when known (for labels). */
  leftDates: (string | null)[];
}

/** The features missing for a customer without usage rows in the windows. */
const NO_USAGE_MISSING = [
  "spend_change_pct",
  "calls_change_pct",
  "data_change_pct",
  "baseline_spend_monthly",
] as const;

const pct = (recent: number | null, baseline: number | null, baselineDays: number) => {
  if (recent === null || baseline === null || baselineDays < 30) return Number.NaN;
  const perMonth = (baseline / baselineDays) * 30;
  return perMonth > 0 ? (recent / perMonth - 1) * 100 : Number.NaN;
};

/**
 * Where the usage sums come from: the rows (`rows`, the reference; any day) or the scoring's kept
 * window moved to D (`kept`, src/services/churn/usage-window.ts; the day scored). Both give the same
 * integer sums, so the same features.
 */
export type UsageSource = "rows" | "kept";

/** Below this share of the day's customers, their usage is read customer by customer. */
const FEW_CUSTOMERS = 0.5;

/**
 * The features of day D's customers, or of those `only` keeps (training's sample, the holdout
 * quarter): few of them are read customer by customer along the (customerId, date) key.
 */
export function churnFeaturesAsOf(
  sql: SqliteDatabase,
  day: string,
  usageSource: UsageSource = "rows",
  only?: (customers: readonly CustomerAsOf[]) => CustomerAsOf[],
): FeatureTable {
  const all = customersAsOf(sql, day);
  const customers = only ? only(all) : all;
  const usage =
    usageSource === "kept"
      ? keptUsageWindowsAt(sql, day).rows
      : customers.length < all.length * FEW_CUSTOMERS
        ? usageWindowsOfCustomers(
            sql,
            day,
            customers.map((c) => c.id),
          )
        : usageWindowsFromRows(sql, day);
  return featureTableOf(sql, day, customers, usage);
}

/**
 * The feature table of these customers from their usage sums and the events, bills and outcomes as
 * of D (rows of other customers are ignored).
 */
export function featureTableOf(
  sql: SqliteDatabase,
  day: string,
  customers: readonly CustomerAsOf[],
  usage: readonly UsageWindowRow[],
  others: OtherFeatureRows = otherFeatureRows(sql, day),
): FeatureTable {
  return buildFeatureTable(day, customers, usage, others);
}

/**
 * The feature table from rows already read (either store: the SQLite connection above, or the SQL
 * handle in features-on-handle.ts).
 */
export function buildFeatureTable(
  day: string,
  customers: readonly CustomerAsOf[],
  usage: readonly UsageWindowRow[],
  others: OtherFeatureRows,
): FeatureTable {
  const rows = customers.length;
  const columns = CHURN_FEATURES.map(() => new Float64Array(rows));
  const at = new Map(customers.map((c, i) => [c.id, i]));
  const set = (row: number, feature: keyof typeof F, value: number) => {
    columns[F[feature]]![row] = value;
  };
  // Defaults: no usage rows at all in the window.
  for (const f of NO_USAGE_MISSING) columns[F[f]]!.fill(Number.NaN);
  for (const u of usage) {
    const r = at.get(u.customerId);
    if (r === undefined || u.recentDays + u.baselineDays === 0) continue;
    // A sum over no rows is missing (as SQL's SUM of nothing is NULL). (No closures per row: at 1M
    // rows their creation showed in the profile.)
    const recent = u.recentDays > 0;
    const baseline = u.baselineDays > 0;
    const rs = recent ? u.recentSpendFen / 100 : null;
    const bs = baseline ? u.baselineSpendFen / 100 : null;
    set(r, "spend_change_pct", pct(rs, bs, u.baselineDays));
    set(
      r,
      "calls_change_pct",
      pct(recent ? u.recentCalls : null, baseline ? u.baselineCalls : null, u.baselineDays),
    );
    set(
      r,
      "data_change_pct",
      pct(
        recent ? u.recentDataCenti / 100 : null,
        baseline ? u.baselineDataCenti / 100 : null,
        u.baselineDays,
      ),
    );
    set(r, "spend_30d", rs ?? 0);
    set(
      r,
      "baseline_spend_monthly",
      u.baselineDays >= 30 && bs !== null ? (bs / u.baselineDays) * 30 : Number.NaN,
    );
    set(r, "hotline_days_30", u.hotlineDays);
    set(r, "hotline_seconds_30", u.hotlineSeconds);
    set(r, "forwarded_days_30", u.forwardedDays);
    columns[F.zero_call_days_30]![r] = u.zeroCallDays - u.recentDays; // the missing days are added below
  }
  const { events, bills, outcomes } = others;
  for (const e of events) {
    const r = at.get(e.customerId);
    if (r === undefined) continue;
    set(r, "complaints_90", e.c);
    set(r, "faults_90", e.f);
    set(r, "portability_inquiries_90", e.p);
    set(r, "competitor_offers_90", e.o);
  }
  for (const b of bills) {
    const r = at.get(b.customerId);
    if (r === undefined) continue;
    set(r, "overdue_bills", b.n);
    set(r, "overdue_amount", b.amount);
  }
  for (const o of outcomes) {
    const r = at.get(o.customerId);
    if (r === undefined) continue;
    set(r, "past_contacts", o.n);
    set(r, "past_retained", o.retained);
  }
  for (const [r, c] of customers.entries()) {
    const tenure = daysBetween(c.joinDate, day);
    set(r, "tenure_days", tenure);
    // zc − rd was stored: add the recent days the customer had (no row = no call).
    const daysHeld = Math.min(30, tenure + 1);
    set(r, "zero_call_days_30", columns[F.zero_call_days_30]![r]! + daysHeld);
    set(r, "days_to_contract_end", c.contractEnd ? daysBetween(day, c.contractEnd) : Number.NaN);
    set(r, "vip_level", VIP_CODES[c.vipLevel] ?? 0);
    set(r, "group_member", c.groupId ? 1 : 0);
    const change = columns[F.spend_change_pct]![r]!;
    const stage = tenure < 90 ? "A" : change <= -20 ? "D" : tenure < 365 ? "B" : "C";
    set(r, "stage", STAGE_CODES.indexOf(stage));
  }
  return {
    day,
    customerIds: customers.map((c) => c.id),
    columns,
    leftDates: customers.map((c) => c.leftDate),
  };
}

/** 1 when the customer left 31–60 days after D (the label), else 0. */
export function leftWithin31To60(day: string, leftDate: string | null): 0 | 1 {
  if (!leftDate) return 0;
  const after = daysBetween(day, leftDate);
  return after >= 31 && after <= 60 ? 1 : 0;
}
