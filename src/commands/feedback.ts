/**
 * `/feedback <answer id> up|down <passage ids>`: what the 👍 / 👎 buttons under a talk track or an
 * objection answer send. One rating per user and answer (a second press replaces the first).
 */
import { createHash } from "node:crypto";
import { type Reply, type ReplyBlock, textReply } from "../chat/reply.js";
import type { Locale } from "../i18n/catalogue.js";
import { feedbackMessages } from "../i18n/feedback.js";
import { saveAnswerFeedback } from "../store/answer-feedback.js";
import type { CommandDefinition } from "./command.js";
import { feedbackSpec } from "./specs.js";

/** Passage ids as the knowledge base makes them (`<doc>#<anchor>`); anything else is refused. */
const PASSAGE_ID = /^[\w.-]+(#[\w.\-\u4e00-\u9fff]+)?$/u;
const MAX_PASSAGES = 12;

/** The same answer (title and cited passages) gets the same id, whoever asked. */
export function answerIdOf(title: string, passageIds: readonly string[]): string {
  return createHash("sha256")
    .update(`${title}\u0000${passageIds.join(",")}`)
    .digest("base64url")
    .slice(0, 12);
}

/** The 👍 / 👎 buttons under an answer (a button card with no customer behind it). */
export function feedbackButtons(title: string, passageIds: readonly string[], locale: Locale): ReplyBlock {
  const m = feedbackMessages(locale);
  const id = answerIdOf(title, passageIds);
  const passages = passageIds.join(",") || "-";
  return {
    type: "customer",
    customerId: "",
    title: m.prompt,
    lines: [],
    actions: [
      { label: m.up, action: `/feedback ${id} up ${passages}` },
      { label: m.down, action: `/feedback ${id} down ${passages}` },
    ],
  };
}

export const feedbackCommand: CommandDefinition = {
  ...feedbackSpec,
  async run(ctx, args): Promise<Reply> {
    const m = feedbackMessages(ctx.locale);
    const [answerId = "", rating = "", list = ""] = args.trim().split(/\s+/);
    const passages = list === "-" ? [] : list.split(",").filter(Boolean);
    if (
      !/^[\w-]{12}$/.test(answerId) ||
      (rating !== "up" && rating !== "down") ||
      passages.length > MAX_PASSAGES ||
      !passages.every((p) => PASSAGE_ID.test(p))
    )
      return textReply(m.usage, { errorCode: "usage" });
    await saveAnswerFeedback(ctx.app.store.db, {
      answerId,
      managerId: ctx.requester.managerId,
      rating,
      passages,
      at: ctx.app.clock.now(),
    });
    return textReply(m.saved(rating === "up"), { data: { answerId, rating, passages } });
  },
};
