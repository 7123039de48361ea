import { randomUUID } from "node:crypto";
import type { MessageHandler } from "../../chat/handler.js";
import type { HttpListener } from "../../http/http-listener.js";
import type { Logger } from "../../logger.js";
import type { ChatAdapter } from "../chat-adapter.js";
import { truncateChars } from "../markdown.js";
import { oneLineOutcome } from "../outcome-line.js";
import { RecentDeliveries } from "../recent-deliveries.js";
import { wecomCallbackRoute } from "./callback-route.js";
import type { WecomInbound } from "./inbound.js";
import { markCardDone, sendWecomReply, type WecomRecipient } from "./send-reply.js";
import { wecomOapi } from "./wecom-oapi.js";

/** Where WeCom posts messages and card clicks (and GETs the URL verification). */
export const WECOM_CALLBACK_PATH = "/wecom/callback";
/** A pressed card's replacement button text: WeCom shows a short label there. */
const OUTCOME_CHARS = 20;

export interface WecomAdapterOptions {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  aesKey: string;
  apiRoot: string;
  handle: MessageHandler;
  logger: Logger;
  http: HttpListener;
  /** Answer WeCom's request only after the reply is sent (tests). */
  processBeforeResponse?: boolean;
  rateLimitDelaysMs?: readonly number[];
  now?: () => number;
}

/**
 * The WeCom self-built app (企业微信自建应用) as a ChatAdapter: the callback URL on the shared HTTP
 * listener, answers through the message API. App chats are one member and the app, so every
 * message is private; groups get briefings through their group robots (robot-poster.ts).
 */
export function createWecomAdapter(options: WecomAdapterOptions): ChatAdapter {
  const logger = options.logger.child({ adapter: "wecom" });
  const now = options.now ?? Date.now;
  const api = wecomOapi(options, logger, now);
  const recent = new RecentDeliveries();
  /** Button labels by card and key, so a pressed card reads "✓ 已联系" (lost on restart: then the outcome). */
  const labels = new Map<string, string>();
  const onButton = (taskId: string, key: string, label: string) => {
    labels.set(`${taskId}\n${key}`, label);
    if (labels.size > 10_000) labels.delete(labels.keys().next().value ?? "");
  };
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const runId = randomUUID().slice(0, 8);
  let tasks = 0;
  const newTaskId = () => `rb-${runId}-${Date.now()}-${++tasks}`;

  const act = async (inbound: Exclude<WecomInbound, { kind: "ignored" }>): Promise<void> => {
    if (!recent.firstTime(inbound.deliveryId)) {
      logger.info({ delivery: inbound.deliveryId }, "WeCom delivery repeated: not run again");
      return;
    }
    const to: WecomRecipient = { api, agentId: options.agentId, userId: inbound.userId, newTaskId, onButton };
    const text = inbound.kind === "text" ? inbound.text : inbound.action;
    logger.debug({ handler: inbound.kind }, "wecom update");
    const reply = await options.handle({
      platform: "wecom",
      userId: inbound.userId,
      chatId: inbound.userId,
      chatType: "private",
      text,
      // Stored by the command layer, so a redelivery to another instance (or after a restart) is
      // not run again either; `recent` above only spares the store the common case.
      deliveryId: `wecom:${options.corpId}:${inbound.deliveryId}`,
    });
    if (reply.blocks.length === 0) return;
    const outcome = inbound.kind === "button" ? oneLineOutcome(reply) : null;
    if (inbound.kind === "button" && inbound.responseCode && outcome && reply.errorCode === undefined) {
      const pressed = labels.get(`${inbound.taskId}\n${inbound.action}`);
      const label = pressed ? `✓ ${pressed}` : truncateChars(outcome, OUTCOME_CHARS);
      const marked = await markCardDone(to, inbound.responseCode, label).then(
        () => true,
        (error: unknown) => {
          logger.warn({ err: error }, "could not mark the WeCom card: sending the outcome instead");
          return false;
        },
      );
      if (marked) return;
    }
    await sendWecomReply(to, reply);
  };

  options.http.route(
    WECOM_CALLBACK_PATH,
    wecomCallbackRoute({
      secrets: { token: options.token, aesKey: options.aesKey, corpId: options.corpId },
      logger,
      processBeforeResponse: options.processBeforeResponse ?? false,
      isStopping: () => stopping,
      now,
      onInbound(inbound) {
        const work = act(inbound).catch((error: unknown) =>
          logger.error({ err: error }, "WeCom reply failed"),
        );
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
        return work;
      },
    }),
    ["GET", "POST"],
  );

  return {
    name: "wecom (callback)",
    async start() {
      await api.checkCredentials().catch((error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        throw new Error(
          `WeCom: could not get an access token; check WECOM_CORP_ID and WECOM_SECRET (${detail})`,
          {
            cause: error,
          },
        );
      });
      logger.info({ path: WECOM_CALLBACK_PATH }, "WeCom adapter started");
    },
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
