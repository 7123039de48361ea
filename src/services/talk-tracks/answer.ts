import type { LlmFailureCode, TokenUsage } from "../../llm/llm-types.js";
import type { Citation } from "./passages.js";

/** One part of an answer ("开场白", "答法 1 …"); lines carry their [n] citation markers. */
export interface AnswerSection {
  title: string;
  lines: string[];
}

/** A finished talk track or objection answer, before any chat formatting. */
export interface TalkTrackAnswer {
  title: string;
  /** Composed answers are sections; an LLM answer is one untitled section of its paragraphs. */
  sections: AnswerSection[];
  citations: Citation[];
  composedBy: "llm" | "material";
  /** Why the LLM was not used or failed, when `composedBy` is "material". */
  fallbackReason?: LlmFailureCode | "prompt_missing";
  usage?: TokenUsage | null;
}

/**
 * A talk track being produced: `composed` is ready at once (and is the answer whenever the LLM is
 * missing or fails); `deltas` streams the LLM's text when one is writing; `answer` settles with
 * the final answer and never rejects.
 */
export interface TalkTrackRun {
  composed: TalkTrackAnswer;
  deltas: AsyncIterable<string> | null;
  answer: Promise<TalkTrackAnswer>;
}

/** A run that needs no LLM: the composed answer is final. */
export function settledRun(composed: TalkTrackAnswer): TalkTrackRun {
  return { composed, deltas: null, answer: Promise.resolve(composed) };
}
