import type { IncomingMessage } from "../../chat/message.js";

/** The fields RetainBot reads from a message DingTalk posts to an app's robot (HTTP mode). */
export interface DingtalkRobotMessage {
  msgId?: string;
  msgtype?: string;
  text?: { content?: string };
  /** "1": a private chat with the robot; "2": a group that @-mentioned it. */
  conversationType?: string;
  conversationId?: string;
  senderStaffId?: string;
  senderNick?: string;
  /** Where replies to this message go, for about 90 minutes. */
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
}

/**
 * A text message to the robot as the command layer's message, or null when there is nothing to
 * act on (another message type, or a sender outside the organisation, who has no staffId).
 * DingTalk removes the robot's @-mention from the text itself.
 */
export function toIncomingMessage(m: DingtalkRobotMessage): IncomingMessage | null {
  if (m.msgtype !== "text" || !m.senderStaffId || !m.conversationId) return null;
  const text = (m.text?.content ?? "").replace(/\s+/g, " ").trim();
  return {
    platform: "dingtalk",
    userId: m.senderStaffId,
    chatId: m.conversationId,
    chatType: m.conversationType === "1" ? "private" : "group",
    text: text === "" ? "help" : text,
    // Stored by the command layer: a redelivery to another instance is not run again.
    ...(m.msgId ? { deliveryId: `dingtalk:${m.msgId}` } : {}),
  };
}
