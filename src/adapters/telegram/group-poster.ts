import { Api, GrammyError, HttpError, InputFile } from "grammy";
import { type GroupPoster, type PostError, partly } from "../../briefings/poster.js";
import type { ReplyBlock } from "../../chat/reply.js";
import { err, ok, type Result } from "../../result.js";
import { escapeHtml, renderReply } from "./render-html.js";
import { splitHtml } from "./split-html.js";

/**
 * Posts briefings to Telegram groups. A bare `Api` without auto-retry or throttling: the briefing
 * send queue paces the calls and retries 429s itself, so it sees (and counts) every refusal.
 */
export function createTelegramGroupPoster(options: { token: string; apiRoot: string }): GroupPoster {
  const api = new Api(options.token, { apiRoot: options.apiRoot.replace(/\/+$/, "") });
  return {
    platform: "telegram",
    async postBlocks(chatId, blocks: ReplyBlock[]) {
      let posted = 0;
      for (const message of renderReply({ blocks })) {
        if (message.kind !== "text") continue;
        for (const chunk of splitHtml(message.html)) {
          const sent = await attempt(() =>
            api.sendMessage(chatId, chunk, {
              parse_mode: "HTML",
              link_preview_options: { is_disabled: true },
            }),
          );
          if (!sent.ok) return posted > 0 ? err(partly(sent.error)) : sent;
          posted++;
        }
      }
      return ok(undefined);
    },
    postImage(chatId, png, caption) {
      return attempt(() =>
        api.sendPhoto(chatId, new InputFile(png, "briefing.png"), {
          caption: escapeHtml(caption),
          parse_mode: "HTML",
        }),
      );
    },
  };
}

/** Runs one Bot API call, turning Telegram's refusals into the poster's error values. */
async function attempt(call: () => Promise<unknown>): Promise<Result<void, PostError>> {
  try {
    await call();
    return ok(undefined);
  } catch (error) {
    if (error instanceof GrammyError) {
      if (error.error_code === 429)
        return err({
          code: "rate_limited",
          message: error.description,
          retryAfterMs: (error.parameters.retry_after ?? 1) * 1000,
        });
      return err({ code: "failed", message: error.description, retryable: error.error_code >= 500 });
    }
    if (error instanceof HttpError) return err({ code: "failed", message: error.message, retryable: true });
    return err({ code: "failed", message: String(error), retryable: false });
  }
}
