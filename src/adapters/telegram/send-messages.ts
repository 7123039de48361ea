import { type Api, InputFile } from "grammy";
import type { InlineKeyboardButton, Message } from "grammy/types";
import type { ActionButton } from "../../chat/reply.js";
import type { CallbackActions } from "./callback-data.js";
import type { OutgoingMessage } from "./render-html.js";
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
    if (message.kind === "document") {
      sent.push(
        await api.sendDocument(chatId, new InputFile(message.bytes, message.name), {
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
            ? { reply_markup: { inline_keyboard: await keyboard(message.actions, actions) } }
            : {}),
          ...replyParameters(),
        }),
      );
    }
  }
  return sent;
}

/** Buttons in rows of three, each carrying its action as callback_data. */
export async function keyboard(
  buttons: ActionButton[],
  actions: CallbackActions,
): Promise<InlineKeyboardButton[][]> {
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) {
    const row = buttons.slice(i, i + BUTTONS_PER_ROW);
    rows.push(
      await Promise.all(
        row.map(async (b) => ({ text: b.label, callback_data: await actions.encode(b.action) })),
      ),
    );
  }
  return rows;
}
