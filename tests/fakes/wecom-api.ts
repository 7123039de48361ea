/**
 * A fake WeCom (企业微信) over real HTTP on 127.0.0.1: gettoken, message/send,
 * message/update_template_card, media/upload and group robot webhooks (webhook/send). Tokens are
 * numbered (tok-1, tok-2…); a token can be expired on demand (errcode 42001 until a new one is
 * fetched). Robots enforce 20 messages per window (a minute by default) with errcode 45009 and
 * check an image's md5 against its base64. Every call is recorded.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { encrypt, getSignature } from "@wecom/crypto";

export interface WecomCall {
  path: string;
  /** access_token, or the robot key for webhook/send. */
  token: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeWecomOptions {
  /** Robot limit: messages per window per key (default 20 per 60 s). */
  robotLimit?: { max: number; windowMs: number };
  tokenLifetimeSeconds?: number;
}

export interface FakeWecom {
  readonly apiRoot: string;
  readonly calls: WecomCall[];
  callsTo(path: string): WecomCall[];
  waitForCalls(path: string, count?: number, timeoutMs?: number): Promise<WecomCall[]>;
  /** The current token now answers 42001 (expired) until a new one is fetched. */
  expireCurrentToken(): void;
  /** The next `count` message/send calls answer errcode 45009. */
  rateLimitNextSends(count: number): void;
  /** Robot posts refused with 45009 (over the limit), by key. */
  readonly robotRefusals: Map<string, number>;
  /** Uploaded media by media_id: the upload's type, file name and bytes. */
  readonly media: Map<string, UploadedMedia>;
  close(): Promise<void>;
}

export interface UploadedMedia {
  type: string;
  filename: string;
  bytes: Uint8Array;
}

export async function startFakeWecom(options: FakeWecomOptions = {}): Promise<FakeWecom> {
  const calls: WecomCall[] = [];
  const waiters = new Set<() => void>();
  const robotLimit = options.robotLimit ?? { max: 20, windowMs: 60_000 };
  const robotSends = new Map<string, number[]>();
  const robotRefusals = new Map<string, number>();
  let tokens = 0;
  let current = "";
  const expired = new Set<string>();
  let rateLimited = 0;
  let media = 0;
  const uploaded = new Map<string, UploadedMedia>();

  const record = (call: WecomCall) => {
    calls.push(call);
    for (const wake of waiters) wake();
  };
  const answer = (errcode: number, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ errcode, errmsg: errcode === 0 ? "ok" : `error ${errcode}`, ...extra });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const path = url.pathname;
      const json = (text: string) => res.writeHead(200, { "content-type": "application/json" }).end(text);
      if (path === "/cgi-bin/gettoken") {
        current = `tok-${++tokens}`;
        record({ path, token: "", body: Object.fromEntries(url.searchParams), at: Date.now() });
        json(answer(0, { access_token: current, expires_in: options.tokenLifetimeSeconds ?? 7200 }));
        return;
      }
      if (path === "/cgi-bin/webhook/send") {
        const key = url.searchParams.get("key") ?? "";
        const body = JSON.parse((await readBytes(req)).toString("utf8")) as Record<string, unknown>;
        const now = Date.now();
        const recent = (robotSends.get(key) ?? []).filter((t) => t > now - robotLimit.windowMs);
        if (recent.length >= robotLimit.max) {
          robotRefusals.set(key, (robotRefusals.get(key) ?? 0) + 1);
          json(answer(45009));
          return;
        }
        const image = body.image as { base64?: string; md5?: string } | undefined;
        if (image) {
          const md5 = createHash("md5")
            .update(Buffer.from(image.base64 ?? "", "base64"))
            .digest("hex");
          if (md5 !== image.md5) {
            json(answer(40009, { errmsg: "invalid image md5" }));
            return;
          }
        }
        recent.push(now);
        robotSends.set(key, recent);
        record({ path, token: key, body, at: now });
        json(answer(0));
        return;
      }
      const token = url.searchParams.get("access_token") ?? "";
      if (expired.has(token) || !token.startsWith("tok-")) {
        json(answer(token.startsWith("tok-") ? 42001 : 40014));
        return;
      }
      if (path === "/cgi-bin/media/upload") {
        const form = await new Request("http://x", {
          method: "POST",
          headers: { "content-type": req.headers["content-type"] ?? "" },
          body: new Uint8Array(await readBytes(req)),
        }).formData();
        const file = form.get("media");
        const bytes = file instanceof Blob ? file.size : 0;
        const type = url.searchParams.get("type") ?? "";
        record({ path, token, body: { bytes, type }, at: Date.now() });
        const mediaId = `media-${++media}`;
        if (file instanceof File)
          uploaded.set(mediaId, {
            type,
            filename: file.name,
            bytes: new Uint8Array(await file.arrayBuffer()),
          });
        json(answer(0, { type, media_id: mediaId, created_at: "1" }));
        return;
      }
      const body = JSON.parse((await readBytes(req)).toString("utf8")) as Record<string, unknown>;
      if (path === "/cgi-bin/message/send" && rateLimited > 0) {
        rateLimited--;
        json(answer(45009));
        return;
      }
      record({ path, token, body, at: Date.now() });
      json(answer(0, path === "/cgi-bin/message/send" ? { msgid: `msg-${calls.length}` } : {}));
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    robotRefusals,
    media: uploaded,
    callsTo: (path) => calls.filter((c) => c.path === path),
    waitForCalls(path, count = 1, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.filter((c) => c.path === path);
          if (found.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${count} × ${path}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    expireCurrentToken: () => expired.add(current),
    rateLimitNextSends: (count) => {
      rateLimited = count;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What WeCom's servers send: the XML message encrypted, its signature and the signed query. */
export interface WecomCallbackSecrets {
  token: string;
  aesKey: string;
  corpId: string;
}

/** A signed, encrypted POST to the callback URL, as WeCom sends it. */
export function encryptedCallback(
  secrets: WecomCallbackSecrets,
  innerXml: string,
  options: { timestamp?: number; nonce?: string; signature?: string } = {},
): { query: string; body: string } {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? String(Math.floor(Math.random() * 1e9));
  const ciphertext = encrypt(secrets.aesKey, innerXml, secrets.corpId);
  const signature = options.signature ?? getSignature(secrets.token, timestamp, nonce, ciphertext);
  const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce }).toString();
  const body = `<xml><ToUserName><![CDATA[${secrets.corpId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`;
  return { query, body };
}

/** The GET WeCom sends to verify a callback URL: an encrypted echostr to be echoed decrypted. */
export function verificationQuery(secrets: WecomCallbackSecrets, echo: string, timestamp?: number): string {
  const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
  const echostr = encrypt(secrets.aesKey, echo, secrets.corpId);
  const msg_signature = getSignature(secrets.token, ts, "n1", echostr);
  return new URLSearchParams({ msg_signature, timestamp: ts, nonce: "n1", echostr }).toString();
}

/** A member's text message, as the XML inside the encryption. */
export function textMessageXml(userId: string, text: string, msgId: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `<xml><ToUserName><![CDATA[ww-corp]]></ToUserName><FromUserName><![CDATA[${userId}]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;
}

/** A template card button click event. */
export function cardClickXml(userId: string, key: string, taskId: string, responseCode: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `<xml><ToUserName><![CDATA[ww-corp]]></ToUserName><FromUserName><![CDATA[${userId}]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${key}]]></EventKey><TaskId><![CDATA[${taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${responseCode}]]></ResponseCode><AgentID>1000002</AgentID></xml>`;
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
