import Bottleneck from "bottleneck";
import type { Logger } from "../logger.js";
import { err, type Result } from "../result.js";
import type { PostError, PosterPlatform } from "./poster.js";

/** Spacing that keeps one platform's calls inside its published limits. */
export interface SendLimits {
  /** Minimum gap between any two calls (Telegram: ~30/s overall → 35 ms keeps a margin). */
  globalMinIntervalMs: number;
  /** Minimum gap between two calls to one chat (Telegram: 20/min per group → 3 s). */
  perChatMinIntervalMs: number;
  /**
   * At most `max` calls in any `windowMs` (measured when each call is made): spacing alone keeps
   * the average rate, this keeps timer jitter from packing one more call into a sliding second.
   */
  globalWindow: { max: number; windowMs: number };
  /** Calls in flight at once (HTTP latency overlaps, the spacing still holds). */
  maxConcurrent: number;
  /** Retries after a 429 or a retryable failure before giving up. */
  maxRetries: number;
  /** After any 429, hold every chat for min(retry_after, this) so a burst cannot become a storm. */
  globalHoldCapMs: number;
}

export const TELEGRAM_SEND_LIMITS: SendLimits = {
  globalMinIntervalMs: 34,
  globalWindow: { max: 30, windowMs: 1_050 },
  perChatMinIntervalMs: 3_100,
  maxConcurrent: 8,
  maxRetries: 4,
  globalHoldCapMs: 300,
};

/** Slack: chat.postMessage allows about one message per second per channel. */
export const SLACK_SEND_LIMITS: SendLimits = {
  globalMinIntervalMs: 20,
  globalWindow: { max: 50, windowMs: 1_000 },
  perChatMinIntervalMs: 1_100,
  maxConcurrent: 4,
  maxRetries: 4,
  globalHoldCapMs: 1_000,
};

/**
 * WeCom group robots (群机器人): at most 20 messages per minute per robot, so one robot's calls are
 * spaced 3.1 s apart; robots are independent webhooks, so many run at once.
 */
export const WECOM_ROBOT_SEND_LIMITS: SendLimits = {
  globalMinIntervalMs: 2,
  globalWindow: { max: 400, windowMs: 1_000 },
  perChatMinIntervalMs: 3_100,
  maxConcurrent: 32,
  maxRetries: 4,
  globalHoldCapMs: 200,
};

/** Feishu: im/v1/messages allows 5 messages per second per chat and 50 per second per app. */
export const FEISHU_SEND_LIMITS: SendLimits = {
  globalMinIntervalMs: 22,
  globalWindow: { max: 45, windowMs: 1_000 },
  perChatMinIntervalMs: 220,
  maxConcurrent: 8,
  maxRetries: 4,
  globalHoldCapMs: 1_000,
};

/** DingTalk custom robots: 20 messages per minute per robot (more gets the robot muted for 10 min). */
export const DINGTALK_ROBOT_SEND_LIMITS: SendLimits = { ...WECOM_ROBOT_SEND_LIMITS };

/** Each briefing platform's limits. */
export const SEND_LIMITS: Record<PosterPlatform, SendLimits> = {
  telegram: TELEGRAM_SEND_LIMITS,
  slack: SLACK_SEND_LIMITS,
  wecom: WECOM_ROBOT_SEND_LIMITS,
  feishu: FEISHU_SEND_LIMITS,
  dingtalk: DINGTALK_ROBOT_SEND_LIMITS,
};

export interface SendQueueStats {
  sent: number;
  rateLimited: number;
  retries: number;
  failed: number;
}

type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A rate-limited queue for one platform (bottleneck): calls to one chat run one at a time and
 * `perChatMinIntervalMs` apart, all calls `globalMinIntervalMs` apart. A 429 is retried after the
 * platform's retry_after while that chat's slot stays held; the whole queue also pauses briefly.
 */
export class SendQueue {
  readonly stats: SendQueueStats = { sent: 0, rateLimited: 0, retries: 0, failed: 0 };
  private readonly global: Bottleneck;
  private readonly chats: Bottleneck.Group;
  private holdUntil = 0;
  private holdTimer: NodeJS.Timeout | undefined;
  /** When the most recent calls were made, oldest first (at most `globalWindow.max`). */
  private readonly recent: number[] = [];

  constructor(
    private readonly limits: SendLimits,
    private readonly options: { logger?: Logger; sleep?: Sleep; now?: () => number } = {},
  ) {
    this.global = new Bottleneck({
      minTime: limits.globalMinIntervalMs,
      maxConcurrent: limits.maxConcurrent,
    });
    this.chats = new Bottleneck.Group({ minTime: limits.perChatMinIntervalMs, maxConcurrent: 1 });
  }

  /** Queues one platform call for a chat; resolves when it was made (after any retries) or gave up. */
  send(chatId: string, call: () => Promise<Result<void, PostError>>): Promise<Result<void, PostError>> {
    return this.chats.key(chatId).schedule(() => this.withRetries(chatId, call));
  }

  /** Waits for queued calls to finish and releases the limiters. */
  async stop(): Promise<void> {
    await this.global.stop({ dropWaitingJobs: false });
    for (const limiter of this.chats.limiters()) await limiter.limiter.stop({ dropWaitingJobs: false });
    clearTimeout(this.holdTimer);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Waits until one more call fits in the sliding window, then books it. */
  private async windowSlot(sleep: Sleep): Promise<void> {
    const { max, windowMs } = this.limits.globalWindow;
    for (;;) {
      const now = this.now();
      while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - windowMs) this.recent.shift();
      if (this.recent.length < max) {
        this.recent.push(now);
        return;
      }
      await sleep((this.recent[0] ?? now) + windowMs - now + 1);
    }
  }

  /**
   * Lets no new call start for `ms` (an empty reservoir), then resumes the usual spacing. A longer
   * hold replaces the timer, so the latest timer always releases: timers run on a monotonic clock
   * and may fire a millisecond before the wall clock says the hold is over, and a release that
   * re-checked the wall clock could then leave the queue held for ever.
   */
  private holdAll(ms: number): void {
    const until = this.now() + ms;
    if (until <= this.holdUntil) return;
    this.holdUntil = until;
    this.global.updateSettings({ reservoir: 0 });
    clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      this.global.updateSettings({ reservoir: null });
    }, ms);
  }

  private async withRetries(
    chatId: string,
    call: () => Promise<Result<void, PostError>>,
  ): Promise<Result<void, PostError>> {
    const sleep = this.options.sleep ?? realSleep;
    for (let attempt = 0; ; attempt++) {
      const result = await this.global.schedule(async () => {
        await this.windowSlot(sleep);
        return call().catch((error: unknown) =>
          err<PostError>({ code: "failed", message: String(error), retryable: true }),
        );
      });
      if (result.ok) {
        this.stats.sent++;
        return result;
      }
      const error = result.error;
      // A post whose first messages went out is not repeated (they would be posted twice).
      const retryable = (error.code === "rate_limited" || error.retryable) && !error.partly;
      if (error.code === "rate_limited") {
        this.stats.rateLimited++;
        this.holdAll(Math.min(error.retryAfterMs, this.limits.globalHoldCapMs));
      }
      if (!retryable || attempt >= this.limits.maxRetries) {
        this.stats.failed++;
        this.options.logger?.warn({ chatId, error, attempt }, "post gave up");
        return result;
      }
      this.stats.retries++;
      const delay = error.code === "rate_limited" ? error.retryAfterMs : 500 * 2 ** attempt;
      this.options.logger?.debug({ chatId, delay, code: error.code }, "post will be retried");
      await sleep(delay);
    }
  }
}
