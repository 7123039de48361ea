import type { App } from "@slack/bolt";
import { settleReply } from "../../chat/reply.js";
import { registerButtonPress } from "./button-press.js";
import { onlyForAsker, slackDeliveryId, slackMessage, stripBotMention, typedText } from "./conversation.js";
import type { ListenerDeps } from "./listener-deps.js";
import { postEphemeralReply, postReply, respondWithReply, uploadImages } from "./reply-sender.js";
import { postStreamingReply } from "./stream-reply.js";

/** The slash command users type: `/retain 今天谁有风险`. */
export const SLASH_COMMAND = "/retain";

/** Wires every Slack entry point to the command layer: slash command, mentions, DMs, buttons. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const { handle, logger, track, streaming } = deps;

  // Answered through response_url: it works in any conversation, even without the bot in it.
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    await track(
      (async () => {
        const message = slackMessage(
          command.user_id,
          command.channel_id,
          typedText(command.text),
          undefined,
          slackDeliveryId(command),
        );
        logger.debug({ handler: "slash-command", chatType: message.chatType }, "slack update");
        const reply = await handle(message);
        if (reply.blocks.length === 0) return;
        await respondWithReply(respond, reply, !reply.personal && reply.errorCode === undefined);
        // response_url carries no files: an export asked privately is uploaded into that chat.
        const files = reply.blocks.filter((b) => b.type === "file");
        if (files.length > 0 && message.chatType === "private")
          await uploadImages(client, { channel: command.channel_id }, { blocks: files });
      })(),
    );
  });

  // In channels the answer goes into the mention's thread, or privately when it is personal.
  app.event("app_mention", async ({ event, body, context, client }) => {
    if (!event.user || event.bot_id) return;
    const user = event.user;
    await track(
      (async () => {
        const text = typedText(stripBotMention(event.text, context.botUserId));
        const message = slackMessage(user, event.channel, text, undefined, slackDeliveryId(body));
        logger.debug({ handler: "app-mention", chatType: message.chatType }, "slack update");
        const reply = await handle(message, { stream: true });
        const place = { channel: event.channel, threadTs: event.thread_ts ?? event.ts };
        // Ephemeral messages cannot be edited: those wait for the finished reply.
        if (onlyForAsker(reply, message.chatType))
          await postEphemeralReply(client, place, user, await settleReply(reply));
        else if (reply.stream)
          await postStreamingReply(client, place, { ...reply, stream: reply.stream }, streaming);
        else await postReply(client, place, reply);
      })(),
    );
  });

  // Direct messages; a mention there arrives as a message too, so it is stripped as well.
  app.event("message", async ({ event, body, context, client }) => {
    if (event.channel_type !== "im" || event.subtype !== undefined) return;
    if (!event.user || event.bot_id || !event.text) return;
    const { user, text: raw, channel } = event;
    await track(
      (async () => {
        const text = typedText(stripBotMention(raw, context.botUserId));
        const message = slackMessage(user, channel, text, "im", slackDeliveryId(body));
        logger.debug({ handler: "direct-message" }, "slack update");
        const reply = await handle(message, { stream: true });
        const place = { channel, ...(event.thread_ts ? { threadTs: event.thread_ts } : {}) };
        if (reply.stream)
          await postStreamingReply(client, place, { ...reply, stream: reply.stream }, streaming);
        else await postReply(client, place, reply);
      })(),
    );
  });

  registerButtonPress(app, deps);
}
