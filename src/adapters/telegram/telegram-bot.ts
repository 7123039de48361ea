import { type AutoRetryOptions, autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { type APIThrottlerOptions, apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { MessageHandler } from "../../chat/handler.js";
import type { Locale } from "../../i18n/index.js";
import type { Logger } from "../../logger.js";
import type { PlayStreamOptions } from "../streamed-reply.js";
import { type ActionStore, CallbackActions } from "./callback-data.js";
import { handleCallbackQuery } from "./callback-query.js";
import { deliverReply } from "./deliver.js";
import { toIncomingMessage } from "./incoming.js";

export interface TelegramBotOptions {
  token: string;
  handle: MessageHandler;
  logger: Logger;
  /** Bot API base URL without a trailing slash (a local Bot API server, or a fake in tests). */
  apiRoot: string;
  /** Keeps button actions over 64 bytes valid on every instance and across restarts. */
  actionStore?: ActionStore;
  defaultLocale: Locale;
  /** Skips `getMe` at start (tests). */
  botInfo?: UserFromGetMe;
  throttle?: APIThrottlerOptions;
  retry?: Partial<AutoRetryOptions>;
  /** Least time between two edits of a reply being written (default STREAM_EDIT_INTERVAL_MS). */
  streamEditIntervalMs?: number;
}

/**
 * Per-chat pacing. Groups get Telegram's documented 20 messages a minute; private chats may burst
 * a little faster than one a second (a risk list is several cards), and 429s are retried anyway.
 */
const DEFAULT_THROTTLE: APIThrottlerOptions = {
  out: { maxConcurrent: 1, minTime: 250 },
};

/** Gives up on a request after a few attempts instead of retrying connection errors forever. */
const DEFAULT_RETRY: Partial<AutoRetryOptions> = { maxRetryAttempts: 5, maxDelaySeconds: 120 };

export interface TelegramBot {
  bot: Bot;
  /** Resolves when no update is being handled (used at shutdown). */
  idle(): Promise<void>;
}

/**
 * The grammY bot: throttled, retrying on 429, updates of one chat handled in order, text messages
 * and button presses turned into command-layer calls. Every handler failure is logged and
 * confined to its update.
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const bot = new Bot(options.token, {
    client: { apiRoot: options.apiRoot.replace(/\/+$/, "") },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  bot.api.config.use(apiThrottler(options.throttle ?? DEFAULT_THROTTLE));
  bot.api.config.use(autoRetry({ ...DEFAULT_RETRY, ...options.retry }));

  const inFlight = new Set<Promise<unknown>>();
  const actions = new CallbackActions(undefined, options.actionStore);
  const fallbackLocale = options.defaultLocale;
  const streaming: PlayStreamOptions = {
    intervalMs: options.streamEditIntervalMs,
    onPreviewError: (error) => options.logger.warn({ err: error }, "streaming preview edit failed"),
  };

  bot.use(async (_ctx, next) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.use(async (ctx, next) => {
    const log = options.logger.child({ update: ctx.update.update_id, chat: ctx.chat?.id });
    const started = Date.now();
    try {
      await next();
      log.debug({ ms: Date.now() - started }, "update handled");
    } catch (error) {
      log.error({ err: error }, "update failed");
    }
  });

  bot.on("message:text", async (ctx) => {
    const parsed = toIncomingMessage(ctx.message, ctx.me, fallbackLocale);
    if (!parsed) return;
    // Telegram redelivers an update it thinks was lost: the command layer answers its id once.
    const incoming = { ...parsed, deliveryId: `telegram:${ctx.me.id}:update:${ctx.update.update_id}` };
    // Groups have a tight message budget; spend it on answers, not on "typing…".
    if (incoming.chatType === "private") void ctx.replyWithChatAction("typing").catch(() => undefined);
    // Telegram can edit a sent message, so talk tracks are shown as they are written.
    const reply = await options.handle(incoming, { stream: true });
    await deliverReply(
      ctx.api,
      reply,
      {
        chatId: ctx.chat.id,
        chatType: incoming.chatType,
        userId: ctx.from.id,
        userName: ctx.from.first_name,
        botUsername: ctx.me.username,
        locale: incoming.locale ?? fallbackLocale,
        replyTo: incoming.chatType === "group" ? ctx.message.message_id : undefined,
      },
      actions,
      streaming,
    );
  });
  bot.on("callback_query:data", (ctx) =>
    handleCallbackQuery(ctx, { handle: options.handle, actions, fallbackLocale, streaming }),
  );
  bot.catch((error) => options.logger.error({ err: error.error }, "Telegram update failed"));

  return {
    bot,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
