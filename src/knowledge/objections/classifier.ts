/**
 * Recognises which objection a text is: TF-IDF over character n-grams, jieba words and English
 * words, compared with every phrasing of every category (nearest neighbours), blended with the
 * similarity to each category's centroid. The method and its constants were chosen on the
 * development set (bench/objections/dev.tsv); see docs/decisions/ and `npm run bench -- objections`.
 */
import type { Segmenter } from "../segment.js";
import type { ObjectionCategory } from "../types.js";
import { type FeatureBag, features, objectionCore } from "./features.js";

/** One recognised category with its score (cosine-based, 0–1). */
export interface CategoryScore {
  category: ObjectionCategory;
  score: number;
}

export interface Recognition {
  /** The text the classifier looked at (normalised, without "客户说…怎么办"). */
  core: string;
  /** Every category, best first. */
  ranked: CategoryScore[];
  /** One or two categories when confident (two when the text says both), else none. */
  recognised: CategoryScore[];
  /** The best score; below CONFIDENT the answer asks which objection was meant. */
  confidence: number;
  confident: boolean;
}

export interface ObjectionClassifier {
  readonly categories: readonly ObjectionCategory[];
  recognise(text: string): Recognition;
}

/** Tuned on the development set only. */
export const CLASSIFIER_TUNING = {
  /** Score of the best category from which it is taken as recognised. */
  confident: 0.1,
  /** A second category is recognised too when it scores at least this share of the first. */
  secondShare: 0.85,
  /** Weights of the nearest phrasing, the second nearest and the centroid in a category's score. */
  nearest: 0.4,
  secondNearest: 0.2,
  centroid: 0.4,
};

interface Vector {
  keys: string[];
  weights: number[];
}

/** Builds the classifier from the categories' phrasings (a few milliseconds for ~400 phrasings). */
export function createObjectionClassifier(
  categories: readonly ObjectionCategory[],
  segmenter: Segmenter,
  tuning = CLASSIFIER_TUNING,
): ObjectionClassifier {
  const examples = categories.flatMap((category, c) =>
    category.phrasings.map((p) => ({ c, bag: features(objectionCore(p), segmenter) })),
  );
  const df = new Map<string, number>();
  for (const { bag } of examples) for (const key of bag.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  const n = examples.length;
  const idf = (key: string) => Math.log((n + 1) / ((df.get(key) ?? 0) + 1)) + 1;
  const vectorOf = (bag: FeatureBag): Vector => {
    const keys = [...bag.keys()];
    const weights = keys.map((k) => (1 + Math.log(bag.get(k)!)) * idf(k));
    const norm = Math.hypot(...weights) || 1;
    return { keys, weights: weights.map((w) => w / norm) };
  };

  // Inverted index: feature → (example, weight), so a query touches only examples sharing a feature.
  const postings = new Map<string, { e: number; w: number }[]>();
  const centroids = categories.map(() => new Map<string, number>());
  examples.forEach(({ c, bag }, e) => {
    const v = vectorOf(bag);
    v.keys.forEach((key, i) => {
      const list = postings.get(key) ?? [];
      list.push({ e, w: v.weights[i]! });
      postings.set(key, list);
      const centroid = centroids[c]!;
      centroid.set(key, (centroid.get(key) ?? 0) + v.weights[i]!);
    });
  });
  const centroidNorms = centroids.map((m) => Math.hypot(...m.values()) || 1);

  return {
    categories,
    recognise(text) {
      const core = objectionCore(text);
      const query = vectorOf(features(core, segmenter));
      const sims = new Float64Array(n);
      const central = new Float64Array(categories.length);
      query.keys.forEach((key, i) => {
        const q = query.weights[i]!;
        for (const { e, w } of postings.get(key) ?? []) sims[e]! += q * w;
        centroids.forEach((m, c) => {
          const w = m.get(key);
          if (w) central[c]! += (q * w) / centroidNorms[c]!;
        });
      });
      const best = categories.map(() => [0, 0]);
      examples.forEach(({ c }, e) => {
        const top = best[c]!;
        const s = sims[e]!;
        if (s > top[0]!) [top[0], top[1]] = [s, top[0]!];
        else if (s > top[1]!) top[1] = s;
      });
      const ranked = categories
        .map((category, c) => ({
          category,
          score:
            tuning.nearest * best[c]![0]! +
            tuning.secondNearest * best[c]![1]! +
            tuning.centroid * central[c]!,
        }))
        .sort((a, b) => b.score - a.score || a.category.id.localeCompare(b.category.id));
      const first = ranked[0];
      const confidence = first?.score ?? 0;
      const confident = first !== undefined && confidence >= tuning.confident;
      const second = ranked[1];
      const recognised = !confident
        ? []
        : second && second.score >= confidence * tuning.secondShare
          ? [first, second]
          : [first];
      return { core, ranked, recognised, confidence, confident };
    },
  };
}
