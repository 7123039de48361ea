import type { ServerResponse } from "node:http";
import * as lark from "@larksuiteoapi/node-sdk";
import type { RouteHandler } from "../../http/http-listener.js";
import { readBody } from "../../http/read-body.js";
import type { Logger } from "../../logger.js";
import type { RecentDeliveries } from "../recent-deliveries.js";

/** How far a request's X-Lark-Request-Timestamp may be from our clock. */
export const MAX_EVENT_SKEW_SECONDS = 300;

export interface EventsRouteDeps {
  encryptKey: string;
  verificationToken: string;
  /** The SDK's dispatcher with our handlers registered (it decrypts and routes by event type). */
  dispatcher: lark.EventDispatcher;
  recent: RecentDeliveries;
  logger: Logger;
  isStopping(): boolean;
  now(): number;
}

type Envelope = {
  type?: string;
  challenge?: string;
  token?: string;
  header?: { event_id?: string; event_type?: string; token?: string };
};

/**
 * The Feishu events and card-callback URL. URL verification is answered with the challenge when
 * its token is ours. Every other request must carry a valid X-Lark-Signature (SHA-256 over
 * timestamp, nonce, encrypt key and body, checked by the SDK), a timestamp within five minutes and
 * our verification token; otherwise it is refused and nothing runs. A repeated event_id is
 * acknowledged without running again.
 */
export function feishuEventsRoute(deps: EventsRouteDeps): RouteHandler {
  const cipher = new lark.AESCipher(deps.encryptKey);
  return async (req, res) => {
    if (deps.isStopping()) return void res.writeHead(503).end();
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    let plain: Envelope;
    try {
      body = JSON.parse(raw ?? "") as Record<string, unknown>;
      plain = (
        typeof body.encrypt === "string" ? JSON.parse(cipher.decrypt(body.encrypt)) : body
      ) as Envelope;
    } catch {
      return refuse(res, 400, "unreadable", deps.logger);
    }
    if (plain.type === "url_verification") {
      if (plain.token !== deps.verificationToken) return refuse(res, 401, "bad_token", deps.logger);
      return json(res, { challenge: plain.challenge });
    }
    // The SDK reads the signature headers from the prototype of what it is given.
    const data = Object.assign(Object.create({ headers: req.headers }) as object, body);
    if (!deps.dispatcher.requestHandle?.checkIsEventValidated(data))
      return refuse(res, 401, "bad_signature", deps.logger);
    const timestamp = Number(req.headers["x-lark-request-timestamp"]);
    if (!Number.isFinite(timestamp) || Math.abs(deps.now() / 1000 - timestamp) > MAX_EVENT_SKEW_SECONDS)
      return refuse(res, 403, "stale_timestamp", deps.logger);
    if (plain.header?.token !== deps.verificationToken) return refuse(res, 401, "bad_token", deps.logger);
    const eventId = plain.header.event_id;
    if (eventId && !deps.recent.firstTime(eventId)) {
      deps.logger.info({ eventId }, "Feishu event repeated: not run again");
      return json(res, {});
    }
    const answer: unknown = await deps.dispatcher.invoke(data, { needCheck: false });
    json(res, typeof answer === "object" && answer !== null ? answer : {});
  };
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(value));
}

function refuse(res: ServerResponse, status: number, reason: string, logger: Logger): void {
  logger.warn({ reason }, "Feishu callback refused");
  res.writeHead(status).end(reason);
}
