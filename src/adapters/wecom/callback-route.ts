import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteHandler } from "../../http/http-listener.js";
import { readBody } from "../../http/read-body.js";
import type { Logger } from "../../logger.js";
import {
  type CallbackRefusal,
  type CallbackSecrets,
  openCallback,
  type SignedQuery,
} from "./callback-crypto.js";
import { parseWecomXml, toWecomInbound, type WecomInbound } from "./inbound.js";

const REFUSAL_STATUS: Record<CallbackRefusal, number> = {
  bad_signature: 401,
  stale_timestamp: 403,
  wrong_corp: 403,
  bad_payload: 400,
};

export interface CallbackRouteDeps {
  secrets: CallbackSecrets;
  logger: Logger;
  /** Acts on a verified message; `respondFirst` lets WeCom have its answer before the work ends. */
  onInbound(inbound: Exclude<WecomInbound, { kind: "ignored" }>): Promise<void>;
  /** Answer only after the work is done (tests); WeCom wants an answer within 5 s. */
  processBeforeResponse: boolean;
  isStopping(): boolean;
  now(): number;
}

/**
 * The WeCom callback URL: GET is the URL verification (echo the decrypted echostr), POST carries
 * an encrypted message. Both are refused, before anything is decrypted or run, when the signature
 * is wrong or the timestamp is more than five minutes off.
 */
export function wecomCallbackRoute(deps: CallbackRouteDeps): RouteHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const query: SignedQuery = {
      msgSignature: url.searchParams.get("msg_signature") ?? "",
      timestamp: url.searchParams.get("timestamp") ?? "",
      nonce: url.searchParams.get("nonce") ?? "",
    };
    if (req.method === "GET") {
      const opened = openCallback(deps.secrets, query, url.searchParams.get("echostr") ?? "", deps.now());
      if (!opened.ok) return refuse(res, opened.error, deps.logger, "verification");
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(opened.value);
      return;
    }
    if (deps.isStopping()) {
      res.writeHead(503).end();
      return;
    }
    await receive(req, res, query, deps);
  };
}

async function receive(
  req: IncomingMessage,
  res: ServerResponse,
  query: SignedQuery,
  deps: CallbackRouteDeps,
): Promise<void> {
  const body = await readBody(req);
  const outer = body === null ? null : parseWecomXml(body);
  if (!outer?.Encrypt) {
    res.writeHead(400).end("bad request");
    return;
  }
  const opened = openCallback(deps.secrets, query, outer.Encrypt, deps.now());
  if (!opened.ok) return refuse(res, opened.error, deps.logger, "message");
  const inner = parseWecomXml(opened.value);
  const inbound = inner ? toWecomInbound(inner) : ({ kind: "ignored", reason: "unreadable" } as const);
  if (inbound.kind === "ignored") {
    deps.logger.debug({ reason: inbound.reason }, "WeCom callback ignored");
    res.writeHead(200).end("");
    return;
  }
  // An empty 200 tells WeCom "received, no passive reply": answers go through the message API.
  const work = deps.onInbound(inbound);
  if (deps.processBeforeResponse) await work;
  res.writeHead(200).end("");
}

function refuse(res: ServerResponse, refusal: CallbackRefusal, logger: Logger, what: string): void {
  logger.warn({ refusal, what }, "WeCom callback refused");
  res.writeHead(REFUSAL_STATUS[refusal]).end(refusal);
}
