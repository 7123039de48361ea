/**
 * Which objection a manager's text is: the local classifier's judgement, the LLM's (when one is
 * configured, see llm-recognise.ts), or the category the manager picked from the choices.
 */
import type { ObjectionClassifier } from "../../knowledge/objections/classifier.js";
import type { ObjectionCategory, Passage } from "../../knowledge/types.js";

/** The knowledge an objection answer is built from. */
export interface ObjectionMaterial {
  classifier: ObjectionClassifier;
  /** A passage by id (`<doc>#<anchor>`). */
  get(id: string): Passage | undefined;
}

export interface RecognisedCategory {
  category: ObjectionCategory;
  score: number;
}

export interface ObjectionRecognition {
  source: "local" | "llm" | "chosen";
  /** One or two categories when confident, none otherwise. */
  recognised: RecognisedCategory[];
  /** The best three, offered as choices when not confident. */
  candidates: RecognisedCategory[];
  confidence: number;
  confident: boolean;
}

/** How many categories are offered when the objection is unclear. */
export const CHOICES = 3;

export function recogniseLocally(classifier: ObjectionClassifier, text: string): ObjectionRecognition {
  const r = classifier.recognise(text);
  return {
    source: "local",
    recognised: r.recognised,
    candidates: r.ranked.slice(0, CHOICES),
    confidence: r.confidence,
    confident: r.confident,
  };
}

/** The category the manager chose (a button or `/objection #<id> …`); null for an unknown id. */
export function chosenRecognition(classifier: ObjectionClassifier, id: string): ObjectionRecognition | null {
  const category = classifier.categories.find((c) => c.id === id);
  if (!category) return null;
  const chosen = { category, score: 1 };
  return { source: "chosen", recognised: [chosen], candidates: [chosen], confidence: 1, confident: true };
}

/** The recognition as `ask --json` and the logs show it: stable ids and kinds (outcomes store them). */
export function recognitionData(r: ObjectionRecognition) {
  const entry = ({ category, score }: RecognisedCategory) => ({
    id: category.id,
    kind: category.kind,
    name: category.zh,
    score: Math.round(score * 1000) / 1000,
  });
  return {
    source: r.source,
    confident: r.confident,
    confidence: Math.round(r.confidence * 1000) / 1000,
    categories: r.recognised.map(entry),
    candidates: r.candidates.map(entry),
  };
}
