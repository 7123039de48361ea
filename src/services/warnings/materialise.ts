/**
 * The daily job: the signals of every current customer for day D, stored as the
 * `Warning` rows of D, each row with the customer's lifecycle stage and do-not-chase reasons that
 * day (so the risk list reads nothing else), and one `WarningRank` row per customer at risk with
 * their priority score (so `/risk` pages in SQL: see risk-page.ts). The store is read in one pass in primary-key order
 * (stream-inputs.ts). Usage is read through the rolling aggregates (rolling-aggregates.ts): a run
 * either folds in only what changed since the last complete run (incremental, the default) or
 * recomputes every customer from their rows (full: `rebuild`, or whenever the aggregates cannot be
 * moved; aggregate-state.ts says when). An incremental run judges only the customers whose inputs
 * changed or who cross a date threshold that day (the judge set, src/store/warning-carry-over.ts);
 * everyone else's rows of the day before are carried over in one INSERT … SELECT. Both modes give
 * the same rows, field for field.
 *
 * Readers never see half a day: a run is recorded in `WarningRun` and writes its rows to
 * `WarningStaging` in short transactions as it goes (so the chats' writes never wait long for the
 * lock), and only when every customer is judged does one transaction replace D's `Warning` rows with
 * the staged ones and mark the run complete. A run killed midway (the bot stopped, the worker
 * terminated) leaves D's previous rows — or none — as they were; the next run cleans up its staging
 * rows and computes the day again.
 */
import { addDays, daysBetween } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import { ruleWindows } from "../../domain/signals/index.js";
import type { SqliteDatabase } from "../../store/database.js";
import { withJobCheckpoints } from "../../store/job-checkpoints.js";
import { FOLD_PAGE_SIZE, foldAggregatesInSql, type SqlFoldParams } from "../../store/usage-aggregate-fold.js";
import {
  addToJudgeSet,
  buildJudgeSet,
  carryOverRows,
  dropJudgeSet,
  groupsToJudgeAgain,
  groupTallies,
  runCounts,
  runCustomers,
  settleAggregates,
  stageCarriedRows,
} from "../../store/warning-carry-over.js";
import { insertedRankingOf, rankDay } from "../churn/rank-day.js";
import { type AggregatePlan, commitAggregates, type FullReason, planAggregates } from "./aggregate-state.js";
import { foldHelperFor } from "./fold-helper.js";
import { finishGroups, type JudgeOptions, judgeRange, type RangeResult } from "./judge-range.js";
import { movedDays, type StreamStats } from "./stream-inputs.js";
import { beginRun, completeRun, type RunHandle, stageRows } from "./warning-runs.js";

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
  /** Customers judged this run (all in a full run); warning rows carried over from the day before. */
  judged: number;
  carriedRows: number;
  /** Threads the customers were judged in: 1 for this thread (whose fold in SQL may use a second). */
  judgeThreads: number;
  /** Pages of the fold in SQL the second connection folded (0: none, or no fold in SQL). */
  foldPagesOnHelper: number;
}

export interface MaterialiseOptions extends JudgeOptions {
  /** Recompute every customer's aggregates from their rows (`warnings --rebuild`). */
  rebuild?: boolean;
  /**
   * An incremental run judges everyone, moving no aggregates in SQL, when the customers known to
   * need judging before the fold (rows corrected or late, inputs changed, thresholds due) are this
   * share of the last run's customers or more (default 0.5; Infinity: never; 0: always): finding
   * the others would cost more than it saves.
   */
  judgeAllShare?: number;
  /**
   * Connections the incremental fold in SQL runs on: 2 (the default with a second core and a store
   * file) folds pages on a worker thread's connection too (fold-helper.ts); 1 only this one.
   */
  foldConnections?: number;
  /** Customers per page of the fold in SQL (default FOLD_PAGE_SIZE, 50,000). */
  foldPageSize?: number;
  /** Tests only: the fold's helper thread takes the first page (a small store's fold runs on both connections). */
  foldHelperFirst?: boolean;
}

/** Runs the daily warning job for day D over the whole store, in this thread. */
export function materialiseWarnings(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  options: MaterialiseOptions = {},
): MaterialiseStats {
  const started = performance.now();
  return withJobCheckpoints(sql, () => {
    const run = beginRun(sql, asOf);
    const plan = planRun(sql, asOf, config, run, options);
    return judgeAndFinishHere(sql, asOf, config, run, plan, started, options);
  });
}

/** Judges every customer of a planned run in this thread and completes the run. */
export function judgeAndFinishHere(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  run: RunHandle,
  plan: AggregatePlan,
  started: number,
  options: JudgeOptions = {},
): MaterialiseStats {
  const part = judgeRange(sql, asOf, config, plan, run, { after: "", upTo: null }, options);
  return finishRun(sql, asOf, config, run, plan, [part], started);
}

/**
 * Plans the run of day D. An incremental one records whom it judges (buildJudgeSet) and, unless it
 * judges everyone, moves everyone else's aggregates to D in SQL, adding to the set those whose
 * judgement the moved usage can change (foldAggregatesInSql).
 */
export function planRun(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  run: RunHandle,
  options: Pick<
    MaterialiseOptions,
    "rebuild" | "judgeAllShare" | "foldConnections" | "foldPageSize" | "foldHelperFirst"
  > = {},
): AggregatePlan {
  const plan = planAggregates(sql, asOf, config, { rebuild: options.rebuild });
  if (plan.mode !== "incremental") return plan;
  const lastCustomers = runCustomers(sql, plan.from.runId);
  const judgeAllFrom = Math.max(1, (options.judgeAllShare ?? 0.5) * lastCustomers);
  const fold = sqlFoldParams(asOf, config, run.id, plan);
  // Started now, its thread and connection get ready while the judge set is built (decision 034);
  // not for a store of one page, which the fold gives no second connection.
  const helper =
    lastCustomers > (options.foldPageSize ?? FOLD_PAGE_SIZE)
      ? foldHelperFor(sql, fold, {
          connections: options.foldConnections,
          helperFirst: options.foldHelperFirst,
        })
      : undefined;
  try {
    plan.judge = buildJudgeSet(
      sql,
      {
        runId: run.id,
        day: asOf,
        from: plan.from,
        usageRowid: plan.usageRowid,
        changeSeq: plan.changeSeq,
        inputSeq: plan.inputSeq,
        pHistoryFrom: fold.pHistoryFrom,
        dHistoryFrom: fold.dHistoryFrom,
        dHotlineFrom: fold.dHotlineFrom,
        pZeroCallTo: addDays(plan.from.day, -config.signals.zeroCallDays.minDays),
        dZeroCallTo: fold.dZeroCallTo,
      },
      judgeAllFrom,
    );
    if (plan.judge === "set")
      plan.sqlFolded = foldAggregatesInSql(sql, fold, options.foldPageSize, helper?.start);
  } finally {
    helper?.stop();
  }
  return plan;
}

/** What the fold in SQL of an incremental run from P (`plan.from`) to D needs. */
export function sqlFoldParams(
  asOf: string,
  config: RulesConfig,
  runId: number,
  plan: AggregatePlan & { mode: "incremental" },
): SqlFoldParams {
  const p = ruleWindows(plan.from.day, config);
  const d = ruleWindows(asOf, config);
  return {
    runId,
    day: asOf,
    fromDay: plan.from.day,
    usageRowid: plan.usageRowid,
    movedDays: JSON.stringify(movedDays(plan.from.day, asOf, config)),
    pRecentFrom: p.recent.from,
    pHistoryFrom: p.history.from,
    dRecentFrom: d.recent.from,
    dHistoryFrom: d.history.from,
    dHotlineFrom: d.hotline.from,
    hotlineLimit: config.signals.competitorHotline.moreThanSeconds,
    dZeroCallTo: addDays(asOf, -config.signals.zeroCallDays.minDays),
    thresholds: {
      recentDays: config.windows.recentDays,
      baselineDays: config.windows.baselineDays,
      minBaselineTenureDays: config.windows.minBaselineTenureDays,
      spendDropPercent: config.signals.spendDrop.maxPercent,
      dataDropPercent: config.signals.dataDrop.maxPercent,
      declinePercent: config.lifecycle.declineMaxPercent,
    },
  };
}

/**
 * The second pass of an incremental run judging a set (decision 025): the group customers not
 * judged yet whose members' tally can have moved (groupsToJudgeAgain), judged in this thread from
 * their stored aggregates like the first pass (all are group customers: none is staged here, they
 * wait for the tally with the others); null when there are none.
 */
function judgeGroupsAgain(
  sql: SqliteDatabase,
  asOf: string,
  config: RulesConfig,
  plan: AggregatePlan,
  run: RunHandle,
  members: readonly string[],
): RangeResult | null {
  const ids = groupsToJudgeAgain(sql, run.id, plan.mode === "incremental" ? plan.from.day : asOf, members);
  if (ids.length === 0) return null;
  // A set of its own, so the pass reads only them; the run's set names them too (not carried).
  const setId = -run.id;
  addToJudgeSet(sql, run.id, setId, ids);
  try {
    return judgeRange(sql, asOf, config, plan, run, { after: "", upTo: null }, { setId });
  } finally {
    dropJudgeSet(sql, setId);
  }
}

/**
 * Completes a run from its judged shares: the rows of the customers not judged are carried over,
 * group customers get group_bulk_anomaly from the tally of the staged rows and are staged, and the
 * day is swapped in with the aggregates' new state.
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
  let judged = 0;
  const inSql = plan.mode === "incremental" ? plan.sqlFolded : undefined;
  const stream: StreamStats = { folded: inSql?.customers ?? 0, recomputed: 0, rowsFolded: inSql?.rows ?? 0 };
  for (const part of parts) {
    judged += part.customers;
    stream.folded += part.stream.folded;
    stream.recomputed += part.stream.recomputed;
    stream.rowsFolded += part.stream.rowsFolded;
  }
  // Carried customers' rows go straight into D's rows at the swap (carryOverRows).
  const dWindows = ruleWindows(asOf, config);
  const carry =
    plan.mode === "incremental" && plan.judge === "set"
      ? {
          runId: run.id,
          fromDay: plan.from.day,
          day: asOf,
          gapDays: daysBetween(plan.from.day, asOf),
          windows: config.windows,
          d: { historyFrom: dWindows.history.from, recentFrom: dWindows.recent.from },
        }
      : null;
  const groups = parts.flatMap((p) => p.groups);
  // Group customers whose tally may have moved are judged now (then not carried).
  if (carry !== null) {
    const again = judgeGroupsAgain(
      sql,
      asOf,
      config,
      plan,
      run,
      parts.flatMap((p) => p.members),
    );
    if (again !== null) {
      judged += again.customers;
      groups.push(...again.groups);
    }
  }
  // The same day again (P = D): the swap deletes D's rows before it could carry them; staged first.
  const staging = carry !== null && carry.fromDay === asOf;
  const stagedCarried = staging ? stageCarriedRows(sql, carry) : 0;
  const atSwap = staging ? null : carry;
  const tally = groupTallies(sql, run.id, {
    of: groups.map((g) => g.customer.id),
    carriedFrom: atSwap?.fromDay ?? null,
  });
  // A group customer that is itself a member counts with its own level-1 signals (not yet staged).
  for (const { customer, judged: j } of groups)
    if (customer.groupId !== null && j.signals.some((s) => s.level === 1)) {
      const t = tally.get(customer.groupId);
      if (t) t.flagged += 1;
    }
  const pending = finishGroups(groups, tally, config);
  stageRows(sql, run, pending);
  const staged = runCounts(sql, run.id);
  // The day's rows appear already ranked with the churn model's scores of D, when there are any:
  // keyed as they are inserted, then the model's additions.
  const carried = completeRun(sql, run, staged, {
    ranking: () => insertedRankingOf(sql, asOf, config),
    alsoCommit: (ranking) => {
      settleAggregates(sql, run.id, plan.mode === "full" || plan.judge === "all");
      commitAggregates(sql, asOf, plan, run.id);
      rankDay(sql, asOf, config, { insertedWith: ranking });
    },
    ...(atSwap === null ? {} : { carry: (ranking) => carryOverRows(sql, atSwap, ranking) }),
  });
  const counts = {
    customers: staged.customers,
    atRisk: staged.atRisk + carried.customers,
    warnings: staged.warnings + carried.rows,
  };
  const carriedRows = carried.rows + stagedCarried;
  return {
    day: asOf,
    customers: counts.customers,
    customersAtRisk: counts.atRisk,
    warnings: counts.warnings,
    ms: Math.round(performance.now() - started),
    mode: plan.mode,
    ...(plan.mode === "full" ? { fullReason: plan.reason } : {}),
    ...stream,
    judged,
    carriedRows,
    judgeThreads: parts.length,
    foldPagesOnHelper: inSql?.pagesOnHelper ?? 0,
  };
}
