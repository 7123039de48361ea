/**
 * Trains the churn model on the store's own history. The newest day with a complete label is the
 * holdout day H = asOf − 60 (who left 31–60 days after H is known by asOf). Training rows are the
 * customer-days of `snapshots` earlier days (H − 7, H − 14, …) for three quarters of the customers;
 * the holdout is the other quarter on day H, so neither the day nor the customers were seen in
 * training. Every leaver is a row; above `maxStayersPerDay` stayers a day, a stable random share of
 * them is kept and weighted by the inverse of that share, so the cost is bounded and the weighted
 * mix — and so the probabilities — stay at the real base rate. Too few leavers means no model
 * (rules only), said in the outcome.
 */

import { CHURN_FEATURES } from "../../domain/churn-features.js";
import { addDays } from "../../domain/dates.js";
import type { BoostedModel } from "../../model/gbdt/model.js";
import { predictMargins, sigmoid } from "../../model/gbdt/model.js";
import type { BoostingOptionsInput } from "../../model/gbdt/options.js";
import { trainBoosted } from "../../model/gbdt/train.js";
import { type RankingMetrics, rankingMetrics } from "../../model/metrics.js";
import type { SqliteDatabase } from "../../store/database.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { type CustomerAsOf, churnFeaturesAsOf, type FeatureTable, leftWithin31To60 } from "./features.js";
import { churnFeaturesOn } from "./features-on-handle.js";

export const MIN_LEAVERS = 200;

export interface StoreTrainingOptions {
  asOf: string;
  snapshots?: number;
  spacingDays?: number;
  minLeavers?: number;
  /**
   * Stayers (not leaving 31–60 days later) kept per snapshot day at most: above it a random share is
   * kept, each weighted by the inverse of that share, so training cost stays bounded and the
   * weighted base rate stays the real one (default MAX_STAYERS_PER_DAY).
   */
  maxStayersPerDay?: number;
  boosting?: BoostingOptionsInput;
}

export const MAX_STAYERS_PER_DAY = 50_000;

export interface StoreTraining {
  status: "trained" | "too_few_leavers";
  dataFrom: string;
  dataTo: string;
  holdoutDay: string;
  /** Training customer-days and, of them, leavers. */
  rows: number;
  leavers: number;
  /** Stayer customer-days in the snapshots, and how many were kept (the rest sampled out). */
  stayers: { total: number; kept: number };
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

/** FNV-1a of a string, as an unsigned 32-bit integer. */
function hash32(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A stable quarter of the customers, by a hash of the id. */
export function isHoldoutCustomer(id: string): boolean {
  return hash32(id) % 4 === 0;
}

/**
 * Day D's training rows: every leaver and at most `maxStayers` stayers (a stable random share by a
 * hash of id and day), with the weight 1 / share on the stayers kept.
 */
function sampleStayers(day: string, customers: readonly CustomerAsOf[], maxStayers: number) {
  const training = customers.filter((c) => !isHoldoutCustomer(c.id));
  const stayers = training.filter((c) => leftWithin31To60(day, c.leftDate) === 0).length;
  const share = stayers > maxStayers ? maxStayers / stayers : 1;
  const kept = training.filter(
    (c) => leftWithin31To60(day, c.leftDate) === 1 || hash32(`${day}|${c.id}`) / 2 ** 32 < share,
  );
  return { kept, stayers, stayerWeight: 1 / share };
}

/** Reads day D's feature table of the customers `only` keeps (from either store). */
type ReadDay = (day: string, only: (customers: readonly CustomerAsOf[]) => CustomerAsOf[]) => FeatureTable;

/** The snapshot days, then the holdout day, and what training collects from their tables. */
function trainingPlan(options: StoreTrainingOptions) {
  const snapshots = options.snapshots ?? 6;
  const spacing = options.spacingDays ?? 7;
  const holdoutDay = addDays(options.asOf, -60);
  const days = Array.from({ length: snapshots }, (_, k) => addDays(holdoutDay, -spacing * (snapshots - k)));
  const maxStayers = options.maxStayersPerDay ?? MAX_STAYERS_PER_DAY;
  const columns: number[][] = CHURN_FEATURES.map(() => []);
  const labels: number[] = [];
  const weights: number[] = [];
  const stayers = { total: 0, kept: 0 };
  return {
    holdoutDay,
    days,
    /** Training's sample of day D's customers (every leaver, stayers sampled). */
    sampleOf(day: string) {
      const sample = { stayerWeight: 1 };
      const only = (customers: readonly CustomerAsOf[]) => {
        const kept = sampleStayers(day, customers, maxStayers);
        stayers.total += kept.stayers;
        sample.stayerWeight = kept.stayerWeight;
        return kept.kept;
      };
      return { only, sample };
    },
    add(day: string, table: FeatureTable, stayerWeight: number) {
      for (let r = 0; r < table.customerIds.length; r++) {
        for (let f = 0; f < columns.length; f++) columns[f]!.push(table.columns[f]![r]!);
        const label = leftWithin31To60(day, table.leftDates[r]!);
        labels.push(label);
        weights.push(label === 1 ? 1 : stayerWeight);
        if (label === 0) stayers.kept++;
      }
    },
    /** The holdout: the other quarter on day H, every one of them (the real mix). */
    holdoutOnly: (customers: readonly CustomerAsOf[]) => customers.filter((c) => isHoldoutCustomer(c.id)),
    fit: (held: FeatureTable) =>
      fitTraining(options, { holdoutDay, days, columns, labels, weights, stayers }, held),
  };
}

export function trainFromStore(sql: SqliteDatabase, options: StoreTrainingOptions): StoreTraining {
  return trainWith(options, (day, only) => churnFeaturesAsOf(sql, day, "rows", only));
}

/** trainFromStore on the SQL handle (the PostgreSQL store): the same rows, the same learner. */
export async function trainFromHandle(db: SqlHandle, options: StoreTrainingOptions): Promise<StoreTraining> {
  const plan = trainingPlan(options);
  for (const day of plan.days) {
    const { only, sample } = plan.sampleOf(day);
    const table = await churnFeaturesOn(db, day, only);
    plan.add(day, table, sample.stayerWeight);
  }
  return plan.fit(await churnFeaturesOn(db, plan.holdoutDay, plan.holdoutOnly));
}

function trainWith(options: StoreTrainingOptions, read: ReadDay): StoreTraining {
  const plan = trainingPlan(options);
  for (const day of plan.days) {
    const { only, sample } = plan.sampleOf(day);
    const table = read(day, only);
    plan.add(day, table, sample.stayerWeight);
  }
  return plan.fit(read(plan.holdoutDay, plan.holdoutOnly));
}

interface Collected {
  holdoutDay: string;
  days: string[];
  columns: number[][];
  labels: number[];
  weights: number[];
  stayers: { total: number; kept: number };
}

/** The model from the collected training rows, and its metrics on the holdout's table. */
function fitTraining(options: StoreTrainingOptions, collected: Collected, held: FeatureTable): StoreTraining {
  const { holdoutDay, days, columns, labels, weights, stayers } = collected;
  const heldRows = held.customerIds.map((_, r) => r);
  const heldColumns = held.columns;
  const heldLabels = Uint8Array.from(heldRows, (r) => leftWithin31To60(holdoutDay, held.leftDates[r]!));
  const leavers = labels.reduce((s, y) => s + y, 0);
  const heldLeavers = heldLabels.reduce((s, y) => s + y, 0);
  const base = {
    dataFrom: days[0]!,
    dataTo: days.at(-1)!,
    holdoutDay,
    rows: labels.length,
    leavers,
    stayers,
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
    {
      featureNames: [...CHURN_FEATURES],
      columns: columns.map((c) => Float64Array.from(c)),
      labels,
      // All 1 unless stayers were sampled (then the weighted base rate is the real one).
      ...(stayers.kept < stayers.total ? { weights } : {}),
    },
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
