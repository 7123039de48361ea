import type { GroupPoster } from "../briefings/poster.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { createSlackPoster } from "./slack/slack-poster.js";
import { createTelegramGroupPoster } from "./telegram/group-poster.js";

/** A briefing poster for each chat platform whose bot token is configured. */
export function createGroupPosters(config: Config, logger: Logger): GroupPoster[] {
  const posters: GroupPoster[] = [];
  if (config.TELEGRAM_BOT_TOKEN)
    posters.push(
      createTelegramGroupPoster({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT }),
    );
  if (config.SLACK_BOT_TOKEN)
    posters.push(createSlackPoster({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL, logger }));
  return posters;
}
