import type { MessageHandler } from "../../chat/handler.js";
import type { Reply } from "../../chat/reply.js";
import type { HttpListener } from "../../http/http-listener.js";
import { chatDeliveryMessages } from "../../i18n/chat-delivery.js";
import type { Locale } from "../../i18n/index.js";
import type { Logger } from "../../logger.js";
import type { ChatAdapter } from "../chat-adapter.js";
import { RecentDeliveries } from "../recent-deliveries.js";
import { dingtalkCallbackRoute } from "./callback-route.js";
import { dingtalkOapi } from "./dingtalk-oapi.js";
import { type DingtalkRobotMessage, toIncomingMessage } from "./inbound.js";
import { postToSession, replyInSession, sendFilesPrivately, sendPrivately } from "./send-reply.js";

/** Where DingTalk posts the messages its robot receives (HTTP mode). */
export const DINGTALK_EVENTS_PATH = "/dingtalk/events";
/** The notification title of the bot's messages. */
const TITLE = "客户维系助手";

export interface DingtalkAdapterOptions {
  appKey: string;
  appSecret: string;
  /** api.dingtalk.com: private robot messages. */
  apiRoot: string;
  /** oapi.dingtalk.com: tokens, media upload, session webhooks. */
  oapiRoot: string;
  handle: MessageHandler;
  logger: Logger;
  http: HttpListener;
  processBeforeResponse?: boolean;
  defaultLocale?: Locale;
  now?: () => number;
}

/**
 * DingTalk (钉钉) as a ChatAdapter: the enterprise internal app's robot in HTTP mode. Messages (a
 * private chat with the robot, or a group that @-mentions it) arrive signed on the shared listener;
 * answers go back through the message's sessionWebhook; a personal answer asked in a group goes to
 * the asker privately (robot one-to-one message) and the group gets a note. Buttons send their
 * command as the clicker's own message.
 */
export function createDingtalkAdapter(options: DingtalkAdapterOptions): ChatAdapter {
  const logger = options.logger.child({ adapter: "dingtalk" });
  const now = options.now ?? Date.now;
  const api = dingtalkOapi(options, logger, now);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const deliver = async (m: DingtalkRobotMessage, reply: Reply, chatType: "private" | "group") => {
    const session = m.sessionWebhook;
    if (!session) return;
    const staffId = m.senderStaffId ?? "";
    const robot = { robotCode: options.appKey, staffId };
    if (chatType === "private") {
      await replyInSession(api, session, reply, TITLE);
      if (staffId) await sendFilesPrivately(api, options.apiRoot, robot, reply);
      return;
    }
    if (!reply.personal) return replyInSession(api, session, reply, TITLE);
    await sendPrivately(api, options.apiRoot, robot, reply, TITLE);
    await sendFilesPrivately(api, options.apiRoot, robot, reply);
    const locale = options.defaultLocale ?? "zh";
    await postToSession(session, {
      msgtype: "text",
      text: { content: chatDeliveryMessages(locale).sentPrivately(`@${staffId}`) },
      at: { atUserIds: [staffId] },
    });
  };

  options.http.route(
    DINGTALK_EVENTS_PATH,
    dingtalkCallbackRoute({
      appSecret: options.appSecret,
      sessionWebhookOrigin: new URL(options.oapiRoot).origin,
      recent: new RecentDeliveries(),
      logger,
      processBeforeResponse: options.processBeforeResponse ?? false,
      isStopping: () => stopping,
      now,
      onMessage(m) {
        const message = toIncomingMessage(m);
        if (!message) return Promise.resolve();
        const work = (async () => {
          logger.debug({ handler: "message", chatType: message.chatType }, "dingtalk update");
          const reply = await options.handle(message);
          if (reply.blocks.length === 0) return;
          await deliver(m, reply, message.chatType);
        })().catch((error: unknown) => logger.error({ err: error }, "DingTalk reply failed"));
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
        return work;
      },
    }),
  );

  return {
    name: "dingtalk (http callback)",
    async start() {
      await api.checkCredentials().catch((error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        throw new Error(
          `DingTalk: could not get an access token; check DINGTALK_APP_KEY and DINGTALK_APP_SECRET (${detail})`,
          { cause: error },
        );
      });
      logger.info({ path: DINGTALK_EVENTS_PATH }, "DingTalk adapter started");
    },
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
