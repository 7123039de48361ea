import type { IncomingMessage, ServerResponse } from "node:http";
import { type Bot, webhookCallback } from "grammy";
import type { Logger } from "../../logger.js";

/**
 * The HTTP route Telegram posts updates to. grammY checks the secret token (401 when it is missing
 * or wrong) and answers 200 once the update is handled, or after 8 s while the handling goes on,
 * so Telegram does not resend a slow update. While stopping, updates get 503 and Telegram keeps
 * them for the next start.
 */
export function telegramWebhookRoute(
  bot: Bot,
  secretToken: string,
  logger: Logger,
  isStopping: () => boolean,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const callback = webhookCallback(bot, "http", {
    secretToken,
    onTimeout: "return",
    timeoutMilliseconds: 8_000,
  });
  return (req, res) => {
    if (isStopping()) {
      res.writeHead(503, { "retry-after": "5" }).end();
      return Promise.resolve();
    }
    // The callback rejects on malformed JSON or a failed update, and bot.catch does not see it.
    return callback(req, res).catch((error: unknown) => {
      logger.warn({ err: error }, "Telegram webhook request failed");
      if (!res.headersSent) res.writeHead(error instanceof SyntaxError ? 400 : 500).end();
      else if (!res.writableEnded) res.end();
    });
  };
}
