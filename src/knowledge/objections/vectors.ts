/**
 * TF-IDF vectors over the classifier's features, with a fixed vocabulary (the phrasings'
 * features). A query's unseen features count in its norm (text unlike every phrasing scores
 * low) but get no index: no phrasing and no model weight can match them.
 */
import type { FeatureBag } from "./features.js";

/** A sparse, L2-normalised vector: vocabulary indices and their weights. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface Vectoriser {
  /** Vocabulary size (features seen in the training phrasings). */
  readonly size: number;
  vector(bag: FeatureBag): SparseVector;
}

export function createVectoriser(bags: readonly FeatureBag[]): Vectoriser {
  const df = new Map<string, number>();
  for (const bag of bags) for (const key of bag.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  const vocabulary = new Map([...df.keys()].map((key, i) => [key, i]));
  const n = bags.length;
  return {
    size: vocabulary.size,
    vector(bag) {
      const indices: number[] = [];
      const values: number[] = [];
      let norm = 0;
      for (const [key, count] of bag) {
        const weight = (1 + Math.log(count)) * (Math.log((n + 1) / ((df.get(key) ?? 0) + 1)) + 1);
        norm += weight * weight;
        const index = vocabulary.get(key);
        if (index === undefined) continue;
        indices.push(index);
        values.push(weight);
      }
      const scale = 1 / (Math.sqrt(norm) || 1);
      return { indices: Int32Array.from(indices), values: Float64Array.from(values, (v) => v * scale) };
    },
  };
}
