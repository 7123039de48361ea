import { type Context, GrammyError } from "grammy";
import type { Message, MessageEntity } from "grammy/types";
import type { MessageHandler } from "../../chat/handler.js";
import { type Reply, replyToPlainText } from "../../chat/reply.js";
import { chatDeliveryMessages } from "../../i18n/chat-delivery.js";
import type { Locale } from "../../i18n/index.js";
import type { PlayStreamOptions } from "../streamed-reply.js";
import type { CallbackActions } from "./callback-data.js";
import { deliverReply } from "./deliver.js";
import { telegramLocale } from "./incoming.js";
import { TELEGRAM_TEXT_LIMIT } from "./split-html.js";

/** Telegram's limit on the text of answerCallbackQuery (the toast or alert). */
const ANSWER_LIMIT = 200;
/** Separates a card from the outcome line appended to it, so a second press replaces the first. */
const OUTCOME_SEPARATOR = "\n\n▸ ";

export interface CallbackDeps {
  handle: MessageHandler;
  actions: CallbackActions;
  fallbackLocale: Locale;
  /** Pacing of a streamed answer (a talk track from a card's button). */
  streaming?: PlayStreamOptions;
}

/**
 * A button press: its action runs as a message from the presser (so it is authorised like a
 * command they typed), in the chat the button is in. A refusal is shown to the presser alone; a
 * short outcome is appended to the card and the buttons stay (a second press replaces it); a
 * longer answer (e.g. a talk track) is sent as new messages under the card, shown as it is written.
 */
export async function handleCallbackQuery(ctx: Context, deps: CallbackDeps): Promise<void> {
  const query = ctx.callbackQuery;
  if (!query?.data) return;
  const action = await deps.actions.decode(query.data);
  const locale = telegramLocale(action ?? "", query.from.language_code, deps.fallbackLocale);
  if (action === null) {
    await answer(ctx, { text: chatDeliveryMessages(locale).buttonExpired, show_alert: true });
    return;
  }
  const card = query.message && "text" in query.message ? (query.message as Message) : undefined;
  const chat = query.message?.chat;
  const inGroup = chat !== undefined && chat.type !== "private";
  const reply = await deps.handle(
    {
      platform: "telegram",
      userId: String(query.from.id),
      chatId: String(chat?.id ?? query.from.id),
      chatType: inGroup ? "group" : "private",
      text: action,
      locale,
      deliveryId: `telegram:${ctx.me.id}:update:${ctx.update.update_id}`,
    },
    { stream: true },
  );
  // A redelivered press was handled the first time.
  if (reply.blocks.length === 0 && !reply.stream) return;
  const plain = replyToPlainText(reply).trim();

  if (reply.errorCode || (inGroup && reply.personal && isShort(reply, plain))) {
    // Only the presser sees an alert: refusals and personal outcomes never reach the group.
    if (!(await answer(ctx, { text: truncate(plain, ANSWER_LIMIT), show_alert: true }))) {
      // Too late for an alert (a slow answer): tell the presser privately, if they ever opened a chat.
      await ctx.api.sendMessage(query.from.id, plain).catch(() => undefined);
    }
    return;
  }
  if (isShort(reply, plain) && card?.text) {
    await answer(ctx, { text: truncate(plain, ANSWER_LIMIT) });
    const by = inGroup ? ` — ${query.from.first_name}` : "";
    await editCard(ctx, card, `${plain}${by}`);
    return;
  }
  await answer(ctx);
  await deliverReply(
    ctx.api,
    reply,
    {
      chatId: chat?.id ?? query.from.id,
      chatType: inGroup ? "group" : "private",
      userId: query.from.id,
      userName: query.from.first_name,
      botUsername: ctx.me.username,
      locale,
      replyTo: card?.message_id,
    },
    deps.actions,
    deps.streaming,
  );
}

/**
 * Answers the press (stops the button's spinner). Telegram refuses answers to presses older than
 * a few seconds; that only loses the toast, so the rest of the handling goes on.
 */
async function answer(ctx: Context, options?: { text: string; show_alert?: boolean }): Promise<boolean> {
  try {
    await ctx.answerCallbackQuery(options);
    return true;
  } catch (error) {
    if (error instanceof GrammyError && error.error_code === 400) return false;
    throw error;
  }
}

/** An outcome fits on the card: text only, one short paragraph, already written. */
function isShort(reply: Reply, plain: string): boolean {
  return (
    !reply.stream &&
    plain.length > 0 &&
    plain.length <= ANSWER_LIMIT &&
    reply.blocks.every((b) => b.type === "text" || b.type === "notice")
  );
}

/**
 * Rewrites the card as it was (same text and formatting entities, same buttons) with the outcome
 * line after it. Editing with entities rather than HTML keeps the original formatting exactly.
 */
async function editCard(ctx: Context, card: Message, outcome: string): Promise<void> {
  const original = card.text ?? "";
  const cut = original.indexOf(OUTCOME_SEPARATOR);
  const body = cut >= 0 ? original.slice(0, cut) : original;
  const entities: MessageEntity[] = (card.entities ?? []).filter((e) => e.offset + e.length <= body.length);
  const line = outcome.replace(/\s*\n\s*/g, " ");
  entities.push({ type: "italic", offset: body.length + OUTCOME_SEPARATOR.length, length: line.length });
  const text = `${body}${OUTCOME_SEPARATOR}${line}`;
  if (text.length > TELEGRAM_TEXT_LIMIT) return;
  try {
    await ctx.api.editMessageText(card.chat.id, card.message_id, text, {
      entities,
      ...(card.reply_markup ? { reply_markup: card.reply_markup } : {}),
    });
  } catch (error) {
    // Pressing the same button twice leaves the card as it is; Telegram calls that an error.
    if (!(error instanceof GrammyError && /not modified/i.test(error.description))) throw error;
  }
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
