import { type Api, GrammyError, InputFile } from "grammy";
import type { InlineKeyboardButton, Message } from "grammy/types";
import type { ActionButton, Reply } from "../../commands/reply.js";
import { chatDeliveryMessages } from "../../i18n/chat-delivery.js";
import type { Locale } from "../../i18n/index.js";
import type { CallbackActions } from "./callback-data.js";
import { escapeHtml, type OutgoingMessage, renderReply } from "./render-html.js";
import { splitHtml } from "./split-html.js";

const BUTTONS_PER_ROW = 3;

/** Sends rendered messages to one chat in order; the first one answers `replyTo` when given. */
export async function sendMessages(
  api: Api,
  chatId: number,
  messages: OutgoingMessage[],
  actions: CallbackActions,
  replyTo?: number,
): Promise<Message[]> {
  const sent: Message[] = [];
  const replyParameters = () =>
    replyTo !== undefined && sent.length === 0
      ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
      : {};
  for (const message of messages) {
    if (message.kind === "photo") {
      sent.push(
        await api.sendPhoto(chatId, new InputFile(message.png, "chart.png"), {
          caption: message.captionHtml,
          parse_mode: "HTML",
          ...replyParameters(),
        }),
      );
      continue;
    }
    const chunks = splitHtml(message.html);
    for (const [i, chunk] of chunks.entries()) {
      const last = i === chunks.length - 1;
      sent.push(
        await api.sendMessage(chatId, chunk, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(last && message.actions.length > 0
            ? { reply_markup: { inline_keyboard: keyboard(message.actions, actions) } }
            : {}),
          ...replyParameters(),
        }),
      );
    }
  }
  return sent;
}

/** Buttons in rows of three, each carrying its action as callback_data. */
export function keyboard(buttons: ActionButton[], actions: CallbackActions): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) {
    rows.push(
      buttons
        .slice(i, i + BUTTONS_PER_ROW)
        .map((b) => ({ text: b.label, callback_data: actions.encode(b.action) })),
    );
  }
  return rows;
}

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
 * (Telegram then refuses with 403), the note says how to, and no personal data is posted.
 */
export async function deliverReply(
  api: Api,
  reply: Reply,
  target: ReplyTarget,
  actions: CallbackActions,
): Promise<void> {
  const rendered = renderReply(reply);
  if (rendered.length === 0) return;
  if (target.chatType === "private" || !reply.personal) {
    await sendMessages(api, target.chatId, rendered, actions, target.replyTo);
    return;
  }
  const m = chatDeliveryMessages(target.locale);
  let note: string;
  try {
    await sendMessages(api, target.userId, rendered, actions);
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
