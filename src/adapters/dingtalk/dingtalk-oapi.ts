import type { Logger } from "../../logger.js";
import { OapiClient } from "../oapi-client.js";

/** DingTalk's older server API (oapi): the app's access token and media upload. */
export function dingtalkOapi(
  app: { appKey: string; appSecret: string; oapiRoot: string },
  logger: Logger,
  now?: () => number,
): OapiClient {
  return new OapiClient({
    name: "DingTalk",
    apiRoot: app.oapiRoot,
    tokenPath: "/gettoken",
    uploadPath: "/media/upload",
    tokenQuery: { appkey: app.appKey, appsecret: app.appSecret },
    logger,
    ...(now ? { now } : {}),
  });
}
