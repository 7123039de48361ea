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
import type { LifecycleStage } from "../../domain/lifecycle.js";
import { priorityOf } from "../../domain/priority.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { groupBulkAnomalyFromCounts } from "../../domain/signals/index.js";
import type { SqliteDatabase } from "../../store/database.js";
import { rankDay } from "../churn/rank-day.js";
import { type AggregatePlan, commitAggregates, type FullReason, planAggregates } from "./aggregate-state.js";
import { type JudgeOptions, judgeRange, type RangeResult } from "./judge-range.js";
import type { StreamStats } from "./stream-inputs.js";
import { beginRun, completeRun, type RunHandle, type StagedJudgement, stageRows } from "./warning-runs.js";

export type { IdRange, RangeResult } from "./judge-range.js";
export { judgeRange } from "./judge-range.js";
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

export interface MaterialiseOptions extends JudgeOptions {
  /** Recompute every customer's aggregates from their rows (`warnings --rebuild`). */
  rebuild?: boolean;
}

/** Runs the daily warning job for day D over the whole store, in this thread. */
export function materialiseWarnings(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  options: MaterialiseOptions = {},
): MaterialiseStats {
  const started = performance.now();
  const run = beginRun(sql, asOf);
  const plan = planAggregates(sql, asOf, config, { rebuild: options.rebuild });
  const part = judgeRange(sql, asOf, config, plan, run, { after: "", upTo: null }, options);
  return finishRun(sql, asOf, config, run, plan, [part], started);
}

/**
 * Completes a run from its judged shares: group customers get group_bulk_anomaly from the tally of
 * all shares, are staged, and the day is swapped in with the aggregates' new state.
 */
export function finishRun(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  run: RunHandle,
  plan: AggregatePlan,
  parts: readonly RangeResult[],
  started: number,
): MaterialiseStats {
  const tally = new Map<string, { members: number; flagged: number }>();
  for (const part of parts)
    for (const [groupId, t] of part.tally) {
      const sum = tally.get(groupId) ?? { members: 0, flagged: 0 };
      sum.members += t.members;
      sum.flagged += t.flagged;
      tally.set(groupId, sum);
    }
  let customers = 0;
  let atRisk = 0;
  let warnings = 0;
  const stream: StreamStats = { folded: 0, recomputed: 0, rowsFolded: 0 };
  for (const part of parts) {
    customers += part.customers;
    atRisk += part.atRisk;
    warnings += part.warnings;
    stream.folded += part.stream.folded;
    stream.recomputed += part.stream.recomputed;
    stream.rowsFolded += part.stream.rowsFolded;
  }
  const pending: StagedJudgement[] = [];
  for (const { customer, judged } of parts.flatMap((p) => p.groups)) {
    const t = tally.get(customer.id);
    const signal = t ? groupBulkAnomalyFromCounts(customer, t.members, t.flagged, config) : null;
    if (signal) judged.signals.push(signal);
    if (judged.signals.length === 0) continue;
    judged.priority = priorityOf(customer, judged.signals, judged.stage as LifecycleStage, config).score;
    pending.push(judged);
    atRisk += 1;
    warnings += judged.signals.length;
  }
  stageRows(sql, run, pending);
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
    ...stream,
  };
}
