/**
 * `npm run bench -- objections-cv`: compares classifier methods by stratified k-fold
 * cross-validation over the knowledge files' phrasings (train on k−1 folds of each category's
 * phrasings, recognise the held-out ones), and on the development set (bench/objections/dev.tsv,
 * trained on all phrasings; its non-objections measure the "not sure" threshold). Never reads the
 * test sets. The table goes into docs/decisions/011-objection-classifier.md.
 */
import { resolve } from "node:path";
import { createKnowledgeIndex, type KnowledgeIndex } from "../src/knowledge/index.js";
import {
  CLASSIFIER_TUNING,
  type ClassifierTuning,
  createObjectionClassifier,
} from "../src/knowledge/objections/classifier.js";
import { FEATURE_WEIGHTS } from "../src/knowledge/objections/features.js";
import { getSegmenter } from "../src/knowledge/segment.js";
import type { ObjectionCategory } from "../src/knowledge/types.js";
import { loadEvalSet, scoreClassifier } from "./objection-eval.js";

const FOLDS = 10;

/** The candidates measured; the shipped tuning is CLASSIFIER_TUNING. */
export const CANDIDATES: [name: string, tuning: ClassifierTuning][] = [
  [
    "nearest phrasings (round 1: 0.4 nearest + 0.2 second + 0.4 centroid, unigrams 0.4, sure ≥ 0.1)",
    { ...CLASSIFIER_TUNING, method: "nearest", confident: 0.1, features: { ...FEATURE_WEIGHTS, char1: 0.4 } },
  ],
  ["nearest phrasings, unigrams 1.2", { ...CLASSIFIER_TUNING, method: "nearest", confident: 0.1 }],
  [
    "softmax regression only, unigrams 0.4",
    { ...CLASSIFIER_TUNING, method: "linear", features: { ...FEATURE_WEIGHTS, char1: 0.4 } },
  ],
  ["softmax regression only, unigrams 1.2", { ...CLASSIFIER_TUNING, method: "linear" }],
  ["combined 0.5/0.5 (shipped)", CLASSIFIER_TUNING],
  ["combined, + own material sentences (weight 0.3)", { ...CLASSIFIER_TUNING, materialWeight: 0.3 }],
];

/** Deterministic fold of each phrasing: its position in the category after a seeded shuffle. */
function foldsOf(count: number, seed: number): number[] {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const fold = new Array<number>(count);
  order.forEach((position, rank) => {
    fold[position] = rank % FOLDS;
  });
  return fold;
}

export function crossValidate(
  categories: readonly ObjectionCategory[],
  tuning: ClassifierTuning,
  material: readonly (readonly string[])[] = [],
  notObjections: readonly string[] = [],
) {
  const segmenter = getSegmenter();
  const folds = categories.map((c, i) => foldsOf(c.phrasings.length, 20261202 + i));
  let first = 0;
  let top2 = 0;
  let clarified = 0;
  let total = 0;
  for (let k = 0; k < FOLDS; k++) {
    const train = categories.map((c, i) => ({
      ...c,
      phrasings: c.phrasings.filter((_, j) => folds[i]![j] !== k),
    }));
    const classifier = createObjectionClassifier(train, segmenter, { tuning, material, notObjections });
    categories.forEach((c, i) => {
      c.phrasings.forEach((text, j) => {
        if (folds[i]![j] !== k) return;
        const r = classifier.recognise(text);
        const ids = r.ranked.map((s) => s.category.id);
        total++;
        if (ids[0] === c.id) first++;
        if (ids.slice(0, 2).includes(c.id)) top2++;
        if (!r.confident) clarified++;
      });
    });
  }
  const share = (k: number) => Math.round((k / total) * 1000) / 1000;
  return { phrasings: total, first: share(first), top2: share(top2), clarified: share(clarified) };
}

export async function benchObjectionsCv(candidates = CANDIDATES) {
  const built = await createKnowledgeIndex({ knowledgeDir: resolve("knowledge") });
  if (!built.ok) throw new Error(built.error.message);
  const categories = built.value.categories();
  const material = categoryMaterial(built.value, categories);
  const notObjections = built.value.notObjections();
  const dev = loadEvalSet("dev");
  console.log(
    `${FOLDS}-fold CV over ${categories.reduce((n, c) => n + c.phrasings.length, 0)} phrasings; dev set`,
  );
  console.log(
    "| method | CV first | CV top-2 | CV unsure | dev first | dev top-2 | dev unsure | dev non-objections unsure | build ms |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [name, tuning] of candidates) {
    const cv = crossValidate(categories, tuning, material, notObjections);
    const started = performance.now();
    const classifier = createObjectionClassifier(categories, getSegmenter(), {
      tuning,
      material,
      notObjections,
    });
    const buildMs = Math.round(performance.now() - started);
    const d = scoreClassifier(dev, (t) => classifier.recognise(t));
    console.log(
      `| ${name} | ${cv.first} | ${cv.top2} | ${cv.clarified} | ${d.first} | ${d.top2} | ${d.clarified} | ${d.nonObjectionsClarified} | ${buildMs} |`,
    );
  }
}

/** The sentences of each category's own document. */
export function categoryMaterial(
  index: KnowledgeIndex,
  categories: readonly ObjectionCategory[],
): string[][] {
  const passages = index.passages();
  return categories.map((c) =>
    passages
      .filter((p) => p.id.split("#")[0] === c.docId)
      .flatMap((p) => p.text.split(/[\n。！？；]+/u))
      .map((s) => s.replace(/^[-*\d.\s]+/u, "").trim())
      .filter((s) => s.length >= 4),
  );
}
