import type { IncomingMessage } from "../../chat/message.js";

/** The fields RetainBot reads from im.message.receive_v1 (flattened by the SDK). */
export interface FeishuMessageEvent {
  /** From the event header (the SDK flattens it into the event). */
  event_id?: string;
  sender?: { sender_id?: { open_id?: string }; sender_type?: string };
  message?: { chat_id?: string; chat_type?: string; message_type?: string; content?: string };
}

/** The fields RetainBot reads from card.action.trigger. */
export interface FeishuCardActionEvent {
  event_id?: string;
  operator?: { open_id?: string };
  action?: { value?: { action?: unknown; chat?: unknown } };
  context?: { open_chat_id?: string; open_message_id?: string };
}

/**
 * A text message to the bot as the command layer's message, or null for anything else (images,
 * stickers, messages from other bots). Mentions arrive as placeholders ("@_user_1"): Feishu only
 * delivers group messages that mention the bot, so they are all dropped from the text.
 */
export function toIncomingMessage(event: FeishuMessageEvent): IncomingMessage | null {
  const openId = event.sender?.sender_id?.open_id;
  const message = event.message;
  if (!openId || !message?.chat_id || message.message_type !== "text") return null;
  if (event.sender?.sender_type && event.sender.sender_type !== "user") return null;
  let text = "";
  try {
    text = String((JSON.parse(message.content ?? "{}") as { text?: unknown }).text ?? "");
  } catch {
    return null;
  }
  const body = text
    .replace(/@_user_\d+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return {
    platform: "feishu",
    userId: openId,
    chatId: message.chat_id,
    chatType: message.chat_type === "p2p" ? "private" : "group",
    text: body === "" ? "help" : body,
    ...deliveryOf(event.event_id),
  };
}

/** A card button click as the command it carries, run as the person who clicked. */
export function cardActionMessage(event: FeishuCardActionEvent): IncomingMessage | null {
  const openId = event.operator?.open_id;
  const action = event.action?.value?.action;
  const chatId = event.context?.open_chat_id;
  if (!openId || typeof action !== "string" || !chatId) return null;
  return {
    platform: "feishu",
    userId: openId,
    chatId,
    chatType: event.action?.value?.chat === "group" ? "group" : "private",
    text: action,
    ...deliveryOf(event.event_id),
  };
}

/** The event_id as a stored delivery id: a redelivery to another instance is not run again. */
function deliveryOf(eventId: string | undefined): { deliveryId?: string } {
  return eventId ? { deliveryId: `feishu:${eventId}` } : {};
}
