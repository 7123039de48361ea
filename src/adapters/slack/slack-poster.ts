import { webApi } from "@slack/bolt";
import { type GroupPoster, type PostError, partly } from "../../briefings/poster.js";
import type { ReplyBlock } from "../../chat/reply.js";
import type { Logger } from "../../logger.js";
import { err, ok, type Result } from "../../result.js";
import { escapeMrkdwn } from "./mrkdwn.js";
import { renderReply } from "./render-blocks.js";
import { slackLogger } from "./slack-logger.js";

/**
 * Posts briefings to Slack channels (GroupPoster). It has its own Web API client that neither
 * retries nor waits out rate limits: the briefing send queue does both and must see every 429.
 */
export function createSlackPoster(options: { token: string; apiUrl?: string; logger: Logger }): GroupPoster {
  const client = new webApi.WebClient(options.token, {
    ...(options.apiUrl
      ? { slackApiUrl: options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/` }
      : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: slackLogger(options.logger.child({ role: "slack-poster" })),
  });
  return {
    platform: "slack",
    async postBlocks(chatId: string, blocks: ReplyBlock[]): Promise<Result<void, PostError>> {
      let posted = 0;
      try {
        // A briefing fits one message; a longer one still goes out whole, in order.
        for (const message of renderReply({ blocks })) {
          await client.chat.postMessage({ channel: chatId, text: message.text, blocks: message.blocks });
          posted++;
        }
        return ok(undefined);
      } catch (error) {
        return err(posted > 0 ? partly(toPostError(error)) : toPostError(error));
      }
    },
    async postImage(chatId: string, png: Uint8Array, caption: string): Promise<Result<void, PostError>> {
      try {
        await client.filesUploadV2({
          channel_id: chatId,
          file: Buffer.from(png),
          filename: "briefing.png",
          title: caption,
          initial_comment: escapeMrkdwn(caption),
        });
        return ok(undefined);
      } catch (error) {
        return err(toPostError(error));
      }
    },
  };
}

/** Slack's failures in the send queue's terms: wait and retry, retry later, or give up. */
export function toPostError(error: unknown): PostError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof webApi.WebAPIRateLimitedError)
    return { code: "rate_limited", message, retryAfterMs: error.retryAfter * 1000 };
  if (error instanceof webApi.WebAPIPlatformError)
    // ok:false answers (channel_not_found, not_in_channel, is_archived…) will not change by retrying,
    // except Slack's own hiccups.
    return {
      code: "failed",
      message,
      retryable: ["internal_error", "fatal_error", "service_unavailable"].includes(error.data.error),
    };
  if (error instanceof webApi.WebAPIHTTPError)
    return { code: "failed", message, retryable: error.statusCode >= 500 };
  // Network failures and timeouts: Slack may well be back in a moment.
  return { code: "failed", message, retryable: true };
}
