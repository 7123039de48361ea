import * as lark from "@larksuiteoapi/node-sdk";
import type { MessageHandler } from "../../chat/handler.js";
import { replyToPlainText } from "../../chat/reply.js";
import type { HttpListener } from "../../http/http-listener.js";
import { detectLocale, type Locale } from "../../i18n/index.js";
import type { Logger } from "../../logger.js";
import type { ChatAdapter } from "../chat-adapter.js";
import { truncateChars } from "../markdown.js";
import { oneLineOutcome } from "../outcome-line.js";
import { RecentDeliveries } from "../recent-deliveries.js";
import { feishuEventsRoute } from "./events-route.js";
import { createFeishuClient } from "./feishu-client.js";
import {
  cardActionMessage,
  type FeishuCardActionEvent,
  type FeishuMessageEvent,
  toIncomingMessage,
} from "./inbound.js";
import { deliverFeishuReply } from "./send-reply.js";

/** Where Feishu posts events (im.message.receive_v1) and card callbacks (card.action.trigger). */
export const FEISHU_EVENTS_PATH = "/feishu/events";
const TOAST_CHARS = 100;

export interface FeishuAdapterOptions {
  appId: string;
  appSecret: string;
  verificationToken: string;
  encryptKey: string;
  domain: string;
  handle: MessageHandler;
  logger: Logger;
  http: HttpListener;
  /** Answer Feishu's request only after the reply is sent (tests; Feishu wants an answer in 3 s). */
  processBeforeResponse?: boolean;
  defaultLocale?: Locale;
  now?: () => number;
}

/**
 * Feishu (飞书) as a ChatAdapter, on the official SDK: events and card callbacks over the HTTP
 * callback on the shared listener (encrypted, signed), answers as interactive cards through the
 * message API. In groups the bot answers messages that mention it; personal details go to the
 * asker privately. A card click's outcome comes back as a toast only the clicker sees.
 */
export function createFeishuAdapter(options: FeishuAdapterOptions): ChatAdapter {
  const logger = options.logger.child({ adapter: "feishu" });
  const client = createFeishuClient({ ...options, logger });
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const track = (work: Promise<void>): Promise<void> => {
    const guarded = work.catch((error: unknown) => logger.error({ err: error }, "Feishu reply failed"));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
    return guarded;
  };

  const dispatcher = new lark.EventDispatcher({
    encryptKey: options.encryptKey,
    verificationToken: options.verificationToken,
    logger: {
      error: () => undefined,
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      trace: () => undefined,
    },
  }).register({
    "im.message.receive_v1": async (event: FeishuMessageEvent) => {
      const message = toIncomingMessage(event);
      if (!message) return {};
      logger.debug({ handler: "message", chatType: message.chatType }, "feishu update");
      const work = track(
        (async () => {
          const reply = await options.handle(message);
          if (reply.blocks.length === 0) return;
          const locale = detectLocale(message.text, options.defaultLocale ?? "zh");
          await deliverFeishuReply(client, reply, { ...place(message), locale });
        })(),
      );
      if (options.processBeforeResponse) await work;
      return {};
    },
    "card.action.trigger": async (event: FeishuCardActionEvent) => {
      const message = cardActionMessage(event);
      if (!message) return {};
      logger.debug({ handler: "card-action", chatType: message.chatType }, "feishu update");
      const reply = await options.handle(message);
      if (reply.blocks.length === 0) return {};
      const outcome = oneLineOutcome(reply);
      if (reply.errorCode !== undefined || outcome !== null) {
        // A toast is shown to the clicker alone, so it may hold what the group must not see.
        const content = truncateChars(outcome ?? replyToPlainText(reply), TOAST_CHARS);
        return { toast: { type: reply.errorCode === undefined ? "success" : "error", content } };
      }
      const work = track(
        deliverFeishuReply(client, reply, {
          ...place(message),
          locale: detectLocale(message.text, options.defaultLocale ?? "zh"),
        }),
      );
      if (options.processBeforeResponse) await work;
      return { toast: { type: "info", content: "…" } };
    },
  } as Parameters<lark.EventDispatcher["register"]>[0]);

  options.http.route(
    FEISHU_EVENTS_PATH,
    feishuEventsRoute({
      encryptKey: options.encryptKey,
      verificationToken: options.verificationToken,
      dispatcher,
      recent: new RecentDeliveries(),
      logger,
      isStopping: () => stopping,
      now: options.now ?? Date.now,
    }),
  );

  return {
    name: "feishu (http callback)",
    async start() {
      // Fetch the tenant token now: a wrong app id or secret fails at start, not at the first message.
      await client.sdk.tokenManager.getTenantAccessToken().catch((error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Feishu: could not get a tenant token; check FEISHU_APP_ID and FEISHU_APP_SECRET (${detail})`,
          {
            cause: error,
          },
        );
      });
      logger.info({ path: FEISHU_EVENTS_PATH }, "Feishu adapter started");
    },
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}

function place(message: { chatId?: string; chatType: "private" | "group"; userId: string }) {
  return { chatId: message.chatId ?? "", chatType: message.chatType, openId: message.userId };
}
