import type { GroupPoster } from "../briefings/poster.js";
import {
  type Config,
  DINGTALK_VARIABLES,
  FEISHU_VARIABLES,
  platformConfigured,
  WECOM_VARIABLES,
} from "../config.js";
import type { Logger } from "../logger.js";
import { dingtalkOapi } from "./dingtalk/dingtalk-oapi.js";
import { createDingtalkRobotPoster } from "./dingtalk/robot-poster.js";
import { createFeishuPoster } from "./feishu/feishu-poster.js";
import { createSlackPoster } from "./slack/slack-poster.js";
import { createTelegramGroupPoster } from "./telegram/group-poster.js";
import { createWecomRobotPoster } from "./wecom/robot-poster.js";

/** A briefing poster for each chat platform that is configured. */
export function createGroupPosters(config: Config, logger: Logger): GroupPoster[] {
  const posters: GroupPoster[] = [];
  if (config.TELEGRAM_BOT_TOKEN)
    posters.push(
      createTelegramGroupPoster({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT }),
    );
  if (config.SLACK_BOT_TOKEN)
    posters.push(createSlackPoster({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL, logger }));
  // WeCom groups are reached through their group robots (the key is the group's chat id).
  if (platformConfigured(config, WECOM_VARIABLES))
    posters.push(createWecomRobotPoster({ apiRoot: config.WECOM_API_ROOT }));
  // Feishu groups bound with /bindgroup, by chat_id (the SDK loads with the first briefing).
  if (platformConfigured(config, FEISHU_VARIABLES))
    posters.push(
      createFeishuPoster({
        appId: config.FEISHU_APP_ID ?? "",
        appSecret: config.FEISHU_APP_SECRET ?? "",
        domain: config.FEISHU_DOMAIN,
        logger,
      }),
    );
  // DingTalk groups through their custom robots (access_token + secret); charts uploaded by the app.
  if (platformConfigured(config, DINGTALK_VARIABLES)) {
    const app = {
      appKey: config.DINGTALK_APP_KEY ?? "",
      appSecret: config.DINGTALK_APP_SECRET ?? "",
      oapiRoot: config.DINGTALK_OAPI_ROOT,
    };
    posters.push(
      createDingtalkRobotPoster({
        oapiRoot: app.oapiRoot,
        api: dingtalkOapi(app, logger.child({ role: "dingtalk-poster" })),
      }),
    );
  }
  return posters;
}
