/**
 * The churn model beside the rules in the risk list (read side): how a day's list is ranked (the
 * model's scores, or rules only and why), each entry's probability and top reasons, and the
 * customers no rule caught that the model adds. The formula is in src/domain/churn-priority.ts; the
 * daily job stores the same rank keys for paging (rank-day.ts).
 */
import { type RankingMode, rankedPriority, valueAtRisk } from "../../domain/churn-priority.js";
import { doNotChaseReasons } from "../../domain/do-not-chase.js";
import { lifecycleStage } from "../../domain/lifecycle.js";
import { type Priority, priorityOf } from "../../domain/priority.js";
import type { RiskAssessment } from "../../domain/risk-assessment.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { SignalInput } from "../../domain/signals/types.js";
import { customersByIds } from "../../store/customers.js";
import type { SqliteDatabase } from "../../store/database.js";
import {
  dayScoresOf,
  type KnownScores,
  meanProbability,
  meanProbabilitySqlite,
  rankedModelOnlyIds,
  scoredFromIds,
  scoredModelVersion,
} from "../../store/day-scores.js";
import { hasRankedRows } from "../../store/ranked-rows.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { loadSignalInputs, loadSignalInputsSqlite } from "../warnings/load-inputs.js";
import { customersByIds as customersByIdsSqlite } from "../warnings/select-customers.js";
import { type ChurnModelProblem, latestModel } from "./model-store.js";
import type { ChurnReason } from "./score-store.js";

/** How a day's list is ranked: with the model's scores of that day, or rules only and why. */
export type ChurnRanking =
  | { mode: RankingMode; scored: true; modelVersion: string }
  | {
      mode: RankingMode;
      scored: false;
      /** Why there are no scores: no usable model (its problem), or not scored yet that day. */
      why: ChurnModelProblem["code"] | "not_scored";
      /** Leavers in the history, when there were too few to train. */
      leavers?: number;
    };

/** One entry's churn view: the probability, its top reasons and the value at risk. */
export interface ChurnView {
  probability: number;
  reasons: ChurnReason[];
  /** Expected yuan lost: probability × valueMonths × ARPU. */
  valueAtRisk: number;
  modelVersion: string;
  /** No rule caught this customer: the model added them. */
  modelOnly: boolean;
}

/** The mode the list is actually ranked by: rules when the day has no scores. */
export const effectiveMode = (ranking: ChurnRanking): RankingMode =>
  ranking.scored ? ranking.mode : "rules";

/** How day D's list is ranked (the model's problem is looked up only when D has no scores). */
export async function churnRankingOf(db: SqlHandle, day: string, config: RulesConfig): Promise<ChurnRanking> {
  return rankingOf(db, await scoredModelVersion(db, day), config);
}

/** How a day is ranked, knowing which model scored it (null: not scored). */
export async function rankingOf(
  db: SqlHandle,
  version: string | null,
  config: RulesConfig,
): Promise<ChurnRanking> {
  const mode = config.ranking.mode;
  if (version !== null) return { mode, scored: true, modelVersion: version };
  const latest = await latestModel(db);
  if (latest.ok) return { mode, scored: false, why: "not_scored" };
  const problem = latest.error;
  return problem.code === "too_few_leavers"
    ? { mode, scored: false, why: problem.code, leavers: problem.leavers }
    : { mode, scored: false, why: problem.code };
}

interface Rankable {
  customer: { id: string; arpu: number };
  signals: readonly unknown[];
  priority: Priority;
  churn: ChurnView | null;
}

/**
 * Gives each entry the day's churn view and the priority it is ranked by (the rules' priority in,
 * the ranked one out; see churn-priority.ts). The caller sorts. Scores `known` (read with the
 * entries' rows) are not read again: only the other entries' are.
 */
export async function attachChurn(
  db: SqlHandle,
  day: string,
  entries: Rankable[],
  ranking: ChurnRanking,
  config: RulesConfig,
  known: KnownScores | null = null,
): Promise<void> {
  if (!ranking.scored || entries.length === 0) return;
  const mode = effectiveMode(ranking);
  const unread = entries.map((e) => e.customer.id).filter((id) => !known?.customers.has(id));
  const scores = new Map(known?.scores);
  if (unread.length > 0) for (const r of await dayScoresOf(db, day, unread)) scores.set(r.customerId, r);
  for (const e of entries) {
    const score = scores.get(e.customer.id);
    e.churn = score
      ? {
          probability: score.probability,
          reasons: JSON.parse(score.reasons) as ChurnReason[],
          valueAtRisk:
            Math.round(valueAtRisk(score.probability, e.customer.arpu, config.ranking) * 100) / 100,
          modelVersion: score.modelVersion,
          modelOnly: e.signals.length === 0,
        }
      : null;
    e.priority = rankedPriority(
      e.priority,
      score?.probability ?? null,
      e.customer.arpu,
      mode,
      config.ranking,
    );
  }
}

/** The model-only threshold from the day's mean probability (null: not scored). */
export const thresholdOf = (mean: number | null, config: RulesConfig) =>
  Math.min(1, (mean ?? 1) * config.ranking.addFromBaseRateTimes);

/**
 * From which churn probability the model adds a customer no rule caught on day D:
 * `ranking.addFromBaseRateTimes` × the day's average probability (the base rate). On the SQLite
 * connection: the daily job's rank step (rank-day.ts) reads it inside its transaction.
 */
export function modelOnlyThreshold(sql: SqliteDatabase, day: string, config: RulesConfig): number {
  return thresholdOf(meanProbabilitySqlite(sql, day), config);
}

/**
 * The customers of these managers that no rule caught on day D but the model adds (only when the
 * day is scored and ranked by model or blend): the daily job's model-only rows when it ranked the
 * day (so the whole list and its pages agree), else those from the threshold up.
 */
export async function modelOnlyIds(
  db: SqlHandle,
  day: string,
  managerIds: readonly string[],
  caughtByRules: ReadonlySet<string>,
  ranking: ChurnRanking,
  config: RulesConfig,
): Promise<string[]> {
  if (effectiveMode(ranking) === "rules") return [];
  const ids = (await hasRankedRows(db, day))
    ? await rankedModelOnlyIds(db, day, managerIds)
    : await scoredFromIds(db, day, thresholdOf(await meanProbability(db, day), config), managerIds);
  return ids.filter((id) => !caughtByRules.has(id));
}

/**
 * Assessments of customers no rule caught on day D: no signals, with their lifecycle stage,
 * do-not-chase verdict and the rules' priority without signal points.
 */
export async function modelOnlyAssessments(
  db: SqlHandle,
  day: string,
  customerIds: readonly string[],
  config: RulesConfig,
): Promise<RiskAssessment[]> {
  if (customerIds.length === 0) return [];
  return withoutSignals(
    await loadSignalInputs(db, await customersByIds(db, customerIds), day, config),
    day,
    config,
  );
}

/** modelOnlyAssessments on the SQLite connection: the daily job's rank step, inside its transaction. */
export function modelOnlyAssessmentsSqlite(
  sql: SqliteDatabase,
  day: string,
  customerIds: readonly string[],
  config: RulesConfig,
): RiskAssessment[] {
  if (customerIds.length === 0) return [];
  return withoutSignals(
    loadSignalInputsSqlite(sql, customersByIdsSqlite(sql, customerIds), day, config),
    day,
    config,
  );
}

function withoutSignals(inputs: readonly SignalInput[], day: string, config: RulesConfig): RiskAssessment[] {
  return inputs.map((input) => {
    const stage = lifecycleStage(input.customer, input.usage, day, config);
    return {
      customer: input.customer,
      signals: [],
      stage,
      priority: priorityOf(input.customer, [], stage, config),
      doNotChase: doNotChaseReasons(input.customer, input.bills, day, config),
    };
  });
}
