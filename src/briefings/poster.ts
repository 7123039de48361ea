import type { ReplyBlock } from "../chat/reply.js";
import type { Result } from "../result.js";
import type { ChatPlatform } from "../services/identity/chat-platforms.js";

/**
 * Why a post did not go out. `rate_limited` carries the platform's retry_after; `failed` says
 * whether trying again could help (network errors, 5xx) or not (bot removed, chat not found).
 */
export type PostError = (
  | { code: "rate_limited"; message: string; retryAfterMs: number }
  | { code: "failed"; message: string; retryable: boolean }
) & {
  /**
   * An earlier message of the same post (a long text split in several) went out before this
   * refusal: posting it again would repeat that message, so it is neither retried nor handed over.
   */
  partly?: true;
};

/** `error` of a post's later message, after earlier ones went out. */
export const partly = (error: PostError): PostError => ({ ...error, partly: true });

/** The platforms a briefing can be posted to. */
export type PosterPlatform = ChatPlatform;

/** What a poster may need about a group besides its chat id: a DingTalk custom robot's secret. */
export interface PostTarget {
  webhookSecret?: string | null;
}

/**
 * What the briefings need from a chat adapter: post to a chat id it knows, one platform API call
 * per method, so the send queue can count every call against the platform's limits. Implemented
 * by the Telegram and Slack adapters; errors are values, never throws.
 */
export interface GroupPoster {
  readonly platform: PosterPlatform;
  /** Posts text blocks (heading, text, list, notice) as one message, rendered the platform's way. */
  postBlocks(chatId: string, blocks: ReplyBlock[], target?: PostTarget): Promise<Result<void, PostError>>;
  /** Posts a PNG with a short caption. */
  postImage(
    chatId: string,
    png: Uint8Array,
    caption: string,
    target?: PostTarget,
  ): Promise<Result<void, PostError>>;
}
