/**
 * One share of the daily job (materialise.ts): judges the current customers of an id range for day
 * D (all of them in a full run, the run's judge set in an incremental one) and stages their rows and
 * aggregates — with the next day a threshold can change them — in the run, page by page. Group
 * customers wait for the members' tally (finishRun). The whole store is one share in this thread,
 * or several in worker threads (parallel-run.ts).
 */
import type { CustomerProfile } from "../../domain/customer.js";
import { doNotChaseReasons } from "../../domain/do-not-chase.js";
import { type LifecycleStage, lifecycleStage } from "../../domain/lifecycle.js";
import { priorityOf } from "../../domain/priority.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { evaluateSignals, groupBulkAnomalyFromCounts, type SignalInput } from "../../domain/signals/index.js";
import type { Signal } from "../../domain/signals/types.js";
import type { SqliteDatabase } from "../../store/database.js";
import { cachedStatement } from "../../store/statement-cache.js";
import type { AggregatePlan } from "./aggregate-state.js";
import { nextJudgeDay } from "./next-judge-day.js";
import type { UsageAggregate } from "./rolling-aggregates.js";
import { allDayInputs, type StreamStats } from "./stream-inputs.js";
import { type RunHandle, type StagedJudgement, stageRows } from "./warning-runs.js";

export interface JudgeOptions {
  /** Customers read per statement (default 20,000). */
  pageSize?: number;
  /** Called after each page is judged and staged, with the customers done so far. */
  onPage?: (customersDone: number) => void;
  /** The judge set read in an incremental run judging a set (default: the run's own). */
  setId?: number;
}

/** A share of the customers judged (by this thread or a worker), their group customers pending. */
export interface RangeResult {
  customers: number;
  atRisk: number;
  warnings: number;
  /** Group customers, judged but waiting for the tally of all their members. */
  groups: { customer: CustomerProfile; judged: StagedJudgement }[];
  /**
   * The customers judged who are members of a group, in a run judging a set: only their groups'
   * tallies can have moved (finishRun). Empty otherwise (a run judging everyone carries nothing).
   */
  members: string[];
  stream: StreamStats;
}

/** Customers with ids in (after, upTo] (upTo null: to the end). */
export interface IdRange {
  after: string;
  upTo: string | null;
}

/**
 * Judges the current customers of a range for day D and stages their rows and aggregates in the
 * run, page by page; group customers are returned for finishRun.
 */
export function judgeRange(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  plan: AggregatePlan,
  run: RunHandle,
  range: IdRange,
  options: JudgeOptions = {},
): RangeResult {
  const stream: StreamStats = { folded: 0, recomputed: 0, rowsFolded: 0 };
  const pageSize = options.pageSize ?? 20_000;
  let pending: StagedJudgement[] = [];
  let aggregates: StoredAggregate[] = [];
  let atRisk = 0;
  let warnings = 0;
  const groups: RangeResult["groups"] = [];
  const members: string[] = [];
  const judgingSet = plan.mode === "incremental" && plan.judge === "set";
  let customers = 0;
  const flush = () => {
    const page = aggregates;
    stageRows(sql, run, pending, () => writeAggregates(sql, asOf, run.id, page));
    aggregates = [];
    for (const j of pending) warnings += j.signals.length;
    pending = [];
    options.onPage?.(customers);
  };
  for (const { input, aggregate, stored, storedJudgeOn } of allDayInputs(
    sql,
    asOf,
    config,
    plan,
    stream,
    run.id,
    pageSize,
    range,
    options.setId ?? run.id,
  )) {
    customers += 1;
    const judgeOn = nextJudgeDay(input, aggregate, asOf, config);
    // Moved in SQL with the same judgeOn: nothing to write (most of the judged customers).
    if (stored !== true || judgeOn !== storedJudgeOn)
      aggregates.push([input.customer.id, input.customer.joinDate, aggregate, judgeOn, stored === true]);
    const { customer } = input;
    if (judgingSet && customer.groupId !== null) members.push(customer.id);
    const signals = evaluateSignals(input, asOf, config);
    const isGroup = customer.segment === "group";
    if (signals.length > 0 || isGroup) {
      const judged = judge(input, signals, asOf, config);
      // Group customers wait for their members' tally; everyone else is staged with the page.
      if (isGroup) groups.push({ customer, judged });
      else {
        judged.priority = priorityOf(customer, signals, judged.stage as LifecycleStage, config).score;
        pending.push(judged);
        atRisk += 1;
      }
    }
    if (customers % pageSize === 0) flush();
  }
  flush();
  return { customers, atRisk, warnings, groups, members, stream };
}

/** Per group customer: their current members, and those of them with a level-1 signal. */
export type GroupTally = ReadonlyMap<string, { members: number; flagged: number }>;

/**
 * The group customers' judgements once every member is judged: group_bulk_anomaly from the tally,
 * the priority from all their signals; those with no signal at all are dropped.
 */
export function finishGroups(
  groups: RangeResult["groups"],
  tally: GroupTally,
  config: RulesConfig,
): StagedJudgement[] {
  const pending: StagedJudgement[] = [];
  for (const { customer, judged: j } of groups) {
    const t = tally.get(customer.id);
    const signal = t ? groupBulkAnomalyFromCounts(customer, t.members, t.flagged, config) : null;
    if (signal) j.signals.push(signal);
    if (j.signals.length === 0) continue;
    j.priority = priorityOf(customer, j.signals, j.stage as LifecycleStage, config).score;
    pending.push(j);
  }
  return pending;
}

/**
 * A customer's aggregates as stored: id, join date, the aggregates, the next threshold day, and
 * whether the aggregates already stand at D in the store (moved in SQL: only the day is written).
 */
type StoredAggregate = [string, string, UsageAggregate, string | null, boolean];

/** Stores a page's aggregates as day D's, by run `runId` (inside the page's staging transaction). */
function writeAggregates(sql: SqliteDatabase, day: string, runId: number, page: StoredAggregate[]): void {
  const upsert = cachedStatement(
    sql,
    `INSERT INTO UsageAggregate (customerId, asOf, runId, judgeOn, joinDate, recentSpendFen, baselineSpendFen,
       recentDataCenti, baselineDataCenti, lastCallDay, hotlineDays, forwardedDays)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (customerId) DO UPDATE SET asOf = excluded.asOf, runId = excluded.runId,
       judgeOn = excluded.judgeOn, joinDate = excluded.joinDate,
       recentSpendFen = excluded.recentSpendFen, baselineSpendFen = excluded.baselineSpendFen,
       recentDataCenti = excluded.recentDataCenti, baselineDataCenti = excluded.baselineDataCenti,
       lastCallDay = excluded.lastCallDay, hotlineDays = excluded.hotlineDays, forwardedDays = excluded.forwardedDays`,
  );
  const setJudgeOn = cachedStatement(
    sql,
    "UPDATE UsageAggregate SET judgeOn = ? WHERE customerId = ? AND judgeOn IS NOT ?",
  );
  for (const [id, joinDate, a, judgeOn, stored] of page)
    if (stored) setJudgeOn.run(judgeOn, id, judgeOn);
    else
      upsert.run(
        id,
        day,
        runId,
        judgeOn,
        joinDate,
        a.recentSpendFen,
        a.baselineSpendFen,
        a.recentDataCenti,
        a.baselineDataCenti,
        a.lastCallDay,
        a.hotlineDays,
        a.forwardedDays,
      );
}

/** A customer's judgement from their signals: stage and do-not-chase of day D, priority still 0. */
export function judge(
  input: SignalInput,
  signals: Signal[],
  asOf: string,
  config: RulesConfig,
): StagedJudgement {
  const { customer } = input;
  return {
    customerId: customer.id,
    signals,
    stage: lifecycleStage(customer, input.usage, asOf, config),
    doNotChase: JSON.stringify(doNotChaseReasons(customer, input.bills, asOf, config)),
    priority: 0,
  };
}
