import type { ServerResponse } from "node:http";
import type { RouteHandler } from "../../http/http-listener.js";
import { readBody } from "../../http/read-body.js";
import type { Logger } from "../../logger.js";
import type { RecentDeliveries } from "../recent-deliveries.js";
import type { DingtalkRobotMessage } from "./inbound.js";
import { isValidSign } from "./sign.js";

/** DingTalk refuses callbacks whose timestamp is more than an hour off; so do we. */
export const MAX_CALLBACK_SKEW_MS = 60 * 60_000;

export interface CallbackRouteDeps {
  appSecret: string;
  /** Replies go to the message's sessionWebhook: only on this host (DingTalk's oapi), never elsewhere. */
  sessionWebhookOrigin: string;
  recent: RecentDeliveries;
  logger: Logger;
  onMessage(message: DingtalkRobotMessage): Promise<void>;
  processBeforeResponse: boolean;
  isStopping(): boolean;
  now(): number;
}

/**
 * The URL DingTalk posts robot messages to (消息接收模式: HTTP). Each request's `sign` header must
 * be the app secret's HMAC of its `timestamp` header, within an hour of our clock; otherwise it is
 * refused and nothing runs. A repeated msgId is acknowledged without running it again.
 */
export function dingtalkCallbackRoute(deps: CallbackRouteDeps): RouteHandler {
  return async (req, res) => {
    if (deps.isStopping()) return void res.writeHead(503).end();
    const timestamp = String(req.headers.timestamp ?? "");
    const sign = String(req.headers.sign ?? "");
    if (!timestamp || !sign || !isValidSign(deps.appSecret, timestamp, sign))
      return refuse(res, 401, "bad_signature", deps.logger);
    if (Math.abs(deps.now() - Number(timestamp)) > MAX_CALLBACK_SKEW_MS)
      return refuse(res, 403, "stale_timestamp", deps.logger);
    let message: DingtalkRobotMessage;
    try {
      message = JSON.parse((await readBody(req)) ?? "") as DingtalkRobotMessage;
    } catch {
      return refuse(res, 400, "unreadable", deps.logger);
    }
    if (message.sessionWebhook && new URL(message.sessionWebhook).origin !== deps.sessionWebhookOrigin)
      return refuse(res, 400, "foreign_session_webhook", deps.logger);
    if (message.msgId && !deps.recent.firstTime(message.msgId)) {
      deps.logger.info({ msgId: message.msgId }, "DingTalk message repeated: not run again");
      return json(res);
    }
    const work = deps.onMessage(message);
    if (deps.processBeforeResponse) await work;
    json(res);
  };
}

function json(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" }).end("{}");
}

function refuse(res: ServerResponse, status: number, reason: string, logger: Logger): void {
  logger.warn({ reason }, "DingTalk callback refused");
  res.writeHead(status).end(reason);
}
