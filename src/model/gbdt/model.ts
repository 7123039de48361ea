/**
 * A trained boosted-tree model: flat arrays per tree, raw-value thresholds, and the per-node values
 * that path contributions need. Margins are log-odds; `probability` applies the logistic link.
 */
export interface Tree {
  /** Split feature per node; -1 marks a leaf. */
  feature: Int32Array;
  /** Raw threshold per split node: value ≤ threshold goes left. */
  threshold: Float64Array;
  /** 1: a missing value (NaN) goes left. */
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** The node's (shrunken) value: the leaf output on leaves, the same estimate on inner nodes. */
  value: Float64Array;
  /** Sum of hessians (weighted) that reached the node in training. */
  cover: Float64Array;
}

export interface BoostedModel {
  featureNames: string[];
  /** Starting margin (log-odds of the weighted training rate). */
  baseMargin: number;
  trees: Tree[];
  /**
   * Added to every margin before the logistic link: moves probabilities from the training sample's
   * class balance to the population's (prior correction), without changing the ranking.
   */
  marginOffset: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function leafOf(tree: Tree, row: ArrayLike<number>): number {
  let node = 0;
  const { feature, threshold, missingLeft, left, right } = tree;
  while (feature[node]! >= 0) {
    const v = row[feature[node]!]!;
    if (Number.isNaN(v)) node = missingLeft[node] ? left[node]! : right[node]!;
    else node = v <= threshold[node]! ? left[node]! : right[node]!;
  }
  return node;
}

/** Raw margin (log-odds, before the offset) for one row of features in model order. */
export function predictMargin(model: BoostedModel, row: ArrayLike<number>): number {
  let margin = model.baseMargin;
  for (const tree of model.trees) margin += tree.value[leafOf(tree, row)]!;
  return margin;
}

/** Calibrated probability for one row. */
export function predictProbability(model: BoostedModel, row: ArrayLike<number>): number {
  return sigmoid(predictMargin(model, row) + model.marginOffset);
}

/** Margins for many rows held column-major (columns[f][r]); tree by tree, for bulk scoring. */
export function predictMargins(
  model: BoostedModel,
  columns: ArrayLike<number>[],
  rows: number,
): Float64Array {
  const out = new Float64Array(rows).fill(model.baseMargin);
  for (const { feature, threshold, missingLeft, left, right, value } of model.trees) {
    for (let r = 0; r < rows; r++) {
      let node = 0;
      let f = feature[0]!;
      while (f >= 0) {
        const v = columns[f]![r]!;
        node = Number.isNaN(v)
          ? missingLeft[node]
            ? left[node]!
            : right[node]!
          : v <= threshold[node]!
            ? left[node]!
            : right[node]!;
        f = feature[node]!;
      }
      out[r]! += value[node]!;
    }
  }
  return out;
}

export interface Contributions {
  /** Margin every prediction starts from (base margin plus each tree's root value). */
  bias: number;
  /** Per feature, in model order: how much it moved this row's margin (log-odds). */
  perFeature: Float64Array;
}

/**
 * Saabas path contributions: walking each tree from root to leaf, the change in node value at each
 * split is credited to the split's feature. bias + Σ perFeature equals the raw margin exactly.
 */
export function contributions(model: BoostedModel, row: ArrayLike<number>): Contributions {
  const perFeature = new Float64Array(model.featureNames.length);
  let bias = model.baseMargin;
  for (const tree of model.trees) {
    const { feature, threshold, missingLeft, left, right, value } = tree;
    let node = 0;
    bias += value[0]!;
    while (feature[node]! >= 0) {
      const f = feature[node]!;
      const v = row[f]!;
      const next = Number.isNaN(v)
        ? missingLeft[node]
          ? left[node]!
          : right[node]!
        : v <= threshold[node]!
          ? left[node]!
          : right[node]!;
      perFeature[f]! += value[next]! - value[node]!;
      node = next;
    }
  }
  return { bias, perFeature };
}

export { sigmoid };
