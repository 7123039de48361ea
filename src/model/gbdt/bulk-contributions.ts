/**
 * Path contributions for many rows at once (the store scores every customer daily): tree by tree
 * over a block of rows held column-major, so each tree's arrays stay in cache, with the margin as
 * their sum (bias + Σ contributions = margin exactly, as contributions() per row). The block's
 * contributions are one flat array, row-major: out[(r − from) × features + f].
 */
import type { BoostedModel } from "./model.js";

export interface BlockContributions {
  /** Raw margin (log-odds, before the model's offset) per row of the block. */
  margins: Float64Array;
  /** Contributions, row-major, `features` per row. */
  perFeature: Float64Array;
  features: number;
}

export function blockContributions(
  model: BoostedModel,
  columns: ArrayLike<number>[],
  from: number,
  to: number,
): BlockContributions {
  const rows = to - from;
  const features = model.featureNames.length;
  const perFeature = new Float64Array(rows * features);
  let bias = model.baseMargin;
  for (const { feature, threshold, missingLeft, left, right, value } of model.trees) {
    bias += value[0]!;
    for (let r = 0; r < rows; r++) {
      const base = r * features;
      let node = 0;
      let f = feature[0]!;
      while (f >= 0) {
        const v = columns[f]![from + r]!;
        const next = Number.isNaN(v)
          ? missingLeft[node]
            ? left[node]!
            : right[node]!
          : v <= threshold[node]!
            ? left[node]!
            : right[node]!;
        perFeature[base + f]! += value[next]! - value[node]!;
        node = next;
        f = feature[node]!;
      }
    }
  }
  const margins = new Float64Array(rows).fill(bias);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let f = 0; f < features; f++) sum += perFeature[r * features + f]!;
    margins[r]! += sum;
  }
  return { margins, perFeature, features };
}
