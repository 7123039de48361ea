/**
 * The daily job: computes every current customer's signals for day D and stores them as the
 * `Warning` rows of D, each row with the customer's lifecycle stage and do-not-chase reasons that
 * day (so the risk list reads nothing else), and one `WarningRank` row per customer at risk with
 * their priority score (so `/risk` pages in SQL: see risk-page.ts). The store is read in one pass in primary-key order
 * (stream-inputs.ts). Usage is read through the rolling aggregates (rolling-aggregates.ts): a run
 * either folds in only what changed since the last complete run (incremental, the default) or
 * recomputes every customer from their rows (full: `rebuild`, or whenever the aggregates cannot be
 * moved; aggregate-state.ts says when). Both give the same rows, field for field.
 *
 * Readers never see half a day: a run is recorded in `WarningRun` and writes its rows to
 * `WarningStaging` in short transactions as it goes (so the chats' writes never wait long for the
 * lock), and only when every customer is judged does one transaction replace D's `Warning` rows with
 * the staged ones and mark the run complete. A run killed midway (the bot stopped, the worker
 * terminated) leaves D's previous rows — or none — as they were; the next run cleans up its staging
 * rows and computes the day again.
 */
import type { CustomerProfile } from "../../domain/customer.js";
import { doNotChaseReasons } from "../../domain/do-not-chase.js";
import { type LifecycleStage, lifecycleStage } from "../../domain/lifecycle.js";
import { priorityOf } from "../../domain/priority.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { evaluateSignals, groupBulkAnomalyFromCounts, type SignalInput } from "../../domain/signals/index.js";
import type { Signal } from "../../domain/signals/types.js";
import type { SqliteDatabase } from "../../store/database.js";
import { rankDay } from "../churn/rank-day.js";
import { type AggregatePlan, commitAggregates, type FullReason, planAggregates } from "./aggregate-state.js";
import type { UsageAggregate } from "./rolling-aggregates.js";
import { cachedStatement } from "./store-rows.js";
import { allDayInputs, type StreamStats } from "./stream-inputs.js";
import { beginRun, completeRun, type StagedJudgement, stageRows } from "./warning-runs.js";

export { hasMaterialised } from "./warning-runs.js";

export interface MaterialiseStats {
  day: string;
  customers: number;
  customersAtRisk: number;
  warnings: number;
  ms: number;
  /** How the usage aggregates were moved to the day, and why a full run when it was one. */
  mode: AggregatePlan["mode"];
  fullReason?: FullReason;
  /** Customers folded from the previous day / recomputed from all their rows; usage rows folded. */
  folded: number;
  recomputed: number;
  rowsFolded: number;
}

export interface MaterialiseOptions {
  /** Customers read per statement (default 20,000). */
  pageSize?: number;
  /** Called after each page is judged and staged, with the customers done so far. */
  onPage?: (customersDone: number) => void;
  /** Recompute every customer's aggregates from their rows (`warnings --rebuild`). */
  rebuild?: boolean;
}

/** Runs the daily warning job for day D over the whole store. */
export function materialiseWarnings(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  options: MaterialiseOptions = {},
): MaterialiseStats {
  const started = performance.now();
  const run = beginRun(sql, asOf);
  const plan = planAggregates(sql, asOf, config, { rebuild: options.rebuild });
  const streamed: StreamStats = { folded: 0, recomputed: 0, rowsFolded: 0 };
  const pageSize = options.pageSize ?? 20_000;
  let pending: StagedJudgement[] = [];
  let aggregates: [string, string, UsageAggregate][] = [];
  let atRisk = 0;
  let warnings = 0;
  const groups = new Map<string, { customer: CustomerProfile; judged: StagedJudgement }>();
  const tally = new Map<string, { members: number; flagged: number }>();
  let customers = 0;
  const flush = () => {
    const page = aggregates;
    stageRows(sql, run, pending, () => writeAggregates(sql, asOf, page));
    aggregates = [];
    for (const j of pending) warnings += j.signals.length;
    pending = [];
    options.onPage?.(customers);
  };
  for (const { input, aggregate } of allDayInputs(sql, asOf, config, plan, streamed, pageSize)) {
    customers += 1;
    aggregates.push([input.customer.id, input.customer.joinDate, aggregate]);
    const { customer } = input;
    const signals = evaluateSignals(input, asOf, config);
    const isGroup = customer.segment === "group";
    if (signals.length > 0 || isGroup) {
      const judged = judge(input, signals, asOf, config);
      // Group customers wait for their members' tally; everyone else is staged with the page.
      if (isGroup) groups.set(customer.id, { customer, judged });
      else {
        judged.priority = priorityOf(customer, signals, judged.stage as LifecycleStage, config).score;
        pending.push(judged);
        atRisk += 1;
      }
    }
    if (customer.groupId !== null) {
      const t = tally.get(customer.groupId) ?? { members: 0, flagged: 0 };
      if (t.members === 0) tally.set(customer.groupId, t);
      t.members += 1;
      if (signals.some((s) => s.level === 1)) t.flagged += 1;
    }
    if (customers % pageSize === 0) flush();
  }
  for (const [groupId, { customer, judged }] of groups) {
    const t = tally.get(groupId);
    const signal = t ? groupBulkAnomalyFromCounts(customer, t.members, t.flagged, config) : null;
    if (signal) judged.signals.push(signal);
    if (judged.signals.length === 0) continue;
    judged.priority = priorityOf(customer, judged.signals, judged.stage as LifecycleStage, config).score;
    pending.push(judged);
    atRisk += 1;
  }
  flush();
  // The day's rows appear already ranked with the churn model's scores of D, when there are any.
  completeRun(sql, run, { customers, atRisk, warnings }, () => {
    commitAggregates(sql, asOf, plan);
    rankDay(sql, asOf, config);
  });
  return {
    day: asOf,
    customers,
    customersAtRisk: atRisk,
    warnings,
    ms: Math.round(performance.now() - started),
    mode: plan.mode,
    ...(plan.mode === "full" ? { fullReason: plan.reason } : {}),
    ...streamed,
  };
}

/** Stores a page's aggregates as day D's (inside the page's staging transaction). */
function writeAggregates(sql: SqliteDatabase, day: string, page: [string, string, UsageAggregate][]): void {
  const upsert = cachedStatement(
    sql,
    `INSERT INTO UsageAggregate (customerId, asOf, joinDate, recentSpendFen, baselineSpendFen, recentDataCenti,
       baselineDataCenti, lastCallDay, hotlineDays, forwardedDays) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (customerId) DO UPDATE SET asOf = excluded.asOf, joinDate = excluded.joinDate,
       recentSpendFen = excluded.recentSpendFen, baselineSpendFen = excluded.baselineSpendFen,
       recentDataCenti = excluded.recentDataCenti, baselineDataCenti = excluded.baselineDataCenti,
       lastCallDay = excluded.lastCallDay, hotlineDays = excluded.hotlineDays, forwardedDays = excluded.forwardedDays`,
  );
  for (const [id, joinDate, a] of page)
    upsert.run(
      id,
      day,
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

function judge(input: SignalInput, signals: Signal[], asOf: string, config: RulesConfig): StagedJudgement {
  const { customer } = input;
  return {
    customerId: customer.id,
    signals,
    stage: lifecycleStage(customer, input.usage, asOf, config),
    doNotChase: JSON.stringify(doNotChaseReasons(customer, input.bills, asOf, config)),
    priority: 0,
  };
}
