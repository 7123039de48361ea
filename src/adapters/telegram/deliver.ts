import { type Api, GrammyError } from "grammy";
import type { Reply } from "../../chat/reply.js";
import { chatDeliveryMessages } from "../../i18n/chat-delivery.js";
import type { Locale } from "../../i18n/index.js";
import type { PlayStreamOptions } from "../streamed-reply.js";
import type { CallbackActions } from "./callback-data.js";
import { escapeHtml, renderReply } from "./render-html.js";
import { sendMessages } from "./send-messages.js";
import { sendStreamingReply } from "./stream-reply.js";

export interface ReplyTarget {
  chatId: number;
  chatType: "private" | "group";
  /** The asker: where personal replies from a group go. */
  userId: number;
  userName: string;
  botUsername: string;
  locale: Locale;
  replyTo?: number;
}

/**
 * Delivers a command reply. In a group, a reply flagged `personal` goes to the asker privately and
 * the group only gets a one-line note; if the asker never opened a private chat with the bot
 * (Telegram then refuses with 403), the note says how to, and no personal data is posted. A
 * streaming reply is posted as its placeholder and edited as it is written (`streaming` paces it).
 */
export async function deliverReply(
  api: Api,
  reply: Reply,
  target: ReplyTarget,
  actions: CallbackActions,
  streaming: PlayStreamOptions = {},
): Promise<void> {
  const rendered = renderReply(reply);
  if (rendered.length === 0) return;
  const { stream } = reply;
  // A reply still being written is shown growing in the message it will end up in.
  const send = (chatId: number, replyTo?: number): Promise<unknown> =>
    stream
      ? sendStreamingReply(api, chatId, { ...reply, stream }, actions, { ...streaming, replyTo })
      : sendMessages(api, chatId, rendered, actions, replyTo);
  if (target.chatType === "private" || !reply.personal) {
    await send(target.chatId, target.replyTo);
    return;
  }
  const m = chatDeliveryMessages(target.locale);
  let note: string;
  try {
    await send(target.userId);
    note = m.sentPrivately(target.userName);
  } catch (error) {
    if (!(error instanceof GrammyError && error.error_code === 403)) throw error;
    note = m.openPrivateChatFirst(`@${target.botUsername}`);
  }
  await sendMessages(
    api,
    target.chatId,
    [{ kind: "text", html: escapeHtml(note), actions: [] }],
    actions,
    target.replyTo,
  );
}
