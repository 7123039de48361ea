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
import type { SqliteDatabase } from "../../store/database.js";
import { cachedStatement } from "../../store/statement-cache.js";
import { loadSignalInputs } from "../warnings/load-inputs.js";
import { assessStoredCustomers } from "../warnings/read-materialised.js";
import { customersByIds } from "../warnings/select-customers.js";
import { IDS_IN_JSON } from "../warnings/store-rows.js";
import { type ChurnModelProblem, loadLatestModel } from "./model-store.js";
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
export function churnRankingOf(sql: SqliteDatabase, day: string, config: RulesConfig): ChurnRanking {
  const mode = config.ranking.mode;
  const version = cachedStatement(sql, `SELECT "modelVersion" FROM "ChurnScore" WHERE "day" = ? LIMIT 1`)
    .pluck()
    .get(day) as string | undefined;
  if (version !== undefined) return { mode, scored: true, modelVersion: version };
  const latest = loadLatestModel(sql);
  if (latest.ok) return { mode, scored: false, why: "not_scored" };
  const problem = latest.error;
  return problem.code === "too_few_leavers"
    ? { mode, scored: false, why: problem.code, leavers: problem.leavers }
    : { mode, scored: false, why: problem.code };
}

interface ScoreRow {
  customerId: string;
  probability: number;
  reasons: string;
  modelVersion: string;
}

/** The day's scores of these customers (those that have one). */
function scoresOf(sql: SqliteDatabase, day: string, customerIds: readonly string[]): Map<string, ScoreRow> {
  const rows = cachedStatement(
    sql,
    `SELECT "customerId", "probability", "reasons", "modelVersion" FROM "ChurnScore"
     WHERE "day" = ? AND "customerId" IN ${IDS_IN_JSON}`,
  ).all(day, JSON.stringify(customerIds)) as ScoreRow[];
  return new Map(rows.map((r) => [r.customerId, r]));
}

interface Rankable {
  customer: { id: string; arpu: number };
  signals: readonly unknown[];
  priority: Priority;
  churn: ChurnView | null;
}

/**
 * Gives each entry the day's churn view and the priority it is ranked by (the rules' priority in,
 * the ranked one out; see churn-priority.ts). The caller sorts.
 */
export function attachChurn(
  sql: SqliteDatabase,
  day: string,
  entries: Rankable[],
  ranking: ChurnRanking,
  config: RulesConfig,
): void {
  if (!ranking.scored || entries.length === 0) return;
  const mode = effectiveMode(ranking);
  const scores = scoresOf(
    sql,
    day,
    entries.map((e) => e.customer.id),
  );
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

/**
 * From which churn probability the model adds a customer no rule caught on day D:
 * `ranking.addFromBaseRateTimes` × the day's average probability (the base rate).
 */
export function modelOnlyThreshold(sql: SqliteDatabase, day: string, config: RulesConfig): number {
  const mean = cachedStatement(sql, `SELECT AVG("probability") FROM "ChurnScore" WHERE "day" = ?`)
    .pluck()
    .get(day) as number | null;
  return Math.min(1, (mean ?? 1) * config.ranking.addFromBaseRateTimes);
}

/**
 * The customers of these managers that no rule caught on day D but the model adds (only when the
 * day is scored and ranked by model or blend): the daily job's model-only rows when it ranked the
 * day (so the whole list and its pages agree), else those from the threshold up.
 */
export function modelOnlyIds(
  sql: SqliteDatabase,
  day: string,
  managerIds: readonly string[],
  caughtByRules: ReadonlySet<string>,
  ranking: ChurnRanking,
  config: RulesConfig,
): string[] {
  if (effectiveMode(ranking) === "rules") return [];
  const managers = JSON.stringify(managerIds);
  const ranked = cachedStatement(sql, `SELECT 1 FROM "WarningRank" WHERE "day" = ? LIMIT 1`).get(day);
  const ids = ranked
    ? (cachedStatement(
        sql,
        `SELECT r."customerId" FROM "WarningRank" r JOIN "Customer" c ON c."id" = r."customerId"
         WHERE r."day" = ? AND r."modelOnly" = 1 AND c."managerId" IN ${IDS_IN_JSON} ORDER BY r."customerId"`,
      )
        .pluck()
        .all(day, managers) as string[])
    : (cachedStatement(
        sql,
        `SELECT s."customerId" FROM "ChurnScore" s JOIN "Customer" c ON c."id" = s."customerId"
         WHERE s."day" = ? AND s."probability" >= ? AND c."managerId" IN ${IDS_IN_JSON} ORDER BY s."customerId"`,
      )
        .pluck()
        .all(day, modelOnlyThreshold(sql, day, config), managers) as string[]);
  return ids.filter((id) => !caughtByRules.has(id));
}

/**
 * Assessments of customers no rule caught on day D: no signals, with their lifecycle stage,
 * do-not-chase verdict and the rules' priority without signal points.
 */
export function modelOnlyAssessments(
  sql: SqliteDatabase,
  day: string,
  customerIds: readonly string[],
  config: RulesConfig,
): RiskAssessment[] {
  if (customerIds.length === 0) return [];
  return loadSignalInputs(sql, customersByIds(sql, customerIds), day, config).map((input) => {
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

/** Assessments of ranked customers of day D: from the stored warnings, or model-only. */
export function assessRanked(
  sql: SqliteDatabase,
  day: string,
  customerIds: readonly string[],
  config: RulesConfig,
): RiskAssessment[] {
  const stored = assessStoredCustomers(sql, day, customerIds, config);
  if (stored.length === customerIds.length) return stored;
  const found = new Set(stored.map((a) => a.customer.id));
  const missing = customerIds.filter((id) => !found.has(id));
  return [...stored, ...modelOnlyAssessments(sql, day, missing, config)];
}
