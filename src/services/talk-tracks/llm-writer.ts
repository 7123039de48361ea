/**
 * Has the LLM write a talk track from retrieved passages: builds the prompt from prompts/*.md with
 * every untrusted text in a data section, pseudonymises it, streams the answer with pseudonyms
 * restored, and falls back to the composed answer on any failure.
 */

import { transformTextStream } from "../../domain/mask-stream.js";
import type { Locale } from "../../i18n/index.js";
import { clip, dataSection } from "../../llm/data-section.js";
import { createDeltaChannel } from "../../llm/delta-channel.js";
import type { ChatMessage, LlmClient } from "../../llm/llm-types.js";
import { filterModelText, type OutputFilterOptions } from "../../llm/output-filter.js";
import { loadPrompt } from "../../llm/prompts.js";
import type { Pseudonymiser } from "../../llm/pseudonymise.js";
import { restoreDeltas } from "../../llm/restore-stream.js";
import type { Logger } from "../../logger.js";
import type { TalkTrackAnswer, TalkTrackRun } from "./answer.js";
import type { Citation, Passage } from "./passages.js";

/** At most this much material per request (characters; ~0.7 token each in Chinese). */
export const MATERIAL_BUDGET_CHARS = 4500;
export const PASSAGE_MAX_CHARS = 900;

export interface LlmWriterDeps {
  llm: LlmClient;
  promptsDir: string;
  logger: Logger;
}

export interface LlmWriteRequest {
  prompt: "objection" | "track";
  title: string;
  locale: Locale;
  /** Passages in the order they will be numbered [1], [2] … */
  passages: Passage[];
  /** Prompt slots other than material and language, each already a data section. */
  values: Record<string, string>;
  pseudonymiser: Pseudonymiser;
  /** How the model's text is filtered (other customers' ids hidden, the subject's kept). */
  outputFilter?: OutputFilterOptions;
  maxTokens: number;
  /** Returned when the LLM is unavailable or fails. */
  composed: TalkTrackAnswer;
}

const LANGUAGE: Record<Locale, string> = { zh: "简体中文", en: "English" };

/** The passages that fit the material budget, in order. */
export function withinBudget(passages: readonly Passage[], budget = MATERIAL_BUDGET_CHARS): Passage[] {
  const out: Passage[] = [];
  let used = 0;
  for (const p of passages) {
    const size = Math.min(p.text.length, PASSAGE_MAX_CHARS);
    if (used + size > budget) continue;
    out.push(p);
    used += size;
  }
  return out;
}

/** Numbered material sections: `<<<DATA material n="1" source="…" heading="…">>> … <<<END DATA>>>`. */
export function materialSections(passages: readonly Passage[]): string {
  return passages
    .map((p, i) =>
      dataSection("material", clip(p.text, PASSAGE_MAX_CHARS), {
        n: String(i + 1),
        source: p.sourceFile,
        heading: p.heading,
      }),
    )
    .join("\n\n");
}

/** The system and user messages for a request, masked; null with a reason when a prompt is missing. */
export async function buildMessages(
  deps: Pick<LlmWriterDeps, "promptsDir">,
  request: Omit<LlmWriteRequest, "composed" | "maxTokens" | "title">,
): Promise<{ messages: ChatMessage[]; passages: Passage[] } | { error: string }> {
  const language = LANGUAGE[request.locale];
  const passages = withinBudget(request.passages);
  const system = await loadPrompt(deps.promptsDir, "system", { language });
  const user = await loadPrompt(deps.promptsDir, request.prompt, {
    ...request.values,
    material: materialSections(passages),
    language,
  });
  if (!system.ok) return { error: system.error.message };
  if (!user.ok) return { error: user.error.message };
  const mask = (t: string) => request.pseudonymiser.mask(t);
  return {
    passages,
    messages: [
      { role: "system", content: system.value },
      { role: "user", content: mask(user.value) },
    ],
  };
}

/** Starts the LLM on a request; the run's answer is the LLM's when it succeeds, else `composed`. */
export function writeWithLlm(deps: LlmWriterDeps, request: LlmWriteRequest): TalkTrackRun {
  if (!deps.llm.configured)
    return {
      composed: request.composed,
      deltas: null,
      answer: Promise.resolve({ ...request.composed, fallbackReason: "not_configured" }),
    };
  const channel = createDeltaChannel();
  const answer = (async (): Promise<TalkTrackAnswer> => {
    try {
      const built = await buildMessages(deps, request);
      if ("error" in built) {
        deps.logger.error({ error: built.error }, "prompt unavailable; answering from the material");
        return { ...request.composed, fallbackReason: "prompt_missing" };
      }
      const stream = deps.llm.stream(built.messages, {
        maxTokens: request.maxTokens,
        purpose: request.prompt,
      });
      // Names come back; numbers, markup, control characters and other customers' ids do not.
      const filter = (text: string) => filterModelText(text, request.outputFilter);
      const restored = restoreDeltas(stream.deltas, request.pseudonymiser);
      for await (const delta of transformTextStream(restored, filter)) channel.push(delta);
      const result = await stream.result;
      if (!result.ok) return { ...request.composed, fallbackReason: result.error.code };
      const text = await filter(request.pseudonymiser.restore(result.value.text));
      return llmAnswer(request.title, text, built.passages, result.value.usage);
    } finally {
      channel.close();
    }
  })();
  return { composed: request.composed, deltas: channel.iterable, answer };
}

/**
 * The LLM's text as an answer: citation markers beyond the material sent are dropped (a model
 * may invent [7] when it saw five passages), and the sources list holds what it cited.
 */
export function llmAnswer(
  title: string,
  text: string,
  passages: readonly Passage[],
  usage: TalkTrackAnswer["usage"],
): TalkTrackAnswer {
  const cited = new Set<number>();
  const cleaned = text.replace(/\[(\d{1,2})\]/g, (marker, digits: string) => {
    const n = Number(digits);
    if (n >= 1 && n <= passages.length) {
      cited.add(n);
      return marker;
    }
    return "";
  });
  const numbers = cited.size > 0 ? [...cited].sort((a, b) => a - b) : passages.map((_, i) => i + 1);
  const citations: Citation[] = numbers.map((n) => {
    const p = passages[n - 1]!;
    return { n, passageId: p.id, sourceFile: p.sourceFile, heading: p.heading };
  });
  const lines = cleaned
    .split(/\n+/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "");
  return { title, sections: [{ title: "", lines }], citations, composedBy: "llm", usage };
}
