/**
 * Gradient boosting with logistic loss on a binned feature table: each round fits a tree to the
 * gradients and hessians of the current margins (weighted by sample weights), on a random share of
 * rows and features, and adds its shrunken leaves to the margins.
 */
import { binColumns } from "./binning.js";
import { growTree } from "./grow-tree.js";
import type { BoostedModel, Tree } from "./model.js";
import { type BoostingOptionsInput, boostingOptionsSchema } from "./options.js";
import { bernoulliRows, sampleIndices, seededRandom } from "./random.js";

export interface TrainingTable {
  featureNames: string[];
  /** columns[f][row]; NaN = missing. */
  columns: ArrayLike<number>[];
  /** 1 = churned, 0 = stayed. */
  labels: ArrayLike<number>;
  /** Optional sample weights (any positive scale; normalised to mean 1). */
  weights?: ArrayLike<number>;
}

export function trainBoosted(table: TrainingTable, input: BoostingOptionsInput = {}): BoostedModel {
  const options = boostingOptionsSchema.parse(input);
  const rows = table.labels.length;
  if (rows === 0) throw new Error("cannot train on an empty table");
  if (table.columns.length !== table.featureNames.length) throw new Error("one column per feature name");
  for (const column of table.columns) {
    if (column.length !== rows) throw new Error("every column needs one value per row");
  }
  const weights = normalisedWeights(table.weights, rows);
  const data = binColumns(table.columns, rows);
  const y = table.labels;
  let positive = 0;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    positive += weights[r]! * (y[r]! > 0 ? 1 : 0);
    total += weights[r]!;
  }
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positive / total));
  const baseMargin = Math.log(rate / (1 - rate));
  const margins = new Float64Array(rows).fill(baseMargin);
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  const random = seededRandom(options.seed);
  const featureCount = table.columns.length;
  const trees: Tree[] = [];
  const allRows = Uint32Array.from({ length: rows }, (_, i) => i);
  for (let round = 0; round < options.rounds; round++) {
    for (let r = 0; r < rows; r++) {
      const p = 1 / (1 + Math.exp(-margins[r]!));
      const w = weights[r]!;
      grad[r] = w * (p - (y[r]! > 0 ? 1 : 0));
      hess[r] = Math.max(w * p * (1 - p), 1e-16);
    }
    const order =
      options.rowSubsample < 1 ? bernoulliRows(rows, options.rowSubsample, random) : allRows.slice();
    const features =
      options.colSubsample < 1
        ? sampleIndices(featureCount, Math.max(1, Math.round(featureCount * options.colSubsample)), random)
        : Array.from({ length: featureCount }, (_, i) => i);
    const tree = growTree({ data, grad, hess, order, features, options });
    trees.push(tree);
    addTree(tree, data.bins, data.edges, margins);
  }
  return { featureNames: [...table.featureNames], baseMargin, trees, marginOffset: 0 };
}

function normalisedWeights(weights: ArrayLike<number> | undefined, rows: number): Float64Array {
  const out = new Float64Array(rows).fill(1);
  if (!weights) return out;
  if (weights.length !== rows) throw new Error("one weight per row");
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const w = weights[r]!;
    if (!(w > 0) || !Number.isFinite(w)) throw new Error(`weight of row ${r + 1} must be positive`);
    sum += w;
  }
  const scale = rows / sum;
  for (let r = 0; r < rows; r++) out[r] = weights[r]! * scale;
  return out;
}

/** Adds a tree's output to every row's margin, walking the binned values (thresholds = bin edges). */
function addTree(tree: Tree, bins: Uint8Array[], edges: Float64Array[], margins: Float64Array): void {
  // A split on feature f at threshold edges[f][b-1] sends bin ≤ b left; recover b once per node.
  const splitBin = new Int32Array(tree.feature.length);
  for (let n = 0; n < tree.feature.length; n++) {
    const f = tree.feature[n]!;
    if (f >= 0) splitBin[n] = edges[f]!.indexOf(tree.threshold[n]!) + 1;
  }
  for (let r = 0; r < margins.length; r++) {
    let node = 0;
    while (tree.feature[node]! >= 0) {
      const b = bins[tree.feature[node]!]![r]!;
      const goesLeft = b === 0 ? tree.missingLeft[node] === 1 : b <= splitBin[node]!;
      node = goesLeft ? tree.left[node]! : tree.right[node]!;
    }
    margins[r]! += tree.value[node]!;
  }
}
