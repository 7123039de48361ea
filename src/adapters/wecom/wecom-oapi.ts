import type { Logger } from "../../logger.js";
import { OapiClient } from "../oapi-client.js";

/** WeCom's server API (qyapi) for one self-built app: its access token, messages and media. */
export function wecomOapi(
  app: { corpId: string; secret: string; apiRoot: string; rateLimitDelaysMs?: readonly number[] },
  logger: Logger,
  now?: () => number,
): OapiClient {
  return new OapiClient({
    name: "WeCom",
    apiRoot: app.apiRoot,
    tokenQuery: { corpid: app.corpId, corpsecret: app.secret },
    logger,
    ...(now ? { now } : {}),
    ...(app.rateLimitDelaysMs ? { rateLimitDelaysMs: app.rateLimitDelaysMs } : {}),
  });
}

/** The WeCom app's API from the validated configuration. */
export function wecomOapiFromConfig(
  config: { WECOM_CORP_ID?: string | undefined; WECOM_SECRET?: string | undefined; WECOM_API_ROOT: string },
  logger: Logger,
): OapiClient {
  return wecomOapi(
    { corpId: config.WECOM_CORP_ID ?? "", secret: config.WECOM_SECRET ?? "", apiRoot: config.WECOM_API_ROOT },
    logger,
  );
}
