/**
 * The risk list's order once the churn model has scored the day (issue 10). A customer's value is
 * `valueMonths` (12) months of ARPU; the expected value at risk is
 *   valueAtRisk = churn probability × valueMonths × ARPU          (yuan)
 * and RULES_CONFIG `ranking.mode` picks the priority:
 *   rules  the rules' priority alone (src/domain/priority.ts), as before the model;
 *   model  round(valueAtRisk): the expected yuan lost, highest first;
 *   blend  (default) the rules' priority + min(maxBlendPoints, round(valueAtRisk / yuanPerPoint)):
 *          one point per 20 yuan at risk, at most 60 (two level-1 signals), so a likely leaver
 *          worth a lot outranks a weak signal while the rules' level still counts.
 * A day without scores is ranked by rules only. The daily job stores the same number in SQL
 * (src/services/churn/rank-day.ts): change both together.
 */
import type { Priority } from "./priority.js";
import type { RulesConfig } from "./rules-config.js";

export type RankingConfig = RulesConfig["ranking"];
export type RankingMode = RankingConfig["mode"];

/** Expected yuan lost: probability × valueMonths × ARPU (a negative ARPU counts as 0). */
export function valueAtRisk(probability: number, arpu: number, ranking: RankingConfig): number {
  return probability * ranking.valueMonths * Math.max(0, arpu);
}

/** The blend's points for a value at risk. */
export function blendPoints(atRisk: number, ranking: RankingConfig): number {
  return Math.min(ranking.maxBlendPoints, Math.round(atRisk / ranking.yuanPerPoint));
}

/**
 * The priority a customer is ranked by under `mode` (already `rules` when the day has no scores),
 * from the rules' priority and the customer's churn probability (null: not scored).
 */
export function rankedPriority(
  rules: Priority,
  probability: number | null,
  arpu: number,
  mode: RankingMode,
  ranking: RankingConfig,
): Priority {
  if (mode === "rules") return rules;
  if (probability === null) return mode === "model" ? { score: 0, parts: [] } : rules;
  const atRisk = valueAtRisk(probability, arpu, ranking);
  if (mode === "model") {
    const points = Math.round(atRisk);
    return { score: points, parts: [{ key: "churn", points, probability, valueAtRisk: atRisk }] };
  }
  const points = blendPoints(atRisk, ranking);
  return {
    score: rules.score + points,
    parts: [...rules.parts, { key: "churn", points, probability, valueAtRisk: atRisk }],
  };
}
