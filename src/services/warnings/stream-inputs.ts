/**
 * The rules' input for every current customer on day D, for the daily job, with each customer's
 * usage aggregates (rolling-aggregates.ts) so the job can store them. One pass over the customers
 * in primary-key order, a page at a time:
 * - full: each page one statement that joins the customers to their usage over the whole history
 *   window (range scans of DailyUsage's primary key);
 * - incremental: only the customers the run judges (`WarningJudgeSet`, src/store/warning-carry-over.ts:
 *   inputs changed, a threshold crossed); each page reads their stored aggregates, most of them
 *   already moved to D in SQL (src/store/usage-aggregate-fold.ts). The few the fold leaves here get
 *   the rows of the days entering or leaving a window (primary-key seeks: each a random read of
 *   the usage table, which at 1M does not stay in memory) and the rows that arrived after P's run
 *   folded in; the customers whose rows were corrected, who are new, whose join date changed or
 *   whose aggregates a killed run left are recomputed like a full page. Everyone else's aggregates
 *   hold as they are (nothing they count changed) and their rows are carried over in SQL.
 * Only the customer columns the job judges by are read (JUDGED_COLUMNS): the profiles it yields
 * have blank names, phones and care fields. The bills and events the rules can see on day D are few, so they are read once up front, whole:
 * a late or corrected bill or event needs no bookkeeping.
 */
import { addDays } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { SignalInput } from "../../domain/signals/types.js";
import { ruleWindows } from "../../domain/signals/usage-summary.js";
import type { SqliteDatabase } from "../../store/database.js";
import { openBillsOn } from "../../store/open-bills.js";
import { dayRangeStatement, usageDateCoveringIndex } from "../../store/usage-date-index.js";
import { judgedEvents } from "../../store/warning-carry-over.js";
import { type AggregatePlan, changedCustomers } from "./aggregate-state.js";
import { eventsFrom, usageParams } from "./load-inputs.js";
import {
  canonical,
  foldAggregate,
  toSummary,
  USAGE_AGGREGATES,
  USAGE_DELTA_COLUMNS,
  USAGE_IN_WINDOW,
  type UsageAggregate,
  type UsageDelta,
} from "./rolling-aggregates.js";
import {
  type BillRow,
  byCustomer,
  type CustomerRow,
  type EventRow,
  IDS_IN_JSON,
  JUDGED_COLUMNS,
  judgedProfileOf,
} from "./store-rows.js";

const CUSTOMER_PAGE = "c.id > @after AND (@upTo IS NULL OR c.id <= @upTo) AND c.status != 'left'";
const C_COLUMNS = JUDGED_COLUMNS.split(", ")
  .map((name) => `c.${name}`)
  .join(", ");

const FULL_PAGE_SQL = `
  SELECT ${C_COLUMNS}, ${USAGE_AGGREGATES}
  FROM Customer c LEFT JOIN DailyUsage u ON ${USAGE_IN_WINDOW}
  WHERE ${CUSTOMER_PAGE} GROUP BY c.id ORDER BY c.id LIMIT @limit`;

/** A page of every current customer with their stored aggregates (an incremental run judging all). */
const ALL_STORED_PAGE_SQL = `
  SELECT ${C_COLUMNS}, a.asOf AS aggregateDay, a.runId AS aggregateRunId, a.joinDate AS aggregateJoinDate, a.judgeOn AS storedJudgeOn,
    a.recentSpendFen, a.baselineSpendFen, a.recentDataCenti, a.baselineDataCenti, a.lastCallDay, a.hotlineDays,
    a.forwardedDays
  FROM Customer c LEFT JOIN UsageAggregate a ON a.customerId = c.id
  WHERE ${CUSTOMER_PAGE} AND @runId IS NOT NULL ORDER BY c.id LIMIT @limit`;

/** The judged customers of a page: the judge set in key order, each customer and aggregate a seek. */
const STORED_PAGE_SQL = `
  SELECT ${C_COLUMNS}, a.asOf AS aggregateDay, a.runId AS aggregateRunId, a.joinDate AS aggregateJoinDate, a.judgeOn AS storedJudgeOn,
    a.recentSpendFen, a.baselineSpendFen, a.recentDataCenti, a.baselineDataCenti, a.lastCallDay, a.hotlineDays,
    a.forwardedDays
  FROM WarningJudgeSet j CROSS JOIN Customer c ON c.id = j.customerId
    LEFT JOIN UsageAggregate a ON a.customerId = c.id
  WHERE j.runId = @runId AND j.customerId > @after AND (@upTo IS NULL OR j.customerId <= @upTo)
    AND c.status != 'left'
  ORDER BY j.customerId LIMIT @limit`;

const RECOMPUTE_SQL = `
  SELECT c.id AS customerId, ${USAGE_AGGREGATES}
  FROM Customer c LEFT JOIN DailyUsage u ON ${USAGE_IN_WINDOW}
  WHERE c.id IN ${IDS_IN_JSON} GROUP BY c.id`;

/** Rows of the page's customers on the days that enter or leave a window: CROSS JOIN keeps the ids outside, so each is a primary-key seek (not a date-index scan per id). */
const MOVED_DAYS_SQL = `
  SELECT ${USAGE_DELTA_COLUMNS}
  FROM json_each(@ids) j CROSS JOIN DailyUsage u ON u.customerId = j.value AND u.date IN (SELECT value FROM json_each(@days))
  WHERE u.rowid <= @maxRowid`;

type StoredRow = CustomerRow &
  UsageAggregate & {
    aggregateDay: string | null;
    aggregateRunId: number | null;
    aggregateJoinDate: string | null;
    storedJudgeOn: string | null;
  };

export interface DayInput {
  input: SignalInput;
  aggregate: UsageAggregate;
  /** The aggregate already stands at D in the store (moved in SQL by this run): only judgeOn is new. */
  stored?: boolean;
  /** With `stored`: the judgeOn the store holds (written only when the new one differs). */
  storedJudgeOn?: string | null;
}

/** What the stream did, for the job's stats. */
export interface StreamStats {
  /** Customers moved from day P by folding rows in and out. */
  folded: number;
  /** Customers whose aggregates were computed from all their rows in the window. */
  recomputed: number;
  /** Usage rows folded (days entering or leaving a window, and rows that arrived late). */
  rowsFolded: number;
}

/**
 * Every current customer's input and aggregates on day D, in id order, `pageSize` at a time (an
 * incremental run judging a set: the customers of judge set `setId`, by default the run's own).
 */
export function* allDayInputs(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  plan: AggregatePlan,
  stats: StreamStats,
  runId: number,
  pageSize = 20_000,
  range: { after: string; upTo: string | null } = { after: "", upTo: null },
  setId = runId,
): Generator<DayInput> {
  const w = ruleWindows(asOf, config);
  const params = usageParams(asOf, config, plan.usageRowid);
  const bills = byCustomer<BillRow>(openBillsOn(sql, asOf));
  // A run judging a set reads only the set's events.
  const events = byCustomer(
    plan.mode === "incremental" && plan.judge === "set"
      ? (judgedEvents(sql, setId, eventsFrom(asOf, config), asOf) as EventRow[])
      : (sql
          .prepare(
            `SELECT customerId, date, type, note FROM Event
         WHERE date BETWEEN ? AND ? ORDER BY customerId, date, type, note`,
          )
          .all(eventsFrom(asOf, config), asOf) as EventRow[]),
  );
  const withFacts = (row: CustomerRow, aggregate: UsageAggregate): DayInput => {
    const customer = judgedProfileOf(row);
    return {
      input: {
        customer,
        usage: toSummary(aggregate, customer.joinDate, w),
        bills: bills.get(customer.id) ?? [],
        events: events.get(customer.id) ?? [],
      },
      aggregate,
    };
  };
  if (plan.mode === "full") {
    const page = sql.prepare(FULL_PAGE_SQL);
    for (let after = range.after; ; ) {
      const rows = page.all({ ...params, after, upTo: range.upTo, limit: pageSize }) as (CustomerRow &
        UsageAggregate)[];
      stats.recomputed += rows.length;
      for (const row of rows) yield withFacts(row, canonical(row));
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.id;
    }
  }
  yield* incrementalPages(
    sql,
    asOf,
    config,
    plan,
    stats,
    { runId, setId, pageSize, range },
    params,
    withFacts,
  );
}

function* incrementalPages(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  plan: AggregatePlan & { mode: "incremental" },
  stats: StreamStats,
  {
    runId,
    setId,
    pageSize,
    range,
  }: { runId: number; setId: number; pageSize: number; range: { after: string; upTo: string | null } },
  params: ReturnType<typeof usageParams>,
  withFacts: (row: CustomerRow, aggregate: UsageAggregate) => DayInput,
): Generator<DayInput> {
  const from = { ...plan.from, windows: ruleWindows(plan.from.day, config) };
  const to = ruleWindows(asOf, config);
  const hotlineLimit = config.signals.competitorHotline.moreThanSeconds;
  const dayList = movedDays(from.day, asOf, config);
  const days = JSON.stringify(dayList);
  const changed = changedCustomers(sql, plan);
  const late = lateRows(sql, plan, days);
  const page = sql.prepare(plan.judge === "all" ? ALL_STORED_PAGE_SQL : STORED_PAGE_SQL);
  const recompute = sql.prepare(RECOMPUTE_SQL);
  const moved = sql.prepare(MOVED_DAYS_SQL);
  // Judging everyone, with a covering date index: the moved days are index ranges, not seeks.
  const coveringIndex = plan.judge === "all" ? usageDateCoveringIndex(sql) : null;
  const dayRange = coveringIndex === null ? null : dayRangeStatement(sql, coveringIndex, USAGE_DELTA_COLUMNS);
  try {
    for (let after = range.after; ; ) {
      const rows = page.all({ runId: setId, after, upTo: range.upTo, limit: pageSize }) as StoredRow[];
      // An aggregate of an earlier day than P still holds at P: its customer was carried over, so
      // nothing it counts changed. One written by this run was moved to D in SQL (judged as it
      // stands); one written by another run after P's was left by a killed run.
      const movedInSql = (r: StoredRow) => r.aggregateRunId === runId;
      const stale = rows
        .filter(
          (r) =>
            !movedInSql(r) &&
            (changed.has(r.id) ||
              r.aggregateDay === null ||
              (r.aggregateRunId ?? 0) > from.runId ||
              r.aggregateJoinDate !== r.joinDate),
        )
        .map((r) => r.id);
      const recomputed = new Map(
        (
          recompute.all({ ...params }, JSON.stringify(stale)) as (UsageAggregate & { customerId: string })[]
        ).map((r) => [r.customerId, canonical(r)]),
      );
      const last = rows.at(-1)?.id ?? after;
      const movedRows = (
        dayRange
          ? dayList.flatMap((day) => dayRange.all({ day, after, last, maxRowid: plan.usageRowid }))
          : moved.all({
              ids: JSON.stringify(
                rows.filter((r) => !recomputed.has(r.id) && !movedInSql(r)).map((r) => r.id),
              ),
              days,
              maxRowid: plan.usageRowid,
            })
      ) as (UsageDelta & { customerId: string })[];
      // A range also holds rows of customers not folded here (left, recomputed): never looked up.
      const deltas = byCustomer([...movedRows, ...late.inRange(after, last)]);
      for (const row of rows) {
        // Counted in the stats by the fold in SQL.
        if (movedInSql(row)) {
          yield { ...withFacts(row, storedAggregate(row)), stored: true, storedJudgeOn: row.storedJudgeOn };
          continue;
        }
        const again = recomputed.get(row.id);
        if (again) {
          stats.recomputed += 1;
          yield withFacts(row, again);
          continue;
        }
        const rowsOf = deltas.get(row.id) ?? [];
        stats.folded += 1;
        stats.rowsFolded += rowsOf.length;
        yield withFacts(row, foldAggregate(row, rowsOf, row.joinDate, from, to, hotlineLimit));
      }
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.id;
    }
  } finally {
    late.drop();
  }
}

/** The aggregate columns of a stored row. */
const storedAggregate = (r: StoredRow): UsageAggregate => ({
  recentSpendFen: r.recentSpendFen,
  baselineSpendFen: r.baselineSpendFen,
  recentDataCenti: r.recentDataCenti,
  baselineDataCenti: r.baselineDataCenti,
  lastCallDay: r.lastCallDay,
  hotlineDays: r.hotlineDays,
  forwardedDays: r.forwardedDays,
});

/**
 * The days whose rows change bucket between day P and day D: those entering the recent window,
 * moving from it into the baseline, and leaving the history window. Days leaving the hotline window
 * need no rows: its marks are cut by date.
 */
export function movedDays(p: string, d: string, config: RulesConfig): string[] {
  if (d <= p) return [];
  const wp = ruleWindows(p, config);
  const wd = ruleWindows(d, config);
  const out = new Set<string>();
  const span = (from: string, to: string) => {
    for (let day = from; day <= to; day = addDays(day, 1)) out.add(day);
  };
  span(addDays(p, 1), d);
  span(wp.recent.from, addDays(wd.recent.from, -1));
  span(wp.history.from, addDays(wd.history.from, -1));
  return [...out].sort();
}

/**
 * The rows that arrived after P's run (rowid above its watermark), on days other than the moved
 * ones (those are read with them), kept in a temporary table by customer for the pages to read.
 */
function lateRows(sql: SqliteDatabase, plan: AggregatePlan & { mode: "incremental" }, days: string) {
  sql.exec("DROP TABLE IF EXISTS temp.LateUsage");
  sql
    .prepare(
      `CREATE TEMP TABLE LateUsage AS SELECT ${USAGE_DELTA_COLUMNS} FROM DailyUsage u
       WHERE u.rowid > ? AND u.rowid <= ? AND u.date NOT IN (SELECT value FROM json_each(?))`,
    )
    .run(plan.from.usageRowid, plan.usageRowid, days);
  sql.exec("CREATE INDEX temp.LateUsage_customer ON LateUsage (customerId)");
  const select = sql.prepare("SELECT * FROM temp.LateUsage WHERE customerId > ? AND customerId <= ?");
  return {
    inRange: (after: string, last: string) =>
      select.all(after, last) as (UsageDelta & { customerId: string })[],
    drop: () => sql.exec("DROP TABLE IF EXISTS temp.LateUsage"),
  };
}
