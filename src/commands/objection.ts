import { type Reply, textReply } from "../chat/reply.js";
import { talkTrackMessages } from "../i18n/talk-tracks.js";
import { recognitionData } from "../services/objections/recognition.js";
import { answerObjection } from "../services/talk-tracks/objection.js";
import type { CommandDefinition } from "./command.js";
import { clarifyReply, recognisedBlocks } from "./objection-reply.js";
import { objectionSpec } from "./specs.js";
import { talkTrackDeps, talkTrackRunReply } from "./talk-track-reply.js";

/** `/objection #<category id> <text>`: a category the manager picked from the choices. */
const CHOSEN = /^#([a-z0-9][a-z0-9-]*)\s*/;

/** The objection itself, without the wrapping question ("怎么回", "how do I answer"). */
export function objectionText(args: string): string {
  return args
    .replace(
      /[，,]?\s*(?:我|我们)?(?:该|应该|要)?(?:怎么|如何|咋)(?:回(?!事)|应对|回应|回答|答复|接话|处理|劝)\S*?[？?。.!！]*$/u,
      "",
    )
    .replace(/^(?:怎么|如何)(?:回应|回答|应对|答复)[：:，,\s]*/u, "")
    .replace(
      /^(?:how (?:do|should|can|would) (?:i|we) (?:answer|respond to|reply to|handle|deal with)|what (?:do|should|can) (?:i|we) say (?:when|if))\s*[:,]?\s*/i,
      "",
    )
    .replace(/[?？]+$/u, "")
    .trim();
}

/** `/objection <text>`: the best one to three answers to a customer's objection, with sources. */
export const objectionCommand: CommandDefinition = {
  ...objectionSpec,
  async run(ctx, args): Promise<Reply> {
    const m = talkTrackMessages(ctx.locale);
    const chosen = CHOSEN.exec(args.trim());
    const rest = chosen ? args.trim().slice(chosen[0].length) : args;
    const question = objectionText(rest) || rest.trim();
    if (question === "") return textReply(m.objectionUsage, { errorCode: "usage" });
    const outcome = await answerObjection(talkTrackDeps(ctx.app), question, ctx.locale, {
      chosen: chosen?.[1],
    });
    if (!outcome) return textReply(m.noMaterial, { errorCode: "no_material", data: { question } });
    if (outcome.kind === "clarify") return clarifyReply(question, outcome.recognition, ctx.locale);
    const recognition = outcome.recognition ? recognitionData(outcome.recognition) : null;
    return talkTrackRunReply(outcome.run, m, {
      feedback: ctx.locale,
      before: outcome.recognition ? recognisedBlocks(outcome.recognition, ctx.locale) : [],
      data: { question, recognition },
    });
  },
};
