import {
  type Config,
  DINGTALK_VARIABLES,
  FEISHU_VARIABLES,
  platformConfigured,
  WECOM_VARIABLES,
} from "../config.js";
import type { Logger } from "../logger.js";
import { err, ok, type Result } from "../result.js";
import type { ChatPlatform } from "../services/identity/chat-platforms.js";
import type { DirectSender } from "../services/identity/lead-alert.js";
import { dingtalkOapi } from "./dingtalk/dingtalk-oapi.js";
import type { FeishuClient } from "./feishu/feishu-client.js";
import { createSlackPoster } from "./slack/slack-poster.js";
import { createTelegramGroupPoster } from "./telegram/group-poster.js";
import { wecomOapiFromConfig } from "./wecom/wecom-oapi.js";

const TITLE = "客户维系助手";

/**
 * A direct-message sender for each configured chat platform, for messages the bot starts itself
 * (security alerts to a team lead). Telegram and Slack reach a person through the same API as a
 * group; WeCom through the app's message API (touser), Feishu by open_id, DingTalk through the
 * app robot's one-to-one messages. Errors are values, never throws.
 */
export function createDirectSenders(config: Config, logger: Logger): DirectSender[] {
  const senders: DirectSender[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const poster = createTelegramGroupPoster({
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
    });
    senders.push(fromPoster("telegram", (id, text) => poster.postBlocks(id, [{ type: "text", text }])));
  }
  if (config.SLACK_BOT_TOKEN) {
    const poster = createSlackPoster({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL, logger });
    senders.push(fromPoster("slack", (id, text) => poster.postBlocks(id, [{ type: "text", text }])));
  }
  if (platformConfigured(config, WECOM_VARIABLES)) {
    const api = wecomOapiFromConfig(config, logger);
    const agentid = Number(config.WECOM_AGENT_ID);
    senders.push(
      attempting("wecom", (touser, content) =>
        api.post("/cgi-bin/message/send", { touser, agentid, msgtype: "text", text: { content } }),
      ),
    );
  }
  if (platformConfigured(config, FEISHU_VARIABLES)) {
    let feishu: FeishuClient | undefined;
    senders.push(
      attempting("feishu", async (openId, text) => {
        // The SDK is large: it loads with the first alert.
        const { createFeishuClient } = await import("./feishu/feishu-client.js");
        const { sendMessage } = await import("./feishu/send-reply.js");
        feishu ??= createFeishuClient({
          appId: config.FEISHU_APP_ID ?? "",
          appSecret: config.FEISHU_APP_SECRET ?? "",
          domain: config.FEISHU_DOMAIN,
          logger,
        });
        await sendMessage(feishu, { idType: "open_id", id: openId }, "text", { text });
      }),
    );
  }
  if (platformConfigured(config, DINGTALK_VARIABLES)) {
    const appKey = config.DINGTALK_APP_KEY ?? "";
    const api = dingtalkOapi(
      { appKey, appSecret: config.DINGTALK_APP_SECRET ?? "", oapiRoot: config.DINGTALK_OAPI_ROOT },
      logger,
    );
    senders.push(
      attempting("dingtalk", async (staffId, text) => {
        const { sendPrivately } = await import("./dingtalk/send-reply.js");
        await sendPrivately(
          api,
          config.DINGTALK_API_ROOT,
          { robotCode: appKey, staffId },
          { blocks: [{ type: "text", text }] },
          TITLE,
        );
      }),
    );
  }
  return senders;
}

function fromPoster(
  platform: ChatPlatform,
  post: (userId: string, text: string) => Promise<Result<void, { message: string }>>,
): DirectSender {
  return {
    platform,
    async sendText(userId, text) {
      const posted = await post(userId, text);
      return posted.ok ? ok(undefined) : err(posted.error.message);
    },
  };
}

function attempting(
  platform: ChatPlatform,
  send: (userId: string, text: string) => Promise<unknown>,
): DirectSender {
  return {
    platform,
    async sendText(userId, text) {
      try {
        await send(userId, text);
        return ok(undefined);
      } catch (error) {
        return err(error instanceof Error ? error.message : String(error));
      }
    },
  };
}
