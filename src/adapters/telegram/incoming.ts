import type { Message, MessageEntity, UserFromGetMe } from "grammy/types";
import type { IncomingMessage } from "../../chat/message.js";
import { detectLocale, type Locale } from "../../i18n/index.js";

/**
 * The language a Telegram user's app is set to, when it is one we speak. The text itself still
 * decides first (a Chinese question gets a Chinese answer on an English phone).
 */
export function localeFromLanguageCode(code: string | undefined): Locale | undefined {
  if (!code) return undefined;
  if (code.toLowerCase().startsWith("zh")) return "zh";
  if (code.toLowerCase().startsWith("en")) return "en";
  return undefined;
}

/** The locale to answer a Telegram user in. */
export function telegramLocale(text: string, languageCode: string | undefined, fallback: Locale): Locale {
  return detectLocale(text, localeFromLanguageCode(languageCode) ?? fallback);
}

/**
 * Turns a Telegram text message into the command layer's message, or null when the bot should
 * stay silent: in groups it answers only commands meant for it and messages that mention it
 * (the mention is removed from the text). Channels are ignored.
 */
export function toIncomingMessage(
  message: Message,
  me: UserFromGetMe,
  fallbackLocale: Locale,
): IncomingMessage | null {
  const text = message.text;
  const from = message.from;
  if (text === undefined || !from) return null;
  const chatType = message.chat.type;
  if (chatType === "channel") return null;
  let body = text;
  if (chatType !== "private") {
    const entities = message.entities ?? [];
    const mentions = entities.filter((e) => isMentionOfMe(text, e, me));
    if (!isCommandForMe(text, entities, me) && mentions.length === 0) return null;
    body = removeRanges(text, mentions).replace(/\s+/g, " ").trim();
    // A bare mention ("@bot") is a request for help rather than silence.
    if (body === "") body = "/help";
  }
  return {
    platform: "telegram",
    userId: String(from.id),
    chatId: String(message.chat.id),
    chatType: chatType === "private" ? "private" : "group",
    text: body,
    locale: telegramLocale(body, from.language_code, fallbackLocale),
  };
}

/** A /command at the start, either unaddressed or addressed to this bot (/risk@this_bot). */
function isCommandForMe(text: string, entities: MessageEntity[], me: UserFromGetMe): boolean {
  const command = entities.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!command) return false;
  const [, addressee] = text.slice(0, command.length).split("@");
  return addressee === undefined || addressee.toLowerCase() === me.username.toLowerCase();
}

function isMentionOfMe(text: string, entity: MessageEntity, me: UserFromGetMe): boolean {
  if (entity.type === "text_mention") return entity.user.id === me.id;
  if (entity.type !== "mention") return false;
  return (
    text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === `@${me.username.toLowerCase()}`
  );
}

/** Removes entity ranges (UTF-16 offsets, as Telegram and JavaScript both count). */
function removeRanges(text: string, ranges: MessageEntity[]): string {
  let out = text;
  for (const r of [...ranges].sort((a, b) => b.offset - a.offset)) {
    out = `${out.slice(0, r.offset)} ${out.slice(r.offset + r.length)}`;
  }
  return out;
}
