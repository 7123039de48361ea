/**
 * The rolling usage aggregates (`UsageAggregate`) moved from day P to day D in SQL, a page of
 * customers at a time, for the incremental daily job (docs/decisions/012-incremental-warnings.md):
 * the rows of the days entering or leaving a window are summed per customer in one statement (one
 * range of the covering date index per day), added to the stored sums in one UPDATE, and the
 * customers whose judgement that can change are named in `WarningJudgeSet`, so JavaScript judges
 * only them and everyone else's rows are carried over.
 *
 * It moves every customer but those buildJudgeSet named in `temp.UnfoldedInSql` (rows corrected or
 * arrived late, a killed run's or another join date's aggregates, a mark or the last call day
 * leaving its window) and those with a moved row before their join date: judged customers too, so
 * JavaScript reads rows only for those. For the rest every stored mark is still inside D's
 * windows and every row it reads dated up to P was counted by P (later rows are dated after P), so
 * the sums move by integers, the last call day can only move forward and the hotline and forwarded
 * marks only grow at their end: the result equals a rebuild field for field.
 */
import type { SqliteDatabase } from "./database.js";

/** Where the aggregates stand (P) and where they go (D), with the bounds of both days' windows. */
export interface SqlFoldParams {
  runId: number;
  day: string;
  fromDay: string;
  /** Rows up to this rowid are read (the run's watermark). */
  usageRowid: number;
  /** The days whose rows change bucket between P and D (JSON array). */
  movedDays: string;
  pRecentFrom: string;
  pHistoryFrom: string;
  dRecentFrom: string;
  dHistoryFrom: string;
  dHotlineFrom: string;
  hotlineLimit: number;
  /** The last call day on or before which D is a zero-call streak (D minus its length). */
  dZeroCallTo: string;
  /** The rules' thresholds the usage sums are judged by (see judgementMayChange). */
  thresholds: UsageThresholds;
}

/** The thresholds of the usage-sum rules and of the decline stage, and the window lengths. */
export interface UsageThresholds {
  recentDays: number;
  baselineDays: number;
  minBaselineTenureDays: number;
  spendDropPercent: number;
  dataDropPercent: number;
  declinePercent: number;
}

export interface SqlFoldStats {
  /**
   * Customers with rows on the moved days read here (those left to JavaScript are read again
   * there, those whose rows changed nothing keep P's aggregates).
   */
  customers: number;
  /** Usage rows of the moved days read. */
  rows: number;
}

/**
 * What a moved day's rows do between P and D (`DayRole`): +1/-1/0 to the recent and the baseline
 * sums, and whether the day is new since P (its calls, forwarding and hotline marks are added).
 */
interface DayRole {
  day: string;
  recent: number;
  baseline: number;
  entering: number;
  hotline: number;
}

function dayRoles(p: SqlFoldParams): DayRole[] {
  const inRange = (day: string, from: string, to: string) => (day >= from && day <= to ? 1 : 0);
  return (JSON.parse(p.movedDays) as string[]).map((day) => {
    const entering = day > p.fromDay && day <= p.day ? 1 : 0;
    const pRecent = inRange(day, p.pRecentFrom, p.fromDay);
    const dRecent = inRange(day, p.dRecentFrom, p.day);
    const pBaseline = day >= p.pHistoryFrom && day < p.pRecentFrom ? 1 : 0;
    const dBaseline = day >= p.dHistoryFrom && day < p.dRecentFrom ? 1 : 0;
    return {
      day,
      recent: dRecent - pRecent,
      baseline: dBaseline - pBaseline,
      entering,
      hotline: entering && day >= p.dHotlineFrom ? 1 : 0,
    };
  });
}

/** Per customer of a page: the moved days' rows summed by what they do between P and D. */
const DELTA_SQL = `
  INSERT INTO temp.AggregateDelta (customerId, rows, firstDay, recentSpendFen, baselineSpendFen, recentDataCenti,
    baselineDataCenti, lastCallDay, forwardedDays, hotlineDays)
  SELECT u.customerId, COUNT(*), MIN(u.date),
    TOTAL(ROUND(u.spend * 100) * r.recent), TOTAL(ROUND(u.spend * 100) * r.baseline),
    TOTAL(ROUND(u.dataMb * 100) * r.recent), TOTAL(ROUND(u.dataMb * 100) * r.baseline),
    MAX(u.date) FILTER (WHERE r.entering AND u.calls > 0),
    GROUP_CONCAT(u.date, ',' ORDER BY u.date) FILTER (WHERE r.entering AND u.forwardedToCompetitor),
    GROUP_CONCAT(u.date || ':' || u.competitorHotlineSeconds, ',' ORDER BY u.date)
      FILTER (WHERE r.hotline AND u.competitorHotlineSeconds > @hotlineLimit)
  FROM temp.DayRole r CROSS JOIN DailyUsage u ON u.date = r.day
  WHERE u.customerId > @after AND u.rowid <= @usageRowid`;

/** The same for a page with an upper bound (a bound of "or none" would read each day to its end). */
const DELTA_UP_TO_SQL = `${DELTA_SQL} AND u.customerId <= @last GROUP BY u.customerId`;

const FOLDABLE = "NOT EXISTS (SELECT 1 FROM temp.UnfoldedInSql x WHERE x.customerId = d.customerId)";

const ROWS_READ_SQL = "SELECT TOTAL(rows) FROM temp.AggregateDelta";

const append = (column: string) =>
  `${column} = CASE WHEN d.${column} IS NULL THEN a.${column} WHEN a.${column} IS NULL THEN d.${column}
     ELSE a.${column} || ',' || d.${column} END`;

const SUMS = ["recentSpendFen", "baselineSpendFen", "recentDataCenti", "baselineDataCenti"];
const SUMS_MOVED = SUMS.map((c) => `d.${c} != 0`).join(" OR ");

/**
 * The stored aggregates moved to D for the page's foldable customers with something new. A row
 * dated before the customer's join date is counted by neither day (tenure still growing): such a
 * customer is left to JavaScript.
 */
const UPDATE_SQL = `
  UPDATE UsageAggregate AS a SET asOf = @day, runId = @runId,
    ${SUMS.map((c) => `${c} = a.${c} + CAST(d.${c} AS INTEGER)`).join(", ")},
    lastCallDay = coalesce(d.lastCallDay, a.lastCallDay), ${append("forwardedDays")}, ${append("hotlineDays")}
  FROM temp.AggregateDelta d
  WHERE a.customerId = d.customerId AND ${FOLDABLE} AND d.firstDay >= a.joinDate
    AND (${SUMS_MOVED} OR d.lastCallDay IS NOT NULL OR d.forwardedDays IS NOT NULL OR d.hotlineDays IS NOT NULL)`;

/**
 * The days of a day's baseline window in the customer's tenure (`a.joinDate`), as tenureDaysIn
 * counts them: the whole window for most customers (a string comparison), else the days from the
 * join date to the day before the recent window starts (`@<x>HistoryFrom`, `@<x>RecentFrom`: P's or D's).
 */
export const baselineTenureSql = (x: "p" | "d", joinDate = "a.joinDate") =>
  `(CASE WHEN ${joinDate} <= @${x}HistoryFrom THEN @baselineDays
     ELSE max(0, CAST(julianday(@${x}RecentFrom) - julianday(${joinDate}) AS INTEGER)) END)`;

/**
 * Both days' baseline tenure of every join date inside P's history window up to D's baseline end
 * (about 120 rows), counted once: the comparisons read them (`t.p`, `t.d`) instead of repeating the
 * date arithmetic dozens of times per customer. A later join date has no baseline either day.
 */
const TENURE_DAYS_SQL = `
  INSERT INTO temp.TenureDays (joinDate, p, d)
  WITH RECURSIVE day(joinDate) AS (
    SELECT date(@pHistoryFrom, '+1 day') UNION ALL
    SELECT date(joinDate, '+1 day') FROM day WHERE joinDate < date(@dRecentFrom, '-1 day'))
  SELECT joinDate, ${baselineTenureSql("p", "joinDate")}, ${baselineTenureSql("d", "joinDate")} FROM day`;

/**
 * Whether a drop rule (or the decline stage) holds for sums `recent` and `baseline` (fen or 0.01 MB)
 * and `tenure` days of the baseline in the customer's tenure (the rules average the baseline over
 * them, and judge no drop below `@minBaselineTenureDays`), and whether the sums sit at its
 * threshold. The rules compare in yuan and floating point (atMostPercentOf,
 * src/domain/signals/usage-summary.ts): recent / 100 ≤ (baseline / 100 × recentDays / tenure) ×
 * percent / 100, which in integers is recent × tenure × 100 ≤ baseline × recentDays × percent
 * (`@perRecentX`: recentDays × percent of rule X). Sums within a millionth of that line either way
 * are judged, whatever the last bit of the rule's arithmetic says.
 */
function dropRule(recent: string, baseline: string, rule: string, needsRecent: boolean, tenure: Tenure) {
  const left = `(${recent}) * ${tenure.times100}`;
  const right = `(${baseline}) * @perRecent${rule}`;
  const guard = `${tenure.enough} AND (${baseline}) > 0${needsRecent ? ` AND (${recent}) > 0` : ""}`;
  return {
    holds: `(${guard} AND ${left} <= ${right})`,
    atEdge: `(${guard} AND abs(${left} - ${right}) <= 1e-6 * max(${tenure.times10000}, ${right}))`,
  };
}

/** A baseline tenure in SQL: × 100, × 10,000, and whether it has the days a drop is judged by. */
interface Tenure {
  times100: string;
  times10000: string;
  enough: string;
}

/** The whole baseline window: bound parameters, no arithmetic per row. */
const FULL_TENURE: Tenure = {
  times100: "@baselineDays100",
  times10000: "@baselineDays10000",
  enough: "@baselineTenureOk",
};

const tenureOf = (x: "p" | "d"): Tenure => {
  const days = `t.${x}`;
  return {
    times100: `${days} * 100`,
    times10000: `${days} * 10000`,
    enough: `${days} >= @minBaselineTenureDays AND ${days} > 0`,
  };
};

const old = (c: string) => `(a.${c} - CAST(d.${c} AS INTEGER))`;
const same = (c: string) => `a.${c}`;

/**
 * A rule or stage whose outcome differs between P's sums and tenure and D's, or that sits at its
 * threshold on either day (`before`: P's sum of a column, by default D's less the moved rows').
 */
function flips(
  recent: string,
  baseline: string,
  rule: string,
  needsRecent: boolean,
  before: (c: string) => string,
  tenure: { d: Tenure; p: Tenure },
): string {
  const now = dropRule(`a.${recent}`, `a.${baseline}`, rule, needsRecent, tenure.d);
  const then = dropRule(before(recent), before(baseline), rule, needsRecent, tenure.p);
  return `(${now.holds} != ${then.holds} OR ${now.atEdge} OR ${then.atEdge})`;
}

/**
 * Whether spend_drop, data_drop or (for a customer with rows on P, `w`) the decline stage differs
 * between P's sums and tenure and D's. Nearly everyone joined before P's baseline window: for them
 * both tenures are the whole window, bound parameters (the tenure expression in every comparison
 * cost 0.9 s CPU a day at 1M); `grown` says whether the customer may have joined later.
 */
function usageRulesFlip(before: (c: string) => string, grown: "maybe" | "yes"): string {
  const all = (tenure: { d: Tenure; p: Tenure }) =>
    `(${flips("recentSpendFen", "baselineSpendFen", "SpendDrop", true, before, tenure)}
      OR ${flips("recentDataCenti", "baselineDataCenti", "DataDrop", true, before, tenure)}
      OR (w.customerId IS NOT NULL AND ${flips("recentSpendFen", "baselineSpendFen", "Decline", false, before, tenure)}))`;
  // One seek in temp.TenureDays per customer who joined inside P's history window.
  const growing = `EXISTS (SELECT 1 FROM temp.TenureDays t WHERE t.joinDate = a.joinDate
    AND ${all({ d: tenureOf("d"), p: tenureOf("p") })})`;
  if (grown === "yes") return growing;
  // AND/OR, not CASE: in a WHERE clause SQLite skips what the first terms decide, while a CASE
  // branch is a value, every term of which it computes (0.5 s CPU at 1M).
  return `((a.joinDate <= @pHistoryFrom AND ${all({ d: FULL_TENURE, p: FULL_TENURE })})
    OR (a.joinDate > @pHistoryFrom AND ${growing}))`;
}

/** Per customer with rows on P: whether one is a zero-call streak. */
const WARNED_ON_P_SQL = `
  INSERT INTO temp.WarnedOnP (customerId, zeroCall)
  SELECT customerId, MAX(code = 'zero_call_days')
  FROM Warning WHERE day = @fromDay GROUP BY customerId`;

/**
 * The customers moved here whose judgement can differ from P's: a mark added (forwarding, the
 * competitor hotline), a call that ends P's zero-call streak or arrives with a streak already long
 * enough, a usage rule that starts or stops holding, or the decline stage changing for a customer
 * with warnings (the stage is stored on each row); and those the UPDATE left because a moved row
 * predates their join date (JavaScript folds them). Everyone else keeps P's rows, carried over — the
 * figures of a spend_drop, data_drop or zero_spend_month row rewritten from the moved sums there
 * (carryOverRows).
 */
const JUDGE_SQL = `
  INSERT OR IGNORE INTO WarningJudgeSet (runId, customerId)
  SELECT @runId, a.customerId FROM temp.AggregateDelta d CROSS JOIN UsageAggregate a ON a.customerId = d.customerId
    LEFT JOIN temp.WarnedOnP w ON w.customerId = d.customerId
  WHERE d.firstDay < a.joinDate OR (a.runId = @runId AND (
    d.forwardedDays IS NOT NULL OR d.hotlineDays IS NOT NULL
    OR (d.lastCallDay IS NOT NULL AND (d.lastCallDay <= @dZeroCallTo OR w.zeroCall))
    OR ((a.recentSpendFen <= 0 AND a.baselineSpendFen > 0) != (${old("recentSpendFen")} <= 0 AND ${old("baselineSpendFen")} > 0))
    OR ${usageRulesFlip(old, "maybe")}
  ))`;

/**
 * The customers whose baseline tenure differs between P and D (joined inside P's history window,
 * up to D's baseline end) and whose sums did not move (this run wrote nothing to their aggregates):
 * a drop rule or the decline stage can still start or stop holding, with the baseline averaged over
 * one more day of tenure. Those with moved sums are judged by JUDGE_SQL, which has the tenure too.
 */
const TENURE_SQL = `
  INSERT OR IGNORE INTO WarningJudgeSet (runId, customerId)
  SELECT @runId, a.customerId FROM UsageAggregate a LEFT JOIN temp.WarnedOnP w ON w.customerId = a.customerId
  WHERE a.joinDate > @pHistoryFrom AND a.joinDate < @dRecentFrom AND a.runId != @runId
    AND ${usageRulesFlip(same, "yes")}`;

/**
 * The page's foldable customers of the judge set without rows on the moved days: their aggregates
 * stand at D as they are, so they are marked so and JavaScript judges them as stored, reading no
 * rows. (Those with rows that moved nothing are left to JavaScript: rare.)
 */
const STILL_SQL = `
  UPDATE UsageAggregate AS a SET asOf = @day, runId = @runId
  FROM WarningJudgeSet j
  WHERE j.runId = @runId AND j.customerId > @after AND (@last IS NULL OR j.customerId <= @last)
    AND a.customerId = j.customerId AND a.runId != @runId
    AND NOT EXISTS (SELECT 1 FROM temp.UnfoldedInSql x WHERE x.customerId = a.customerId)
    AND NOT EXISTS (SELECT 1 FROM temp.AggregateDelta d WHERE d.customerId = a.customerId)`;

const NEXT_PAGE_SQL =
  "SELECT customerId FROM UsageAggregate WHERE customerId > ? ORDER BY customerId LIMIT 1 OFFSET ?";

/**
 * Moves the aggregates of every customer but those left to JavaScript (`temp.UnfoldedInSql`, filled by
 * buildJudgeSet, dropped here) from P to D, page by page (one short transaction each), and adds to the judge
 * set those whose judgement can change.
 */
export function foldAggregatesInSql(sql: SqliteDatabase, p: SqlFoldParams, pageSize = 50_000): SqlFoldStats {
  sql.exec(`DROP TABLE IF EXISTS temp.AggregateDelta; DROP TABLE IF EXISTS temp.WarnedOnP; DROP TABLE IF EXISTS temp.DayRole;
    DROP TABLE IF EXISTS temp.TenureDays;
    CREATE TEMP TABLE TenureDays (joinDate TEXT PRIMARY KEY, p INTEGER, d INTEGER) WITHOUT ROWID;
    CREATE TEMP TABLE AggregateDelta (customerId TEXT PRIMARY KEY, rows INTEGER, firstDay TEXT,
      recentSpendFen REAL, baselineSpendFen REAL, recentDataCenti REAL, baselineDataCenti REAL,
      lastCallDay TEXT, forwardedDays TEXT, hotlineDays TEXT) WITHOUT ROWID;
    CREATE TEMP TABLE WarnedOnP (customerId TEXT PRIMARY KEY, zeroCall INTEGER) WITHOUT ROWID;
    CREATE TEMP TABLE DayRole (day TEXT PRIMARY KEY, recent INTEGER, baseline INTEGER, entering INTEGER,
      hotline INTEGER) WITHOUT ROWID;`);
  const role = sql.prepare(
    "INSERT INTO temp.DayRole (day, recent, baseline, entering, hotline) VALUES (@day, @recent, @baseline, @entering, @hotline)",
  );
  for (const r of dayRoles(p)) role.run(r);
  sql.prepare(WARNED_ON_P_SQL).run({ fromDay: p.fromDay });
  sql.prepare(TENURE_DAYS_SQL).run({
    pHistoryFrom: p.pHistoryFrom,
    pRecentFrom: p.pRecentFrom,
    dHistoryFrom: p.dHistoryFrom,
    dRecentFrom: p.dRecentFrom,
    baselineDays: p.thresholds.baselineDays,
  });
  const clear = sql.prepare("DELETE FROM temp.AggregateDelta");
  const delta = sql.prepare(`${DELTA_SQL} GROUP BY u.customerId`);
  const deltaUpTo = sql.prepare(DELTA_UP_TO_SQL);
  const rowsRead = sql.prepare(ROWS_READ_SQL).pluck();
  const update = sql.prepare(UPDATE_SQL);
  const judge = sql.prepare(JUDGE_SQL);
  const nextPage = sql.prepare(NEXT_PAGE_SQL).pluck();
  const still = sql.prepare(STILL_SQL);
  const { thresholds: t, ...rest } = p;
  const params = {
    ...rest,
    baselineDays: t.baselineDays,
    minBaselineTenureDays: t.minBaselineTenureDays,
    baselineTenureOk: t.baselineDays >= t.minBaselineTenureDays && t.baselineDays > 0 ? 1 : 0,
    baselineDays100: t.baselineDays * 100,
    baselineDays10000: t.baselineDays * 10_000,
    perRecentSpendDrop: t.recentDays * t.spendDropPercent,
    perRecentDataDrop: t.recentDays * t.dataDropPercent,
    perRecentDecline: t.recentDays * t.declinePercent,
  };
  const stats: SqlFoldStats = { customers: 0, rows: 0 };
  const page = sql.transaction((after: string, last: string | null) => {
    clear.run();
    const read = last === null ? delta.run({ ...params, after }) : deltaUpTo.run({ ...params, after, last });
    stats.customers += read.changes;
    stats.rows += rowsRead.get() as number;
    update.run({ day: p.day, runId: p.runId });
    judge.run(params);
    still.run({ day: p.day, runId: p.runId, after, last });
  });
  try {
    for (let after = ""; ; ) {
      const last = (nextPage.get(after, pageSize - 1) as string | undefined) ?? null;
      page.immediate(after, last);
      if (last === null) break;
      after = last;
    }
    sql.prepare(TENURE_SQL).run(params);
    return stats;
  } finally {
    sql.exec(
      "DROP TABLE IF EXISTS temp.AggregateDelta; DROP TABLE IF EXISTS temp.WarnedOnP; DROP TABLE IF EXISTS temp.DayRole; DROP TABLE IF EXISTS temp.TenureDays; DROP TABLE IF EXISTS temp.UnfoldedInSql",
    );
  }
}
