/**
 * Hand-written SQL references for the warnings benchmark, run on the same file in the same run:
 * - the whole store: one statement that aggregates every current customer's usage over the rule
 *   windows (one pass over DailyUsage in primary-key order) and counts the customers showing each
 *   signal that plain SQL expresses directly. call_forwarding (runs of consecutive days) and
 *   group_bulk_anomaly (a second pass over the members) are left out, so the reference does less
 *   work than the engine, not more;
 * - one manager's risk list: the stored warnings of day D with their customers' columns.
 * Thresholds and windows come from the same RulesConfig the engine runs with.
 */
import { addDays } from "../src/domain/dates.js";
import type { RulesConfig } from "../src/domain/rules-config.js";
import { ruleWindows } from "../src/domain/signals/index.js";
import type { SqliteDatabase } from "../src/store/database.js";

/** The signals the whole-store reference counts. */
export const REFERENCE_CODES = [
  "contract_expiring",
  "zero_spend_month",
  "spend_drop",
  "data_drop",
  "zero_call_days",
  "competitor_hotline",
  "overdue_bill",
  "portability_inquiry",
  "complaint",
  "broadband_fault",
] as const;

// Tenure days of a window [from, to] for a customer who joined on c.joinDate (0 when after it).
const tenure = (from: string, to: string) =>
  `MAX(0, CAST(julianday(${to}) - julianday(MAX(c.joinDate, ${from})) + 1 AS INTEGER))`;

const WHOLE_STORE_SQL = `
  WITH usage AS (
    SELECT c.status, c.contractEnd,
      ${tenure("@recentFrom", "@asOf")} AS recentDays,
      ${tenure("@baselineFrom", "@baselineTo")} AS baselineDays,
      TOTAL(u.spend) FILTER (WHERE u.date >= @recentFrom) AS recentSpend,
      TOTAL(u.spend) FILTER (WHERE u.date < @recentFrom) AS baselineSpend,
      TOTAL(u.dataMb) FILTER (WHERE u.date >= @recentFrom) AS recentData,
      TOTAL(u.dataMb) FILTER (WHERE u.date < @recentFrom) AS baselineData,
      MAX(u.date) FILTER (WHERE u.calls > 0) AS lastCallDay,
      COUNT(u.date) FILTER (WHERE u.date >= @hotlineFrom AND u.competitorHotlineSeconds > @hotlineLimit) AS hotlineDays
    FROM Customer c
    LEFT JOIN DailyUsage u ON u.customerId = c.id AND u.date BETWEEN @baselineFrom AND @asOf AND u.date >= c.joinDate
    WHERE c.status != 'left' AND c.joinDate <= @asOf
    GROUP BY c.id
  ),
  judged AS (
    SELECT *,
      baselineSpend * @recentLength / baselineDays AS spendBase,
      baselineData * @recentLength / baselineDays AS dataBase
    FROM usage
  )
  SELECT
    COUNT(*) AS customers,
    COUNT(*) FILTER (WHERE contractEnd BETWEEN @asOf AND @contractTo) AS contract_expiring,
    COUNT(*) FILTER (WHERE status = 'active' AND recentDays > 0 AND recentSpend <= 0 AND baselineSpend > 0) AS zero_spend_month,
    COUNT(*) FILTER (WHERE recentSpend > 0 AND baselineDays >= @minBaselineDays AND spendBase > 0
      AND recentSpend <= spendBase * @spendPercent / 100 + 1e-9 * MAX(1, spendBase * @spendPercent / 100)) AS spend_drop,
    COUNT(*) FILTER (WHERE recentDays > 0 AND baselineDays >= @minBaselineDays AND dataBase > 0
      AND recentData <= dataBase * @dataPercent / 100 + 1e-9 * MAX(1, dataBase * @dataPercent / 100)) AS data_drop,
    COUNT(*) FILTER (WHERE lastCallDay <= @silentSince) AS zero_call_days,
    COUNT(*) FILTER (WHERE hotlineDays > 0) AS competitor_hotline
  FROM judged`;

const BILLS_EVENTS_SQL = `
  WITH current AS (SELECT id FROM Customer WHERE status != 'left' AND joinDate <= @asOf),
  events AS (
    SELECT e.customerId,
      COUNT(*) FILTER (WHERE e.type = 'portability_inquiry' AND e.date >= @portabilityFrom) AS portability,
      COUNT(*) FILTER (WHERE e.type = 'complaint' AND e.date >= @complaintFrom) AS complaints,
      COUNT(*) FILTER (WHERE e.type = 'broadband_fault' AND e.date >= @faultFrom) AS faults
    FROM Event e JOIN current ON current.id = e.customerId
    WHERE e.date BETWEEN @eventsFrom AND @asOf GROUP BY e.customerId
  )
  SELECT
    (SELECT COUNT(DISTINCT b.customerId) FROM Bill b JOIN current ON current.id = b.customerId
      WHERE b.dueDate < @asOf AND (b.paidDate IS NULL OR b.paidDate > @asOf)) AS overdue_bill,
    (SELECT COUNT(*) FROM events WHERE portability > 0) AS portability_inquiry,
    (SELECT COUNT(*) FROM events WHERE complaints > 0) AS complaint,
    (SELECT COUNT(*) FROM events WHERE faults >= @minFaults) AS broadband_fault`;

export type ReferenceCounts = { customers: number } & Record<(typeof REFERENCE_CODES)[number], number>;

/** Customers showing each reference signal on day D, straight from SQL. */
export function referenceWholeStore(sql: SqliteDatabase, asOf: string, config: RulesConfig): ReferenceCounts {
  const w = ruleWindows(asOf, config);
  const s = config.signals;
  const within = (days: number) => addDays(asOf, -(days - 1));
  const usage = sql.prepare(WHOLE_STORE_SQL).get({
    asOf,
    recentFrom: w.recent.from,
    baselineFrom: w.baseline.from,
    baselineTo: w.baseline.to,
    hotlineFrom: w.hotline.from,
    hotlineLimit: s.competitorHotline.moreThanSeconds,
    recentLength: config.windows.recentDays,
    minBaselineDays: config.windows.minBaselineTenureDays,
    contractTo: addDays(asOf, s.contractExpiring.withinDays),
    spendPercent: s.spendDrop.maxPercent,
    dataPercent: s.dataDrop.maxPercent,
    silentSince: addDays(asOf, -s.zeroCallDays.minDays),
  }) as Omit<ReferenceCounts, "overdue_bill" | "portability_inquiry" | "complaint" | "broadband_fault">;
  const portabilityFrom = within(s.portabilityInquiry.withinDays);
  const complaintFrom = within(s.complaint.withinDays);
  const faultFrom = within(s.broadbandFault.withinDays);
  const rest = sql.prepare(BILLS_EVENTS_SQL).get({
    asOf,
    portabilityFrom,
    complaintFrom,
    faultFrom,
    eventsFrom: [portabilityFrom, complaintFrom, faultFrom].sort()[0],
    minFaults: s.broadbandFault.minEvents,
  }) as Pick<ReferenceCounts, "overdue_bill" | "portability_inquiry" | "complaint" | "broadband_fault">;
  return { ...usage, ...rest };
}

/** One manager's stored warnings of day D with the customers' columns (the list's rows). */
export function referenceManagerList(
  sql: SqliteDatabase,
  day: string,
  managerId: string,
): { customerId: string; code: string }[] {
  return sql
    .prepare(
      `SELECT c.id AS customerId, c.name, c.phone, c.managerId, c.segment, c.groupId, c.vipLevel, c.arpu,
         c.joinDate, c.contractEnd, c.birthday, c.lunarBirthday, c.sensitivity, c.personality, c.status,
         c.points, w.code, w.level, w.evidence, w.stage, w.doNotChase
       FROM Customer c JOIN Warning w ON w.day = ? AND w.customerId = c.id
       WHERE c.managerId = ? ORDER BY c.id`,
    )
    .all(day, managerId) as { customerId: string; code: string }[];
}

/**
 * The first (or a later) page of one manager's list by hand: the top 10 open customers by the
 * stored priority from WarningRank's index, their rows joined to their customers, and the count.
 * (No follow-up: the store in the bench has no outcomes.)
 */
export function referenceRiskPage(
  sql: SqliteDatabase,
  day: string,
  managerId: string,
  offset: number,
): { total: number; ids: string[]; rows: number } {
  const ids = sql
    .prepare(
      `SELECT customerId FROM WarningRank WHERE day = ? AND managerId = ? AND doNotChase = 0
       ORDER BY priority DESC, customerId LIMIT 10 OFFSET ?`,
    )
    .pluck()
    .all(day, managerId, offset) as string[];
  const total = sql
    .prepare("SELECT COUNT(*) FROM WarningRank WHERE day = ? AND managerId = ? AND doNotChase = 0")
    .pluck()
    .get(day, managerId) as number;
  const rows = sql
    .prepare(
      `SELECT c.*, w.code, w.level, w.evidence, w.stage, w.doNotChase
       FROM Customer c JOIN Warning w ON w.day = ? AND w.customerId = c.id
       WHERE c.id IN (SELECT value FROM json_each(?))`,
    )
    .all(day, JSON.stringify(ids));
  return { total, ids, rows: rows.length };
}
