/**
 * One customer's churn view for `/customer`: the probability and top reasons the daily scoring
 * stored, from today or — while today is not scored yet — the newest scored day of the last week
 * (said with its day); otherwise why there is none (no usable model, or not scored), so the reply
 * can say it is rules only, as /risk does.
 */
import { addDays } from "../../domain/dates.js";
import { churnScoreOf, latestScoredDay } from "../../store/churn-scores.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import type { ChurnModelProblem } from "./model-store.js";
import { latestModel } from "./model-store.js";
import type { ChurnReason } from "./score-store.js";

/** How many days an older score is still shown (with its day) while today's is missing. */
export const STALE_SCORE_DAYS = 7;

export type CustomerChurn =
  | { scored: true; day: string; probability: number; reasons: ChurnReason[]; modelVersion: string }
  | {
      scored: false;
      /** No usable model (its problem), the day not scored yet, or this customer not among those scored. */
      why: ChurnModelProblem["code"] | "not_scored" | "customer_not_scored";
      /** Leavers in the history, when there were too few to train. */
      leavers?: number;
    };

export async function customerChurn(
  db: SqlHandle,
  customerId: string,
  today: string,
): Promise<CustomerChurn> {
  const day = await latestScoredDay(db, today);
  if (day !== null && day >= addDays(today, -STALE_SCORE_DAYS)) {
    const score = await churnScoreOf(db, day, customerId);
    if (!score) return { scored: false, why: "customer_not_scored" };
    return {
      scored: true,
      day: score.day,
      probability: score.probability,
      reasons: JSON.parse(score.reasons) as ChurnReason[],
      modelVersion: score.modelVersion,
    };
  }
  const latest = await latestModel(db);
  if (latest.ok) return { scored: false, why: "not_scored" };
  const problem = latest.error;
  return problem.code === "too_few_leavers"
    ? { scored: false, why: problem.code, leavers: problem.leavers }
    : { scored: false, why: problem.code };
}
