import { type RunnerHandle, run } from "@grammyjs/runner";
import type { HttpListener } from "../../http/http-listener.js";
import type { ChatAdapter } from "../chat-adapter.js";
import { type BotCommandSpec, registerBotCommands } from "./bot-commands.js";
import { createTelegramBot, type TelegramBotOptions } from "./telegram-bot.js";
import { telegramWebhookRoute } from "./webhook.js";

/** The updates the bot acts on; everything else is not even fetched. */
const ALLOWED_UPDATES = ["message", "callback_query"] as const;

export interface TelegramAdapterOptions extends TelegramBotOptions {
  /** The command menu (setMyCommands). */
  commands: readonly BotCommandSpec[];
  /** Webhook mode: Telegram posts to `url`, whose path is served on the shared HTTP listener. */
  webhook?: { url: string; secretToken: string; http: HttpListener };
  /** Long-polling timeout in seconds (default 30). */
  pollingTimeoutSeconds?: number;
}

/**
 * Telegram as a ChatAdapter: long polling through @grammyjs/runner by default, or a webhook on
 * the shared HTTP listener. `stop()` stops taking updates and waits for the replies in progress.
 */
export function createTelegramAdapter(options: TelegramAdapterOptions): ChatAdapter {
  const { bot, idle } = createTelegramBot(options);
  const { logger, webhook } = options;
  let runner: RunnerHandle | null = null;
  let stopping = false;

  if (webhook) {
    const path = new URL(webhook.url).pathname;
    webhook.http.route(
      path,
      telegramWebhookRoute(bot, webhook.secretToken, logger, () => stopping),
    );
  }

  return {
    name: webhook ? "telegram (webhook)" : "telegram (polling)",
    async start() {
      await bot.init();
      await registerBotCommands(bot.api, options.commands, options.defaultLocale).catch((error: unknown) =>
        logger.warn({ err: error }, "could not register the Telegram command menu"),
      );
      if (webhook) {
        await bot.api.setWebhook(webhook.url, {
          secret_token: webhook.secretToken,
          allowed_updates: [...ALLOWED_UPDATES],
        });
      } else {
        // getUpdates is refused while a webhook is set (e.g. after switching modes).
        await bot.api.deleteWebhook();
        // The runner retries failed polls itself; log them here instead of its console output.
        bot.api.config.use(async (prev, method, payload, signal) => {
          try {
            return await prev(method, payload, signal);
          } catch (error) {
            if (method === "getUpdates" && !signal?.aborted)
              logger.warn({ err: error }, "Telegram poll failed");
            throw error;
          }
        });
        runner = run(bot, {
          runner: {
            fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: options.pollingTimeoutSeconds ?? 30 },
            silent: true,
          },
        });
        runner.task()?.catch((error: unknown) => logger.error({ err: error }, "Telegram polling stopped"));
      }
      logger.info(
        { bot: bot.botInfo.username, mode: webhook ? "webhook" : "polling" },
        "Telegram adapter started",
      );
    },
    async stop() {
      stopping = true;
      if (runner?.isRunning()) await runner.stop();
      await idle();
    },
  };
}
