/**
 * Recognises which objection a text is. Features: character n-grams, jieba words (domain
 * dictionary) and English words, as TF-IDF vectors (features.ts, vectors.ts). Two scorers over
 * the categories' phrasings: similarity to the nearest phrasings and centroid (nearest.ts), and a
 * multinomial logistic regression trained on the phrasings (softmax.ts). The method and its
 * constants were chosen by cross-validation over the phrasings and on the development set (see
 * docs/decisions/011-objection-classifier.md and `npm run bench -- objections-cv`).
 */
import type { Segmenter } from "../segment.js";
import type { ObjectionCategory } from "../types.js";
import { FEATURE_WEIGHTS, type FeatureWeights, features as featuresOf, objectionCore } from "./features.js";
import { createNearestScorer, type NearestWeights } from "./nearest.js";
import { type SoftmaxOptions, trainSoftmax } from "./softmax.js";
import { createVectoriser } from "./vectors.js";

/** One recognised category with its score (0–1). */
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
  /** The best score; below the thresholds the answer asks which objection was meant. */
  confidence: number;
  /** Cosine similarity to the nearest example (a phrasing or a not-objection). */
  similarity: number;
  confident: boolean;
}

export interface ObjectionClassifier {
  readonly categories: readonly ObjectionCategory[];
  recognise(text: string): Recognition;
}

export interface ClassifierTuning extends NearestWeights {
  /** nearest: similarity only; linear: the trained model only; combined: a blend of both. */
  method: "nearest" | "linear" | "combined";
  /** Share of the model's probability in the combined score (the rest is the similarity score). */
  linearShare: number;
  softmax: SoftmaxOptions;
  /** Score of the best category from which it is taken as recognised. */
  confident: number;
  /** …and the similarity to the nearest phrasing of any category (text unlike every objection is not one). */
  minSimilarity: number;
  /** A second category is recognised too when it scores at least this share of the first. */
  secondShare: number;
  /** Weight of a sentence of the category's own material as a training example of the model (a phrasing weighs 1). */
  materialWeight: number;
  features: Readonly<FeatureWeights>;
}

/** Chosen by cross-validation over the phrasings and on the development set only. */
export const CLASSIFIER_TUNING: ClassifierTuning = {
  method: "combined",
  linearShare: 0.5,
  softmax: { l2: 1e-4, iterations: 40, learningRate: 0.2 },
  confident: 0.16,
  minSimilarity: 0,
  secondShare: 0.85,
  nearest: 0.4,
  secondNearest: 0.2,
  centroid: 0.4,
  materialWeight: 0,
  features: FEATURE_WEIGHTS,
};

export interface ClassifierInput {
  tuning?: ClassifierTuning;
  /** Texts that are not objections: the model learns them as one more class, never shown. */
  notObjections?: readonly string[];
  /** Per category, sentences of its own material (used when tuning.materialWeight > 0). */
  material?: readonly (readonly string[])[];
}

/** Builds the classifier from the categories' phrasings (trained on first use of the knowledge index). */
export function createObjectionClassifier(
  categories: readonly ObjectionCategory[],
  segmenter: Segmenter,
  input: ClassifierInput = {},
): ObjectionClassifier {
  const { tuning = CLASSIFIER_TUNING, notObjections = [], material = [] } = input;
  const features = (text: string) => featuresOf(objectionCore(text), segmenter, tuning.features);
  const bags = categories.flatMap((category, c) => category.phrasings.map((p) => ({ c, bag: features(p) })));
  const materialBags =
    tuning.materialWeight > 0
      ? categories.flatMap((_, c) => (material[c] ?? []).map((s) => ({ c, bag: features(s) })))
      : [];
  // Not-objections are the last class of the model; only categories are ranked.
  const noneClass = categories.length;
  const negativeBags = notObjections.map((t) => ({ c: noneClass, bag: features(t) }));
  const vectoriser = createVectoriser([...bags, ...materialBags, ...negativeBags].map((b) => b.bag));
  const examples = [...bags, ...negativeBags].map(({ c, bag }) => ({ c, v: vectoriser.vector(bag) }));
  const classes = categories.length + (negativeBags.length > 0 ? 1 : 0);
  const nearest = createNearestScorer(examples, classes, tuning);
  const training = [
    ...examples,
    ...materialBags.map(({ c, bag }) => ({ c, v: vectoriser.vector(bag), weight: tuning.materialWeight })),
  ];
  // One category leaves the model nothing to tell apart: similarity alone decides.
  const useModel = tuning.method !== "nearest" && categories.length >= 2;
  const model = useModel ? trainSoftmax(training, classes, vectoriser.size, tuning.softmax) : null;
  const share = !useModel ? 0 : tuning.method === "linear" ? 1 : tuning.linearShare;
  // The model's probability above chance, so a text it knows nothing about scores 0.
  const chance = 1 / classes;
  const aboveChance = (p: number) => Math.max(0, (p - chance) / (1 - chance));

  return {
    categories,
    recognise(text) {
      const core = objectionCore(text);
      const query = vectoriser.vector(featuresOf(core, segmenter, tuning.features));
      const { scores, bestSimilarity } = nearest.score(query);
      const probabilities = model?.probabilities(query);
      const scoreOf = (c: number) => share * aboveChance(probabilities?.[c] ?? 0) + (1 - share) * scores[c]!;
      const ranked = categories
        .map((category, c) => ({ category, score: scoreOf(c) }))
        .sort((a, b) => b.score - a.score || a.category.id.localeCompare(b.category.id));
      const first = ranked[0];
      const confidence = first?.score ?? 0;
      // Not an objection when a not-objection scores higher than every category.
      const notObjection = classes > categories.length ? scoreOf(noneClass) : 0;
      const confident =
        first !== undefined &&
        confidence >= tuning.confident &&
        confidence > notObjection &&
        bestSimilarity >= tuning.minSimilarity;
      const second = ranked[1];
      const recognised = !confident
        ? []
        : second && second.score >= confidence * tuning.secondShare
          ? [first, second]
          : [first];
      return { core, ranked, recognised, confidence, similarity: bestSimilarity, confident };
    },
  };
}
