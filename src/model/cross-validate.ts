/**
 * Stratified k-fold cross-validation of the boosted learner on a labelled table: out-of-fold
 * scores for every row, metrics per fold (weighted to the real base rate when one is given), fit
 * time and scoring speed.
 */
import { predictMargins } from "./gbdt/model.js";
import type { BoostingOptionsInput } from "./gbdt/options.js";
import { seededRandom } from "./gbdt/random.js";
import { trainBoosted } from "./gbdt/train.js";
import { type RankingMetrics, rankingMetrics } from "./metrics.js";
import { rateWeights } from "./weighting.js";

export interface CrossValidation {
  folds: RankingMetrics[];
  mean: RankingMetrics;
  fitMs: number[];
  rowsPerSecond: number;
}

export interface LabelledTable {
  featureNames: string[];
  columns: Float64Array[];
  labels: Uint8Array;
}

/** Row indices of k folds, each with the same share of churners (seeded shuffle). */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): number[][] {
  const random = seededRandom(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  for (const cls of [0, 1]) {
    const rows = Array.from({ length: labels.length }, (_, i) => i).filter((i) => labels[i] === cls);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    for (const [i, row] of rows.entries()) folds[i % k]!.push(row);
  }
  return folds.map((f) => f.sort((a, b) => a - b));
}

export function subset(table: LabelledTable, rows: number[]): LabelledTable {
  return {
    featureNames: table.featureNames,
    columns: table.columns.map((c) => Float64Array.from(rows, (r) => c[r]!)),
    labels: Uint8Array.from(rows, (r) => table.labels[r]!),
  };
}

export function crossValidate(
  table: LabelledTable,
  options: {
    k?: number;
    seed?: number;
    boosting?: BoostingOptionsInput;
    /** Weight rows to this churn rate in training (null: as sampled). */
    trainRate?: number | null;
    /** Weight held-out rows to this churn rate for the metrics (null: as sampled). */
    evalRate?: number | null;
  } = {},
): CrossValidation {
  const k = options.k ?? 5;
  const folds = stratifiedFolds(table.labels, k, options.seed ?? 7);
  const results: RankingMetrics[] = [];
  const fitMs: number[] = [];
  let scored = 0;
  let scoreMs = 0;
  for (let i = 0; i < k; i++) {
    const held = new Set(folds[i]);
    const trainRows = Array.from({ length: table.labels.length }, (_, r) => r).filter((r) => !held.has(r));
    const train = subset(table, trainRows);
    const test = subset(table, folds[i]!);
    const started = performance.now();
    const model = trainBoosted(
      {
        featureNames: train.featureNames,
        columns: train.columns,
        labels: train.labels,
        weights: options.trainRate == null ? undefined : rateWeights(train.labels, options.trainRate),
      },
      options.boosting,
    );
    fitMs.push(performance.now() - started);
    const scoring = performance.now();
    const margins = predictMargins(model, test.columns, test.labels.length);
    scoreMs += performance.now() - scoring;
    scored += test.labels.length;
    results.push(
      rankingMetrics(
        margins,
        test.labels,
        options.evalRate == null ? undefined : rateWeights(test.labels, options.evalRate),
      ),
    );
  }
  const mean = (pick: (m: RankingMetrics) => number) => results.reduce((s, m) => s + pick(m), 0) / k;
  return {
    folds: results,
    mean: { auc: mean((m) => m.auc), gini: mean((m) => m.gini), topDecileLift: mean((m) => m.topDecileLift) },
    fitMs,
    rowsPerSecond: scored / (scoreMs / 1000),
  };
}
