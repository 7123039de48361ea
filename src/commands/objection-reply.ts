import type { Reply, ReplyBlock } from "../chat/reply.js";
import type { Locale } from "../i18n/index.js";
import { categoryLabel, objectionMessages } from "../i18n/objections.js";
import { talkTrackMessages } from "../i18n/talk-tracks.js";
import { type ObjectionRecognition, recognitionData } from "../services/objections/recognition.js";

/** Telegram keeps button actions under 64 bytes as they are; a shorter question travels better. */
const MAX_QUESTION_IN_ACTION = 40;

/** "识别为：真实异议 · 资费太贵" (or "按所选：…"), shown above the answer. */
export function recognisedBlocks(recognition: ObjectionRecognition, locale: Locale): ReplyBlock[] {
  const om = objectionMessages(locale);
  const [first, second] = recognition.recognised.map((r) => categoryLabel(r.category, locale));
  if (!first) return [];
  const text =
    recognition.source === "chosen"
      ? om.chosen(first)
      : `${om.recognisedAs(first, second)}${recognition.source === "llm" ? om.llmRecognised : ""}`;
  return [{ type: "text", text }];
}

/**
 * The best three categories as buttons, instead of a guess. The choices are one button card
 * (the reply type every adapter renders with buttons; there is no customer behind it, so its id
 * is empty); a press, or the typed command the console shows, answers as that category.
 */
export function clarifyReply(question: string, recognition: ObjectionRecognition, locale: Locale): Reply {
  const om = objectionMessages(locale);
  const shortQuestion = [...question].slice(0, MAX_QUESTION_IN_ACTION).join("");
  const labels = recognition.candidates.map((c) => categoryLabel(c.category, locale));
  return {
    blocks: [
      { type: "heading", text: talkTrackMessages(locale).objectionTitle(question) },
      { type: "text", text: om.clarify },
      {
        type: "customer",
        customerId: "",
        title: om.clarifyTitle,
        lines: labels.map((label, i) => `${i + 1}. ${label}`),
        actions: recognition.candidates.map((c, i) => ({
          label: labels[i]!,
          action: `/objection #${c.category.id} ${shortQuestion}`,
        })),
      },
    ],
    data: { question, clarify: true, recognition: recognitionData(recognition) },
  };
}
