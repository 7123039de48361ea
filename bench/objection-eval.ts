/**
 * The labelled objection phrasings (bench/objections/dev.tsv and test.tsv, split once; test2.tsv,
 * written later as a second held-out set) and the measures taken on them. Tune on "dev" only;
 * "test" and "test2" are for reporting.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Recognition } from "../src/knowledge/objections/classifier.js";

export interface LabelledPhrasing {
  /** A category id, or "none" for text that is not an objection. */
  label: string;
  text: string;
}

export type EvalSet = "dev" | "test" | "test2";
export const EVAL_SETS: readonly EvalSet[] = ["dev", "test", "test2"];

export function loadEvalSet(set: EvalSet): LabelledPhrasing[] {
  const raw = readFileSync(resolve(import.meta.dirname, "objections", `${set}.tsv`), "utf8");
  return raw
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [label = "", text = ""] = line.split("\t");
      return { label: label.trim(), text: text.trim() };
    });
}

export interface ClassifierScores {
  objections: number;
  /** Share of objections whose best category is right. */
  first: number;
  /** Share whose right category is among the best two. */
  top2: number;
  /** Share of objections answered with the clarifying choices instead of a category. */
  clarified: number;
  /** Share of confident answers that were wrong (the costly mistake). */
  confidentWrong: number;
  nonObjections: number;
  /** Share of non-objections that got the clarifying choices (should be 1). */
  nonObjectionsClarified: number;
  misses: { label: string; text: string; got: string[]; confidence: number }[];
}

export function scoreClassifier(
  rows: readonly LabelledPhrasing[],
  recognise: (text: string) => Pick<Recognition, "ranked" | "confident" | "confidence">,
): ClassifierScores {
  let first = 0;
  let top2 = 0;
  let clarified = 0;
  let confidentWrong = 0;
  let nonObjections = 0;
  let nonClarified = 0;
  const misses: ClassifierScores["misses"] = [];
  for (const row of rows) {
    const r = recognise(row.text);
    const ids = r.ranked.map((s) => s.category.id);
    if (row.label === "none") {
      nonObjections++;
      if (!r.confident) nonClarified++;
      else misses.push({ label: row.label, text: row.text, got: ids.slice(0, 2), confidence: r.confidence });
      continue;
    }
    if (ids[0] === row.label) first++;
    else misses.push({ label: row.label, text: row.text, got: ids.slice(0, 3), confidence: r.confidence });
    if (ids.slice(0, 2).includes(row.label)) top2++;
    if (!r.confident) clarified++;
    else if (ids[0] !== row.label) confidentWrong++;
  }
  const objections = rows.length - nonObjections;
  const share = (k: number, of: number) => (of === 0 ? 0 : Math.round((k / of) * 1000) / 1000);
  return {
    objections,
    first: share(first, objections),
    top2: share(top2, objections),
    clarified: share(clarified, objections),
    confidentWrong: share(confidentWrong, objections),
    nonObjections,
    nonObjectionsClarified: share(nonClarified, nonObjections),
    misses,
  };
}
