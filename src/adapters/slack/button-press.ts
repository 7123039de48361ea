import type { App, BlockAction, ButtonAction, types } from "@slack/bolt";
import type { Reply } from "../../chat/reply.js";
import { onlyForAsker, slackDeliveryId, slackMessage } from "./conversation.js";
import type { ListenerDeps } from "./listener-deps.js";
import { boldMrkdwn, escapeMrkdwn } from "./mrkdwn.js";
import { ACTION_ID_PREFIX, replaceActionsWithOutcome } from "./render-blocks.js";
import { postReply, respondWithReply } from "./reply-sender.js";

/**
 * A button press: its value is a command string, sent through the handler as the presser so it
 * is authorised like a typed command. On success the pressed row of buttons is replaced by the
 * outcome; a refusal goes to the presser alone and leaves the message as it was.
 */
export function registerButtonPress(app: App, { handle, logger, track }: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    { type: "block_actions", action_id: new RegExp(`^${ACTION_ID_PREFIX}:`) },
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const channel = body.channel?.id ?? (body.container.channel_id as string | undefined);
      if (!action.value || !channel) return;
      const command = action.value;
      await track(
        (async () => {
          const message = slackMessage(body.user.id, channel, command, undefined, slackDeliveryId(body));
          logger.debug({ handler: "button-press", chatType: message.chatType }, "slack update");
          const reply = await handle(message);
          if (reply.blocks.length === 0) return;
          if (reply.errorCode !== undefined) {
            await respondWithReply(respond, reply, false);
            return;
          }
          const ephemeralOriginal = body.container.is_ephemeral === true;
          const seenByChannel = message.chatType === "group" && !ephemeralOriginal;
          const outcome = outcomeLine(
            reply,
            action.text.text,
            body.user.id,
            seenByChannel && reply.personal === true,
          );
          const original = body.message;
          const blocks = original?.blocks as types.KnownBlock[] | undefined;
          if (original && blocks) {
            const updated = replaceActionsWithOutcome(blocks, action.block_id, outcome);
            const text = original.text ?? "";
            if (ephemeralOriginal) await respond({ replace_original: true, text, blocks: updated });
            else await client.chat.update({ channel, ts: original.ts, text, blocks: updated });
          } else {
            // An ephemeral message Slack did not send back: say what happened beside it.
            await respond({ response_type: "ephemeral", replace_original: false, text: outcome });
          }
          if (isOneLine(reply)) return;
          // A longer answer (a talk track, say) is shown in full, privately when it must be.
          if (ephemeralOriginal || onlyForAsker(reply, message.chatType))
            await respondWithReply(respond, reply, false);
          else await postReply(client, { channel, threadTs: original?.thread_ts ?? original?.ts }, reply);
        })(),
      );
    },
  );
}

/** A reply that fits on the outcome line itself ("已记录：已联系"). */
function isOneLine(reply: Reply): boolean {
  const [only, ...rest] = reply.blocks;
  return rest.length === 0 && (only?.type === "text" || only?.type === "notice") && !only.text.includes("\n");
}

/** "✅ *已联系* · @presser — 已记录…", without the reply's text when the channel must not see it. */
function outcomeLine(reply: Reply, label: string, userId: string, hideText: boolean): string {
  const head = `✅ ${boldMrkdwn(label)} · <@${userId}>`;
  const [only] = reply.blocks;
  if (hideText || !isOneLine(reply) || !only || !("text" in only)) return head;
  return `${head} — ${escapeMrkdwn(only.text)}`;
}
