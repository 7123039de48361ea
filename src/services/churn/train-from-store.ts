/**
 * Trains the churn model on the store's own history. The newest day with a complete label is the
 * holdout day H = asOf − 60 (who left 31–60 days after H is known by asOf). Training rows are the
 * customer-days of `snapshots` earlier days (H − 7, H − 14, …) for three quarters of the customers;
 * the holdout is the other quarter on day H, so neither the day nor the customers were seen in
 * training. Rows are the real mix of leavers and stayers, so probabilities are at the real base
 * rate. Too few leavers means no model (rules only), said in the outcome.
 */

import { CHURN_FEATURES } from "../../domain/churn-features.js";
import { addDays } from "../../domain/dates.js";
import type { BoostedModel } from "../../model/gbdt/model.js";
import { predictMargins, sigmoid } from "../../model/gbdt/model.js";
import type { BoostingOptionsInput } from "../../model/gbdt/options.js";
import { trainBoosted } from "../../model/gbdt/train.js";
import { type RankingMetrics, rankingMetrics } from "../../model/metrics.js";
import type { SqliteDatabase } from "../../store/database.js";
import { churnFeaturesAsOf, leftWithin31To60 } from "./features.js";

export const MIN_LEAVERS = 200;

export interface StoreTrainingOptions {
  asOf: string;
  snapshots?: number;
  spacingDays?: number;
  minLeavers?: number;
  boosting?: BoostingOptionsInput;
}

export interface StoreTraining {
  status: "trained" | "too_few_leavers";
  dataFrom: string;
  dataTo: string;
  holdoutDay: string;
  /** Training customer-days and, of them, leavers. */
  rows: number;
  leavers: number;
  /**
   * `meanProbability`: the model's average probability on the holdout, to set beside `baseRate`
   * (the share that did leave): how well the probabilities match the real rate (NaN: no model).
   */
  holdout: RankingMetrics & { rows: number; leavers: number; baseRate: number; meanProbability: number };
  model: BoostedModel | null;
}

/** The store's default learner settings (smaller data than Cell2Cell: shallower, fewer trees). */
export const STORE_BOOSTING: BoostingOptionsInput = {
  rounds: 150,
  learningRate: 0.05,
  maxDepth: 4,
  maxLeaves: 12,
  minRowsInLeaf: 30,
};

/** A stable quarter of the customers, by a hash of the id. */
export function isHoldoutCustomer(id: string): boolean {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % 4 === 0;
}

export function trainFromStore(sql: SqliteDatabase, options: StoreTrainingOptions): StoreTraining {
  const snapshots = options.snapshots ?? 6;
  const spacing = options.spacingDays ?? 7;
  const holdoutDay = addDays(options.asOf, -60);
  const days = Array.from({ length: snapshots }, (_, k) => addDays(holdoutDay, -spacing * (snapshots - k)));
  const columns: number[][] = CHURN_FEATURES.map(() => []);
  const labels: number[] = [];
  for (const day of days) {
    const table = churnFeaturesAsOf(sql, day);
    for (const [r, id] of table.customerIds.entries()) {
      if (isHoldoutCustomer(id)) continue;
      for (let f = 0; f < columns.length; f++) columns[f]!.push(table.columns[f]![r]!);
      labels.push(leftWithin31To60(day, table.leftDates[r]!));
    }
  }
  const held = churnFeaturesAsOf(sql, holdoutDay);
  const heldRows = held.customerIds.flatMap((id, r) => (isHoldoutCustomer(id) ? [r] : []));
  const heldColumns = held.columns.map((c) => Float64Array.from(heldRows, (r) => c[r]!));
  const heldLabels = Uint8Array.from(heldRows, (r) => leftWithin31To60(holdoutDay, held.leftDates[r]!));
  const leavers = labels.reduce((s, y) => s + y, 0);
  const heldLeavers = heldLabels.reduce((s, y) => s + y, 0);
  const base = {
    dataFrom: days[0]!,
    dataTo: days.at(-1)!,
    holdoutDay,
    rows: labels.length,
    leavers,
  };
  const empty = { auc: Number.NaN, gini: Number.NaN, topDecileLift: Number.NaN };
  const heldInfo = {
    rows: heldRows.length,
    leavers: heldLeavers,
    baseRate: heldLeavers / Math.max(1, heldRows.length),
    meanProbability: Number.NaN,
  };
  if (leavers < (options.minLeavers ?? MIN_LEAVERS) || leavers === labels.length) {
    return { status: "too_few_leavers", ...base, holdout: { ...empty, ...heldInfo }, model: null };
  }
  const model = trainBoosted(
    { featureNames: [...CHURN_FEATURES], columns: columns.map((c) => Float64Array.from(c)), labels },
    { ...STORE_BOOSTING, ...options.boosting },
  );
  const margins = predictMargins(model, heldColumns, heldRows.length);
  const metrics =
    heldLeavers > 0 && heldLeavers < heldRows.length ? rankingMetrics(margins, heldLabels) : empty;
  let sum = 0;
  for (const m of margins) sum += sigmoid(m + model.marginOffset);
  const meanProbability = heldRows.length > 0 ? sum / heldRows.length : Number.NaN;
  return { status: "trained", ...base, holdout: { ...metrics, ...heldInfo, meanProbability }, model };
}
