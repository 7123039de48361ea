import type { Locale } from "../../i18n/index.js";
import { talkTrackMessages } from "../../i18n/talk-tracks.js";
import { dataSection } from "../../llm/data-section.js";
import { Pseudonymiser } from "../../llm/pseudonymise.js";
import { settledRun, type TalkTrackRun } from "./answer.js";
import { chooseDocuments, composeObjectionAnswer } from "./compose-objection.js";
import type { TalkTrackDeps } from "./deps.js";
import { writeWithLlm } from "./llm-writer.js";

/** How many passages to retrieve for an objection, and how many of them the LLM sees. */
const RETRIEVE_K = 10;
const LLM_PASSAGES = 6;

/**
 * How to answer an objection ("客户说资费太贵要转网"): retrieval, then the composed answer at once
 * and, with an LLM, its answer written from the same passages. Null when nothing matches.
 */
export async function answerObjection(
  deps: TalkTrackDeps,
  question: string,
  locale: Locale,
): Promise<TalkTrackRun | null> {
  const passages = await deps.retriever.search(question, { k: RETRIEVE_K });
  if (passages.length === 0) return null;
  const composed = composeObjectionAnswer(question, passages, talkTrackMessages(locale));
  if (!deps.llm.configured) return settledRun({ ...composed, fallbackReason: "not_configured" });
  // The chosen playbooks first, then the rest by rank: the LLM reads the strongest material first.
  const chosen = chooseDocuments(passages).flatMap((g) => g.passages);
  const ordered = [...chosen, ...passages.filter((p) => !chosen.includes(p))].slice(0, LLM_PASSAGES);
  return writeWithLlm(deps, {
    prompt: "objection",
    title: composed.title,
    locale,
    passages: ordered,
    values: { question: dataSection("question", question) },
    pseudonymiser: new Pseudonymiser(),
    maxTokens: 600,
    composed,
  });
}
