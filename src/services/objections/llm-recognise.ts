/**
 * The LLM's view of which objection a text is, asked for as JSON and validated with zod. Used when
 * the local classifier is not sure; any failure (no LLM, timeout, invalid JSON, unknown ids) gives
 * null and the caller keeps the local judgement. The question is masked like every LLM request.
 */
import { z } from "zod";
import { dataSection } from "../../llm/data-section.js";
import type { LlmClient } from "../../llm/llm-types.js";
import { loadPrompt } from "../../llm/prompts.js";
import { Pseudonymiser } from "../../llm/pseudonymise.js";
import type { Logger } from "../../logger.js";
import { CHOICES, type ObjectionRecognition, type RecognisedCategory } from "./recognition.js";

/** The answer the prompt asks for. */
export const LlmObjectionAnswer = z.object({
  categories: z.array(z.object({ id: z.string().min(1), confidence: z.number().min(0).max(1) })).max(CHOICES),
});
export type LlmObjectionAnswer = z.infer<typeof LlmObjectionAnswer>;

/** The LLM must be at least this sure of a category for it to be answered. */
const LLM_CONFIDENT = 0.5;
/** Recognising is a short request: never wait longer than this for it. */
const DEADLINE_MS = 5000;
const EXAMPLES_PER_CATEGORY = 4;

export interface LlmRecogniseDeps {
  llm: LlmClient;
  promptsDir: string;
  logger: Logger;
}

export async function recogniseWithLlm(
  deps: LlmRecogniseDeps,
  local: ObjectionRecognition & { ranked: RecognisedCategory[] },
  text: string,
): Promise<ObjectionRecognition | null> {
  if (!deps.llm.configured) return null;
  const categories = local.ranked.map((r) => r.category);
  const listing = categories
    .map(
      (c) =>
        `${c.id} | ${c.kind} | ${c.zh} / ${c.en} | ${c.phrasings.slice(0, EXAMPLES_PER_CATEGORY).join("；")}`,
    )
    .join("\n");
  const system = await loadPrompt(deps.promptsDir, "classify-objection", {
    categories: dataSection("categories", listing),
  });
  if (!system.ok) {
    deps.logger.error(
      { error: system.error.message },
      "objection prompt unavailable; local recognition only",
    );
    return null;
  }
  const question = new Pseudonymiser().mask(text);
  const result = await deps.llm.complete(
    [
      { role: "system", content: system.value },
      { role: "user", content: dataSection("question", question) },
    ],
    { maxTokens: 120, purpose: "classify-objection", temperature: 0, deadlineMs: DEADLINE_MS },
  );
  if (!result.ok) return null;
  const parsed = parseAnswer(result.value.text);
  if (!parsed) {
    deps.logger.warn(
      { answer: result.value.text.slice(0, 200) },
      "llm objection answer invalid; local recognition kept",
    );
    return null;
  }
  const byId = new Map(categories.map((c) => [c.id, c]));
  const chosen = parsed.categories.flatMap((e) => {
    const category = byId.get(e.id);
    return category ? [{ category, score: e.confidence }] : [];
  });
  if (chosen.length < parsed.categories.length)
    deps.logger.warn({ ids: parsed.categories.map((e) => e.id) }, "llm named unknown objection categories");
  const recognised = chosen.filter((c) => c.score >= LLM_CONFIDENT).slice(0, 2);
  // The LLM's ranking first, then the local one, so the choices still offer three.
  const candidates = [
    ...chosen,
    ...local.ranked.filter((r) => !chosen.some((c) => c.category.id === r.category.id)),
  ];
  return {
    source: "llm",
    recognised,
    candidates: candidates.slice(0, CHOICES),
    confidence: chosen[0]?.score ?? 0,
    confident: recognised.length > 0,
  };
}

/** The JSON object in the answer (models like to wrap it in a code fence), validated. */
export function parseAnswer(text: string): LlmObjectionAnswer | null {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return null;
  try {
    const parsed = LlmObjectionAnswer.safeParse(JSON.parse(text.slice(start, end + 1)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
