/**
 * Category scores from similarity to the phrasings: a blend of the nearest phrasing, the second
 * nearest and the category centroid (cosine over TF-IDF vectors). Also returns the single best
 * phrasing similarity, which says how much the text resembles any objection at all.
 */
import type { SparseVector } from "./vectors.js";

export interface NearestWeights {
  nearest: number;
  secondNearest: number;
  centroid: number;
}

export interface NearestScorer {
  /** Per category score, and the best similarity to any one phrasing. */
  score(query: SparseVector): { scores: Float64Array; bestSimilarity: number };
}

export function createNearestScorer(
  examples: readonly { c: number; v: SparseVector }[],
  classes: number,
  weights: NearestWeights,
): NearestScorer {
  // Inverted index: feature → (example, weight), so a query touches only examples sharing a feature.
  const postings = new Map<number, { e: number; w: number }[]>();
  const centroids = Array.from({ length: classes }, () => new Map<number, number>());
  examples.forEach(({ c, v }, e) => {
    v.indices.forEach((key, i) => {
      const w = v.values[i]!;
      const list = postings.get(key);
      if (list) list.push({ e, w });
      else postings.set(key, [{ e, w }]);
      centroids[c]!.set(key, (centroids[c]!.get(key) ?? 0) + w);
    });
  });
  const centroidNorms = centroids.map((m) => Math.hypot(...m.values()) || 1);
  return {
    score(query) {
      const sims = new Float64Array(examples.length);
      const central = new Float64Array(classes);
      query.indices.forEach((key, i) => {
        const q = query.values[i]!;
        for (const { e, w } of postings.get(key) ?? []) sims[e]! += q * w;
        for (let c = 0; c < classes; c++) {
          const w = centroids[c]!.get(key);
          if (w) central[c]! += (q * w) / centroidNorms[c]!;
        }
      });
      const first = new Float64Array(classes);
      const second = new Float64Array(classes);
      let bestSimilarity = 0;
      examples.forEach(({ c }, e) => {
        const s = sims[e]!;
        if (s > bestSimilarity) bestSimilarity = s;
        if (s > first[c]!) [first[c], second[c]] = [s, first[c]!];
        else if (s > second[c]!) second[c] = s;
      });
      const scores = new Float64Array(classes);
      for (let c = 0; c < classes; c++)
        scores[c] =
          weights.nearest * first[c]! + weights.secondNearest * second[c]! + weights.centroid * central[c]!;
      return { scores, bestSimilarity };
    },
  };
}
