import type { IncomingMessage } from "../../chat/message.js";
import type { Reply } from "../../chat/reply.js";

/**
 * Direct messages are private; channels and multi-person DMs are groups, identified by their
 * channel id. Slack gives `channel_type` on message events; elsewhere a DM's id starts with "D".
 */
export function slackChatType(channelId: string, channelType?: string): IncomingMessage["chatType"] {
  if (channelType) return channelType === "im" ? "private" : "group";
  return channelId.startsWith("D") ? "private" : "group";
}

/** The command-layer message for something a Slack user wrote in a conversation. */
export function slackMessage(
  userId: string,
  channelId: string,
  text: string,
  channelType?: string,
  deliveryId?: string,
): IncomingMessage {
  const chatType = slackChatType(channelId, channelType);
  return {
    platform: "slack",
    userId,
    chatId: channelId,
    chatType,
    text,
    ...(deliveryId ? { deliveryId } : {}),
  };
}

/**
 * The id Slack gives one delivery: an event's event_id (kept across its retries, X-Slack-Retry-Num),
 * or a slash command's or button press's trigger_id (the same in a replayed request).
 */
export function slackDeliveryId(body: { event_id?: unknown; trigger_id?: unknown }): string | undefined {
  if (typeof body.event_id === "string" && body.event_id) return `slack:event:${body.event_id}`;
  if (typeof body.trigger_id === "string" && body.trigger_id) return `slack:trigger:${body.trigger_id}`;
  return undefined;
}

/**
 * What the user typed: Slack sends message and slash-command text with `&`, `<` and `>` as
 * entities (real markup like <@U123> stays as it is); an empty `/retain` asks for help.
 */
export function typedText(text: string): string {
  const plain = text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").trim();
  return plain === "" ? "help" : plain;
}

/** Drops mentions of the bot itself ("<@U123> 今天谁有风险" → "今天谁有风险"), keeping other people's. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  const pattern = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, "g") : /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(pattern, "").trim();
}

/**
 * A reply goes only to the asker when it holds personal data or is a refusal, unless the
 * conversation is the asker's own DM: a channel never sees names, phones or "who are you?".
 */
export function onlyForAsker(reply: Reply, chatType: IncomingMessage["chatType"]): boolean {
  return chatType === "group" && (reply.personal === true || reply.errorCode !== undefined);
}
