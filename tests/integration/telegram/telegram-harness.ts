import type { ChatAdapter } from "../../../src/adapters/chat-adapter.js";
import {
  createTelegramAdapter,
  type TelegramAdapterOptions,
} from "../../../src/adapters/telegram/telegram-adapter.js";
import type { App } from "../../../src/app.js";
import type { MessageHandler } from "../../../src/chat/handler.js";
import type { CommandDefinition } from "../../../src/commands/command.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { loadEveryCommand, commands as registry } from "../../../src/commands/registry.js";
import { FAKE_BOT, type FakeTelegramApi, type StoredMessage } from "../../fakes/telegram-api.js";

// Every command's module now, not while a test waits for a reply (they load on first use).
await loadEveryCommand();

/** No pacing and few retries, so tests run fast and a hung request fails instead of retrying. */
export const FAST_LIMITS: Pick<TelegramAdapterOptions, "throttle" | "retry"> = {
  throttle: { global: {}, group: { maxConcurrent: 1 }, out: { maxConcurrent: 1 } },
  retry: { maxRetryAttempts: 2, rethrowHttpErrors: true, rethrowInternalServerErrors: true },
};

/** The real command layer over `app`, optionally with extra test-only commands. */
export function commandHandler(app: App, extra: CommandDefinition[] = []): MessageHandler {
  const all = [...registry, ...extra];
  return async (message) => (await handleMessage(app, message, all)).reply;
}

/** A Telegram adapter (polling unless `webhook` is given) against the fake Bot API. */
export function telegramAdapter(
  fake: FakeTelegramApi,
  handle: MessageHandler,
  app: App,
  extra: Partial<TelegramAdapterOptions> = {},
): ChatAdapter {
  return createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    handle,
    logger: app.logger,
    defaultLocale: "zh",
    botInfo: FAKE_BOT,
    commands: [{ command: "help", description: { zh: "显示本说明", en: "show this help" } }],
    pollingTimeoutSeconds: 2,
    ...FAST_LIMITS,
    ...extra,
  });
}

let nextMessageId = 1;

export interface TextUpdateOptions {
  fromId: number;
  text: string;
  /** Defaults to the private chat with the sender. */
  chatId?: number;
  firstName?: string;
  languageCode?: string;
}

/**
 * A `message` update as Telegram sends it, with the entities Telegram would add: a bot_command
 * for a leading /command and a mention for each @username.
 */
export function textUpdate(o: TextUpdateOptions): Record<string, unknown> {
  const chatId = o.chatId ?? o.fromId;
  const entities: Record<string, unknown>[] = [];
  const command = /^\/\S+/.exec(o.text);
  if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
  for (const m of o.text.matchAll(/(?<![/\w])@\w+/g))
    entities.push({ type: "mention", offset: m.index, length: m[0].length });
  return {
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat:
        chatId < 0 ? { id: chatId, type: "supergroup", title: "城东一组" } : { id: chatId, type: "private" },
      from: {
        id: o.fromId,
        is_bot: false,
        first_name: o.firstName ?? `user${o.fromId}`,
        language_code: o.languageCode ?? "zh-hans",
      },
      text: o.text,
      ...(entities.length > 0 ? { entities } : {}),
    },
  };
}

/** A button press on a message the bot sent, as the fake holds it (parsed text, entities, buttons). */
export function callbackUpdate(
  fromId: number,
  data: string,
  message: StoredMessage,
  firstName = `user${fromId}`,
): Record<string, unknown> {
  return {
    callback_query: {
      id: `cb${nextMessageId++}`,
      from: { id: fromId, is_bot: false, first_name: firstName, language_code: "zh-hans" },
      chat_instance: "ci",
      data,
      message: {
        message_id: message.message_id,
        date: Math.floor(Date.now() / 1000),
        chat:
          message.chat_id < 0
            ? { id: message.chat_id, type: "supergroup", title: "城东一组" }
            : { id: message.chat_id, type: "private" },
        from: FAKE_BOT,
        text: message.text,
        entities: message.entities,
        ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
      },
    },
  };
}
