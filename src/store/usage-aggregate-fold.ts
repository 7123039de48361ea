/**
 * The rolling usage aggregates (`UsageAggregate`) moved from day P to day D in SQL, a page of
 * customers at a time, for the incremental daily job (docs/decisions/012-incremental-warnings.md):
 * the rows of the days entering or leaving a window are summed per customer in one statement (one
 * range of the covering date index per day) that also tells, from the stored sums, whom the page
 * moves and whose judgement that can change — no write lock needed, so two connections can read at
 * once (decision 026, src/services/warnings/fold-helper.ts); then one short transaction adds the
 * sums to the stored ones and names those customers in `WarningJudgeSet`, so JavaScript judges
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
const summedSql = (upTo: boolean) => `
  SELECT u.customerId AS customerId, COUNT(*) AS rows, MIN(u.date) AS firstDay,
    TOTAL(ROUND(u.spend * 100) * r.recent) AS recentSpendFen, TOTAL(ROUND(u.spend * 100) * r.baseline) AS baselineSpendFen,
    TOTAL(ROUND(u.dataMb * 100) * r.recent) AS recentDataCenti, TOTAL(ROUND(u.dataMb * 100) * r.baseline) AS baselineDataCenti,
    MAX(u.date) FILTER (WHERE r.entering AND u.calls > 0) AS lastCallDay,
    GROUP_CONCAT(u.date, ',' ORDER BY u.date) FILTER (WHERE r.entering AND u.forwardedToCompetitor) AS forwardedDays,
    GROUP_CONCAT(u.date || ':' || u.competitorHotlineSeconds, ',' ORDER BY u.date)
      FILTER (WHERE r.hotline AND u.competitorHotlineSeconds > @hotlineLimit) AS hotlineDays
  FROM temp.DayRole r CROSS JOIN DailyUsage u ON u.date = r.day
  WHERE u.customerId > @after AND u.rowid <= @usageRowid${upTo ? " AND u.customerId <= @last" : ""}
  GROUP BY u.customerId`;

const SUMS = ["recentSpendFen", "baselineSpendFen", "recentDataCenti", "baselineDataCenti"];
const SUMS_MOVED = SUMS.map((c) => `g.${c} != 0`).join(" OR ");
/** `recentSpendFen` → `RecentSpendFen`: a sum's column at P (`p…`) and at D (`d…`) in the read half. */
const upperFirst = (c: string) => c[0]!.toUpperCase() + c.slice(1);

/** Whether the customer's (`a`) oldest hotline mark (marks are sorted) has left D's window. */
export const HOTLINE_MARK_LEAVES = "substr(a.hotlineDays, 1, 10) < @dHotlineFrom";

/** A stored list column ("x,y,…": days or day:seconds marks) as rows `m.value`, in order `m.key`. */
export const listItems = (column: string) => `json_each('["' || replace(${column}, ',', '","') || '"]') m`;

/**
 * Whether the page's customer is moved here: a foldable customer with aggregates and something new
 * (or a hotline mark to drop). A row dated before the customer's join date is counted by neither
 * day (tenure still growing): such a customer is left to JavaScript.
 */
const MOVED = `(a.customerId IS NOT NULL AND g.firstDay >= a.joinDate
  AND (${SUMS_MOVED} OR g.lastCallDay IS NOT NULL OR g.forwardedDays IS NOT NULL OR g.hotlineDays IS NOT NULL
    OR ${HOTLINE_MARK_LEAVES})
  AND NOT EXISTS (SELECT 1 FROM temp.UnfoldedInSql x WHERE x.customerId = g.customerId))`;

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

/** A sum as stored (D's and P's alike for a customer whose sums did not move). */
const stored = (c: string) => `a.${c}`;

/** A column's sum on D and on P. */
interface Sums {
  now: (c: string) => string;
  before: (c: string) => string;
}

/**
 * A rule or stage whose outcome differs between P's sums and tenure and D's, or that sits at its
 * threshold on either day.
 */
function flips(
  recent: string,
  baseline: string,
  rule: string,
  needsRecent: boolean,
  sums: Sums,
  tenure: { d: Tenure; p: Tenure },
): string {
  const now = dropRule(sums.now(recent), sums.now(baseline), rule, needsRecent, tenure.d);
  const then = dropRule(sums.before(recent), sums.before(baseline), rule, needsRecent, tenure.p);
  return `(${now.holds} != ${then.holds} OR ${now.atEdge} OR ${then.atEdge})`;
}

/**
 * Whether spend_drop, data_drop or (for a customer with rows on P, `of.warnedOnP`) the decline stage
 * differs between P's sums and tenure and D's. Nearly everyone joined before P's baseline window:
 * for them both tenures are the whole window, bound parameters (the tenure expression in every
 * comparison cost 0.9 s CPU a day at 1M); `grown` says whether the customer may have joined later.
 */
function usageRulesFlip(sums: Sums, grown: "maybe" | "yes", of: CustomerRefs): string {
  const all = (tenure: { d: Tenure; p: Tenure }) =>
    `(${flips("recentSpendFen", "baselineSpendFen", "SpendDrop", true, sums, tenure)}
      OR ${flips("recentDataCenti", "baselineDataCenti", "DataDrop", true, sums, tenure)}
      OR (${of.warnedOnP} AND ${flips("recentSpendFen", "baselineSpendFen", "Decline", false, sums, tenure)}))`;
  // One seek in temp.TenureDays per customer who joined inside P's history window.
  const growing = `EXISTS (SELECT 1 FROM temp.TenureDays t WHERE t.joinDate = ${of.joinDate}
    AND ${all({ d: tenureOf("d"), p: tenureOf("p") })})`;
  if (grown === "yes") return growing;
  // AND/OR, not a CASE value: in a condition SQLite skips what the first terms decide, while a
  // CASE branch is a value, every term of which it computes (0.5 s CPU at 1M).
  return `((${of.joinDate} <= @pHistoryFrom AND ${all({ d: FULL_TENURE, p: FULL_TENURE })})
    OR (${of.joinDate} > @pHistoryFrom AND ${growing}))`;
}

/** Where usageRulesFlip finds the customer's join date and whether it has rows on P. */
interface CustomerRefs {
  joinDate: string;
  warnedOnP: string;
}

/** Per customer with rows on P: whether one is a zero-call streak, and whether one is competitor_hotline. */
const WARNED_ON_P_SQL = `
  INSERT INTO temp.WarnedOnP (customerId, zeroCall, hotline)
  SELECT customerId, MAX(code = 'zero_call_days'), MAX(code = 'competitor_hotline')
  FROM Warning WHERE day = @fromDay GROUP BY customerId`;

/**
 * The customers moved here whose judgement can differ from P's: a mark added (forwarding; a
 * competitor hotline day for a customer without competitor_hotline on P), a call that ends P's
 * zero-call streak or arrives with a streak already long enough, a usage rule that starts or stops
 * holding, or the decline stage changing for a customer with warnings (the stage is stored on each
 * row); and those left to JavaScript because a moved row predates their join date. Everyone else
 * keeps P's rows, carried over — the figures of a spend_drop, data_drop or zero_spend_month row
 * rewritten from the moved sums there, and of a competitor_hotline row from the marks
 * (carryOverRows). A hotline day of a customer warned for it changes nothing else: the rule's level
 * is fixed, and its next judge day stays (its oldest mark's window ends before any new mark's).
 */
const JUDGED = `(x.hasAggregate AND (x.firstDay < x.joinDate OR (x.moved AND (
    x.forwardedDays IS NOT NULL OR (x.hotlineDays IS NOT NULL AND x.hotlineWarned IS NOT 1)
    OR (x.lastCallDay IS NOT NULL AND (x.lastCallDay <= @dZeroCallTo OR x.zeroCall))
    OR ((x.dRecentSpendFen <= 0 AND x.dBaselineSpendFen > 0) != (x.pRecentSpendFen <= 0 AND x.pBaselineSpendFen > 0))
    OR ${usageRulesFlip({ now: (c) => `x.d${upperFirst(c)}`, before: (c) => `x.p${upperFirst(c)}` }, "maybe", { joinDate: "x.joinDate", warnedOnP: "x.warnedOnP" })}
  ))))`;

/**
 * The read half of a page (no write lock: the other connection folding writes meanwhile): the
 * moved days' sums per customer, and — from the aggregates as stored, which only this page's
 * writer changes — whether the page's write moves the customer and whether it is judged. The flags
 * are CASE WHEN conditions: SQLite stops at the first term that decides a condition, where a plain
 * AND/OR in the select list evaluates every term (1.4 s more at 1M).
 */
const readSql = (upTo: boolean) => `
  INSERT INTO temp.AggregateDelta (customerId, rows, firstDay, recentSpendFen, baselineSpendFen, recentDataCenti,
    baselineDataCenti, lastCallDay, forwardedDays, hotlineDays, moved, judged)
  SELECT x.customerId, x.rows, x.firstDay, x.recentSpendFen, x.baselineSpendFen, x.recentDataCenti,
    x.baselineDataCenti, x.lastCallDay, x.forwardedDays, x.hotlineDays, x.moved, CASE WHEN ${JUDGED} THEN 1 ELSE 0 END
  FROM (
    SELECT g.*, a.customerId IS NOT NULL AS hasAggregate, a.joinDate AS joinDate,
      w.customerId IS NOT NULL AS warnedOnP, w.zeroCall AS zeroCall, w.hotline AS hotlineWarned,
      ${SUMS.map((c) => `a.${c} AS p${upperFirst(c)}, a.${c} + CAST(g.${c} AS INTEGER) AS d${upperFirst(c)}`).join(", ")},
      CASE WHEN ${MOVED} THEN 1 ELSE 0 END AS moved
    FROM (${summedSql(upTo)}) g LEFT JOIN UsageAggregate a ON a.customerId = g.customerId
      LEFT JOIN temp.WarnedOnP w ON w.customerId = g.customerId
    -- OFFSET keeps SQLite from flattening this into the outer SELECT, which would copy MOVED and the
    -- sums into every term that reads them: each is computed once per customer (the read half 5%
    -- less CPU at 1M, the judged set the same).
    LIMIT -1 OFFSET 0) x`;

/** A list column with the page's new marks after the stored ones (`kept`: those left of them). */
const append = (column: string, kept = `a.${column}`) =>
  `${column} = CASE WHEN d.${column} IS NULL THEN ${kept} WHEN ${kept} IS NULL THEN d.${column}
     ELSE ${kept} || ',' || d.${column} END`;

/** The stored hotline marks still inside D's window (NULL when none is): most keep them all. */
const HOTLINE_KEPT = `(CASE WHEN ${HOTLINE_MARK_LEAVES} THEN (SELECT GROUP_CONCAT(m.value, ',' ORDER BY m.key)
    FROM ${listItems("a.hotlineDays")} WHERE substr(m.value, 1, 10) >= @dHotlineFrom)
  ELSE a.hotlineDays END)`;

/** The write half: the stored aggregates moved to D for the customers the read half moves. */
const UPDATE_SQL = `
  UPDATE UsageAggregate AS a SET asOf = @day, runId = @runId,
    ${SUMS.map((c) => `${c} = a.${c} + CAST(d.${c} AS INTEGER)`).join(", ")},
    lastCallDay = coalesce(d.lastCallDay, a.lastCallDay), ${append("forwardedDays")}, ${append("hotlineDays", HOTLINE_KEPT)}
  FROM temp.AggregateDelta d
  WHERE a.customerId = d.customerId AND d.moved`;

const JUDGE_SQL = `
  INSERT OR IGNORE INTO WarningJudgeSet (runId, customerId)
  SELECT @runId, customerId FROM temp.AggregateDelta WHERE judged`;

/**
 * The customers whose baseline tenure differs between P and D (joined inside P's history window,
 * up to D's baseline end) and whose sums did not move (this run wrote nothing to their aggregates):
 * a drop rule or the decline stage can still start or stop holding, with the baseline averaged over
 * one more day of tenure. Those with moved sums are judged by the read half, which has the tenure too.
 */
const TENURE_SQL = `
  INSERT OR IGNORE INTO WarningJudgeSet (runId, customerId)
  SELECT @runId, a.customerId FROM UsageAggregate a LEFT JOIN temp.WarnedOnP w ON w.customerId = a.customerId
  WHERE a.joinDate > @pHistoryFrom AND a.joinDate < @dRecentFrom AND a.runId != @runId
    AND ${usageRulesFlip({ now: stored, before: stored }, "yes", { joinDate: "a.joinDate", warnedOnP: "w.customerId IS NOT NULL" })}`;

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

/** A page of customers: ids in (after, last], last null for the last page. */
export interface FoldPage {
  after: string;
  last: string | null;
}

/** Customers per page of the fold in SQL, unless a run says otherwise. */
export const FOLD_PAGE_SIZE = 50_000;

/** The pages of `pageSize` customers of the aggregates, in id order. */
export function foldPages(sql: SqliteDatabase, pageSize = FOLD_PAGE_SIZE): FoldPage[] {
  const nextPage = sql.prepare(NEXT_PAGE_SQL).pluck();
  const pages: FoldPage[] = [];
  for (let after = ""; ; ) {
    const last = (nextPage.get(after, pageSize - 1) as string | undefined) ?? null;
    pages.push({ after, last });
    if (last === null) return pages;
    after = last;
  }
}

const TEMP_TABLES = ["AggregateDelta", "WarnedOnP", "DayRole", "TenureDays"];

/**
 * Prepares a connection to fold pages: its temp tables (the days' roles, P's warned customers, the
 * page's sums). Returns the page folder: one page per call, its read half outside any write lock,
 * its write half in one short IMMEDIATE transaction.
 */
export function pageFolder(sql: SqliteDatabase, p: SqlFoldParams) {
  // The run's connection has the one buildJudgeSet filled; another fills its own (leaveToJavaScript).
  sql.exec(`${dropTemp()}
    CREATE TEMP TABLE IF NOT EXISTS UnfoldedInSql (customerId TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TEMP TABLE TenureDays (joinDate TEXT PRIMARY KEY, p INTEGER, d INTEGER) WITHOUT ROWID;
    CREATE TEMP TABLE AggregateDelta (customerId TEXT PRIMARY KEY, rows INTEGER, firstDay TEXT,
      recentSpendFen REAL, baselineSpendFen REAL, recentDataCenti REAL, baselineDataCenti REAL,
      lastCallDay TEXT, forwardedDays TEXT, hotlineDays TEXT, moved INTEGER, judged INTEGER) WITHOUT ROWID;
    CREATE TEMP TABLE WarnedOnP (customerId TEXT PRIMARY KEY, zeroCall INTEGER, hotline INTEGER) WITHOUT ROWID;
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
  const read = sql.prepare(readSql(false));
  const readUpTo = sql.prepare(readSql(true));
  const rowsRead = sql.prepare("SELECT TOTAL(rows) FROM temp.AggregateDelta").pluck();
  const update = sql.prepare(UPDATE_SQL);
  const judge = sql.prepare(JUDGE_SQL);
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
  const write = sql.transaction((after: string, last: string | null) => {
    update.run({ day: p.day, runId: p.runId, dHotlineFrom: p.dHotlineFrom });
    judge.run({ runId: p.runId });
    still.run({ day: p.day, runId: p.runId, after, last });
  });
  return {
    /** A connection of its own: fills its `temp.UnfoldedInSql` with the run's (buildJudgeSet's). */
    leaveToJavaScript(unfolded: readonly string[]): void {
      sql.exec("DELETE FROM temp.UnfoldedInSql");
      const add = sql.prepare("INSERT OR IGNORE INTO temp.UnfoldedInSql (customerId) VALUES (?)");
      sql.transaction(() => {
        for (const id of unfolded) add.run(id);
      })();
    },
    /** Folds one page; returns its customers with rows on the moved days and the rows read. */
    fold({ after, last }: FoldPage): SqlFoldStats {
      clear.run();
      const { changes } =
        last === null ? read.run({ ...params, after }) : readUpTo.run({ ...params, after, last });
      const rows = rowsRead.get() as number;
      write.immediate(after, last);
      return { customers: changes, rows };
    },
    /** After every page: names those whose tenure alone can change their judgement (TENURE_SQL). */
    judgeTenure(): void {
      sql.prepare(TENURE_SQL).run(params);
    },
    /** Drops the temp tables (`temp.UnfoldedInSql` too). */
    close() {
      sql.exec(`${dropTemp()} DROP TABLE IF EXISTS temp.UnfoldedInSql`);
    },
  };
}

const dropTemp = () => TEMP_TABLES.map((t) => `DROP TABLE IF EXISTS temp.${t};`).join(" ");

/**
 * Moves the aggregates of every customer but those left to JavaScript (`temp.UnfoldedInSql`, filled by
 * buildJudgeSet, dropped here) from P to D, page by page, and adds to the judge set those whose
 * judgement can change. `helper` (src/services/warnings/fold-helper.ts) folds pages on a second
 * connection in a worker thread meanwhile: both take the next page from a shared counter.
 */
export function foldAggregatesInSql(
  sql: SqliteDatabase,
  p: SqlFoldParams,
  pageSize = FOLD_PAGE_SIZE,
  helper?: FoldHelperStarter,
): SqlFoldStats & { pagesOnHelper: number } {
  const folder = pageFolder(sql, p);
  const stats = { customers: 0, rows: 0, pagesOnHelper: 0 };
  const add = (s: SqlFoldStats) => {
    stats.customers += s.customers;
    stats.rows += s.rows;
  };
  try {
    const pages = foldPages(sql, pageSize);
    const shared = newFoldCounter();
    const second = pages.length > 1 && helper ? helper(shared, pages, unfoldedIds(sql)) : null;
    try {
      for (let i = claimPage(shared); i < pages.length; i = claimPage(shared)) add(folder.fold(pages[i]!));
    } finally {
      // The helper's pages are its own transactions: wait for it to finish the one it holds.
      if (second) {
        const { pages, ...folded } = second.wait();
        add(folded);
        stats.pagesOnHelper = pages;
      }
    }
    folder.judgeTenure();
    return stats;
  } finally {
    folder.close();
  }
}

/** The run's customers left to JavaScript, for a second connection's fold. */
function unfoldedIds(sql: SqliteDatabase): string[] {
  return sql.prepare("SELECT customerId FROM temp.UnfoldedInSql").pluck().all() as string[];
}

/**
 * A fold's shared counter (Int32Array over a SharedArrayBuffer): [0] the next page to take, [1] the
 * helper's pages in hand (0 when it holds none), [2] its state (0 running, 1 done, 2 failed).
 */
export function newFoldCounter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(16));
}

/** Takes the next page's index (past the end when none are left). */
export function claimPage(counter: Int32Array): number {
  return Atomics.add(counter, 0, 1);
}

/** Starts a second folder of the same pages; `wait()` blocks until it holds no page and returns what it folded. */
export type FoldHelperStarter = (
  counter: Int32Array,
  pages: readonly FoldPage[],
  unfolded: readonly string[],
) => { wait(): SqlFoldStats & { pages: number } };
