import type { App } from "../app.js";
import type { Reply, ReplyBlock } from "../chat/reply.js";
import type { Locale } from "../i18n/catalogue.js";
import type { TalkTrackMessages } from "../i18n/talk-tracks.js";
import type { TalkTrackAnswer, TalkTrackRun } from "../services/talk-tracks/answer.js";
import type { TalkTrackDeps } from "../services/talk-tracks/deps.js";
import { citationLabel } from "../services/talk-tracks/passages.js";
import { existingCustomerIds } from "../store/customer-ids.js";
import { feedbackButtons } from "./feedback.js";

/** The talk-track services' dependencies, from the App. */
export function talkTrackDeps(app: App): TalkTrackDeps {
  return {
    retriever: app.knowledge,
    llm: app.llm,
    promptsDir: app.config.PROMPTS_DIR,
    logger: app.logger,
    sendPersonalData: app.config.LLM_SEND_PERSONAL_DATA,
    objections: () => app.knowledge.objections(),
    customerIds: (candidates) => existingCustomerIds(app.store.db, candidates),
  };
}

/** A finished talk track as reply blocks: the answer, its numbered sources, how it was made. */
export function talkTrackReply(
  answer: TalkTrackAnswer,
  m: TalkTrackMessages,
  extra: {
    before?: ReplyBlock[];
    data?: Record<string, unknown>;
    personal?: boolean;
    /** Adds the 👍 / 👎 buttons, in this language. */
    feedback?: Locale;
  } = {},
): Reply {
  const blocks: ReplyBlock[] = [{ type: "heading", text: answer.title }, ...(extra.before ?? [])];
  for (const section of answer.sections) {
    if (section.title) {
      blocks.push({ type: "text", text: section.title }, { type: "list", items: section.lines });
    } else {
      blocks.push({ type: "text", text: section.lines.join("\n") });
    }
  }
  if (answer.citations.length > 0) {
    blocks.push(
      { type: "text", text: m.sources },
      { type: "list", items: answer.citations.map((c) => `[${c.n}] ${citationLabel(c)}`) },
    );
  }
  if (answer.composedBy === "material") {
    const reason = answer.fallbackReason === "not_configured" ? "not_configured" : "failed";
    blocks.push({ type: "notice", text: m.composedWithoutLlm(reason) });
  }
  const passageIds = answer.citations.map((c) => c.passageId);
  if (extra.feedback) blocks.push(feedbackButtons(answer.title, passageIds, extra.feedback));
  return {
    blocks,
    personal: extra.personal,
    data: {
      ...extra.data,
      composedBy: answer.composedBy,
      fallbackReason: answer.fallbackReason ?? null,
      sections: answer.sections,
      citations: answer.citations,
      usage: answer.usage ?? null,
    },
  };
}

/**
 * A talk-track run as a reply: finished at once when no LLM is writing, otherwise a streaming
 * reply whose final form is the LLM's answer, or the composed one if the LLM failed.
 */
export function talkTrackRunReply(
  run: TalkTrackRun,
  m: TalkTrackMessages,
  extra: Parameters<typeof talkTrackReply>[2] = {},
): Reply {
  if (!run.deltas) return talkTrackReply(run.composed, m, extra);
  const final = run.answer.then(
    (answer) => talkTrackReply(answer, m, extra),
    () => talkTrackReply({ ...run.composed, fallbackReason: "other" }, m, extra),
  );
  return {
    blocks: [
      { type: "heading", text: run.composed.title },
      { type: "notice", text: m.writing },
    ],
    personal: extra.personal,
    stream: { deltas: run.deltas, final },
  };
}
