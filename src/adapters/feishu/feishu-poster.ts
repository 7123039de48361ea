import type { GroupPoster, PostError } from "../../briefings/poster.js";
import type { ReplyBlock } from "../../chat/reply.js";
import type { Logger } from "../../logger.js";
import { err, ok, type Result } from "../../result.js";
import type { FeishuClient } from "./feishu-client.js";
import { FEISHU_RATE_LIMIT_CODES, feishuErrorCode, feishuHttpStatus } from "./feishu-errors.js";
import { renderFeishuCard } from "./render-card.js";
import { sendMessage, uploadImage } from "./send-reply.js";

/** Codes of a chat the bot cannot post to (not in it, chat gone, no permission): retrying will not help. */
const DEAD_CHAT_CODES = new Set([230001, 230002, 230006, 230013, 230017, 230027]);

/**
 * Posts briefings to Feishu group chats bound with /bindgroup (their chat_id): the text as a card,
 * the chart uploaded and sent as an image message. No retries here: the send queue paces and retries.
 */
export function createFeishuPoster(options: {
  appId: string;
  appSecret: string;
  domain: string;
  logger: Logger;
  client?: FeishuClient;
}): GroupPoster {
  // The SDK is large: it loads with the first briefing, not with every CLI command that lists posters.
  let client: Promise<FeishuClient> | null = options.client ? Promise.resolve(options.client) : null;
  const getClient = () => {
    client ??= import("./feishu-client.js").then(({ createFeishuClient }) =>
      createFeishuClient({ ...options, logger: options.logger.child({ role: "feishu-poster" }) }),
    );
    return client;
  };
  const to = (chatId: string) => ({ idType: "chat_id" as const, id: chatId });
  return {
    platform: "feishu",
    postBlocks: (chatId: string, blocks: ReplyBlock[]) =>
      attempt(async () =>
        sendMessage(
          await getClient(),
          to(chatId),
          "interactive",
          renderFeishuCard({ blocks }, { chatType: "group" }),
        ),
      ),
    postImage: (chatId: string, png: Uint8Array) =>
      attempt(async () => {
        const feishu = await getClient();
        const imageKey = await uploadImage(feishu, png);
        await sendMessage(feishu, to(chatId), "image", { image_key: imageKey });
      }),
  };
}

async function attempt(call: () => Promise<unknown>): Promise<Result<void, PostError>> {
  try {
    await call();
    return ok(undefined);
  } catch (error) {
    const code = feishuErrorCode(error);
    const status = feishuHttpStatus(error);
    const message = error instanceof Error ? error.message : String(error);
    if (status === 429 || (code !== undefined && FEISHU_RATE_LIMIT_CODES.has(code)))
      return err({ code: "rate_limited", message, retryAfterMs: 1_000 });
    if (code !== undefined && DEAD_CHAT_CODES.has(code))
      return err({ code: "failed", message, retryable: false });
    return err({ code: "failed", message, retryable: status === undefined || status >= 500 });
  }
}
