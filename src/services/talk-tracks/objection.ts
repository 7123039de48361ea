import type { Locale } from "../../i18n/index.js";
import { objectionMessages } from "../../i18n/objections.js";
import { talkTrackMessages } from "../../i18n/talk-tracks.js";
import { dataSection } from "../../llm/data-section.js";
import { Pseudonymiser } from "../../llm/pseudonymise.js";
import { composeRecognisedAnswer } from "../objections/compose-recognised.js";
import { recogniseObjection } from "../objections/recognise.js";
import { chosenRecognition, type ObjectionRecognition } from "../objections/recognition.js";
import { settledRun, type TalkTrackAnswer, type TalkTrackRun } from "./answer.js";
import { chooseDocuments, composeObjectionAnswer } from "./compose-objection.js";
import type { TalkTrackDeps } from "./deps.js";
import { writeWithLlm } from "./llm-writer.js";
import type { Passage } from "./passages.js";

/** How many passages to retrieve for an objection, and how many of them the LLM sees. */
const RETRIEVE_K = 10;
const LLM_PASSAGES = 6;

/** An answer (with what was recognised), or the categories to choose from when it is unclear. */
export type ObjectionOutcome =
  | { kind: "answer"; run: TalkTrackRun; recognition: ObjectionRecognition | null }
  | { kind: "clarify"; recognition: ObjectionRecognition };

/**
 * How to answer an objection ("客户说资费太贵要转网"): recognise which objection it is (the LLM
 * when configured, else the local classifier; `chosen` is a category the manager picked), then
 * answer it from that category's material at once and, with an LLM, in the LLM's words from the
 * same passages. An unclear objection gets choices instead of a guess. Without categories in the
 * knowledge base the answer is retrieval alone. Null when nothing matches.
 */
export async function answerObjection(
  deps: TalkTrackDeps,
  question: string,
  locale: Locale,
  options: { chosen?: string } = {},
): Promise<ObjectionOutcome | null> {
  const passages = await deps.retriever.search(question, { k: RETRIEVE_K });
  const material = (await deps.objections?.()) ?? null;
  if (!material || material.classifier.categories.length === 0) {
    if (passages.length === 0) return null;
    const composed = composeObjectionAnswer(question, passages, talkTrackMessages(locale));
    return {
      kind: "answer",
      run: withLlm(deps, question, locale, composed, ordered(passages)),
      recognition: null,
    };
  }
  const recognition =
    (options.chosen ? chosenRecognition(material.classifier, options.chosen) : null) ??
    (await recogniseObjection(deps, material, question));
  if (!recognition.confident) return { kind: "clarify", recognition };
  const { answer, passages: used } = composeRecognisedAnswer(question, recognition, material, passages, {
    m: talkTrackMessages(locale),
    om: objectionMessages(locale),
    locale,
  });
  const rest = passages.filter((p) => !used.some((u) => u.id === p.id));
  return { kind: "answer", run: withLlm(deps, question, locale, answer, [...used, ...rest]), recognition };
}

/** The chosen playbooks first, then the rest by rank: the LLM reads the strongest material first. */
function ordered(passages: readonly Passage[]): Passage[] {
  const chosen = chooseDocuments(passages).flatMap((g) => g.passages);
  return [...chosen, ...passages.filter((p) => !chosen.includes(p))];
}

function withLlm(
  deps: TalkTrackDeps,
  question: string,
  locale: Locale,
  composed: TalkTrackAnswer,
  passages: readonly Passage[],
): TalkTrackRun {
  if (!deps.llm.configured) return settledRun({ ...composed, fallbackReason: "not_configured" });
  return writeWithLlm(deps, {
    prompt: "objection",
    title: composed.title,
    locale,
    passages: passages.slice(0, LLM_PASSAGES),
    values: { question: dataSection("question", question) },
    pseudonymiser: new Pseudonymiser(),
    outputFilter: { probe: deps.customerIds },
    maxTokens: 600,
    composed,
  });
}
