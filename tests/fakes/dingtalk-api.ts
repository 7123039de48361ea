/**
 * A fake DingTalk (钉钉) over real HTTP on 127.0.0.1: oapi gettoken and media/upload, custom robot
 * webhooks (robot/send: checks each robot's HMAC-SHA256 signature and 20 messages per minute),
 * session webhooks (robot/sendBySession) and the robot's one-to-one messages
 * (v1.0/robot/oToMessages/batchSend). Every call is recorded.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface DingtalkCall {
  path: string;
  query: Record<string, string>;
  token: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeDingtalk {
  /** Both DINGTALK_API_ROOT and DINGTALK_OAPI_ROOT point here. */
  readonly root: string;
  readonly calls: DingtalkCall[];
  callsTo(path: string): DingtalkCall[];
  /** A session webhook URL on this fake. */
  sessionWebhook(id: string): string;
  /** Registers a custom robot: its access_token and signing secret. */
  addRobot(accessToken: string, secret: string): void;
  /** Uploaded media by media_id: the upload's type, file name and bytes. */
  readonly media: Map<string, { type: string; filename: string; bytes: Uint8Array }>;
  close(): Promise<void>;
}

const sign = (secret: string, timestamp: string) =>
  createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");

export async function startFakeDingtalk(
  options: { robotLimit?: { max: number; windowMs: number } } = {},
): Promise<FakeDingtalk> {
  const calls: DingtalkCall[] = [];
  const robots = new Map<string, string>();
  const robotSends = new Map<string, number[]>();
  const limit = options.robotLimit ?? { max: 20, windowMs: 60_000 };
  let tokens = 0;
  let media = 0;
  const uploaded = new Map<string, { type: string; filename: string; bytes: Uint8Array }>();
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const path = url.pathname;
      const query = Object.fromEntries(url.searchParams);
      const send = (status: number, value: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      const raw = await readBytes(req);
      const record = (token: string, body: Record<string, unknown>) =>
        calls.push({ path, query, token, body, at: Date.now() });
      if (path === "/gettoken") {
        record("", {});
        return send(200, { errcode: 0, errmsg: "ok", access_token: `dt-${++tokens}`, expires_in: 7200 });
      }
      if (path === "/media/upload") {
        if (!query.access_token?.startsWith("dt-"))
          return send(200, { errcode: 40014, errmsg: "invalid token" });
        record(query.access_token, { bytes: raw.length, type: query.type });
        const form = await new Request("http://x", {
          method: "POST",
          headers: { "content-type": req.headers["content-type"] ?? "" },
          body: new Uint8Array(raw),
        }).formData();
        const file = form.get("media");
        const mediaId = `@lAD_${++media}`;
        if (file instanceof File)
          uploaded.set(mediaId, {
            type: query.type ?? "",
            filename: file.name,
            bytes: new Uint8Array(await file.arrayBuffer()),
          });
        return send(200, { errcode: 0, errmsg: "ok", type: query.type, media_id: mediaId });
      }
      const body = raw.length > 0 ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {};
      if (path === "/robot/send") {
        const secret = robots.get(query.access_token ?? "");
        if (!secret) return send(200, { errcode: 300001, errmsg: "token is not exist" });
        const ts = query.timestamp ?? "";
        if (query.sign !== sign(secret, ts) || Math.abs(Date.now() - Number(ts)) > 3_600_000)
          return send(200, { errcode: 310000, errmsg: "sign not match" });
        const now = Date.now();
        const recent = (robotSends.get(query.access_token ?? "") ?? []).filter(
          (t) => t > now - limit.windowMs,
        );
        if (recent.length >= limit.max) return send(200, { errcode: 130101, errmsg: "send too fast" });
        recent.push(now);
        robotSends.set(query.access_token ?? "", recent);
        record(query.access_token ?? "", body);
        return send(200, { errcode: 0, errmsg: "ok" });
      }
      if (path === "/robot/sendBySession") {
        record(query.session ?? "", body);
        return send(200, { errcode: 0, errmsg: "ok" });
      }
      if (path === "/v1.0/robot/oToMessages/batchSend") {
        const token = String(req.headers["x-acs-dingtalk-access-token"] ?? "");
        if (!token.startsWith("dt-"))
          return send(401, { code: "InvalidAuthentication", message: "bad token" });
        record(token, body);
        return send(200, { processQueryKey: `q-${calls.length}` });
      }
      send(404, { errcode: 404, errmsg: `no fake for ${path}` });
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;
  return {
    root,
    calls,
    callsTo: (path) => calls.filter((c) => c.path === path),
    sessionWebhook: (id) => `${root}/robot/sendBySession?session=${id}`,
    addRobot: (token, secret) => robots.set(token, secret),
    media: uploaded,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The headers DingTalk signs a robot callback with (the app secret's HMAC of the timestamp). */
export function callbackHeaders(appSecret: string, options: { timestamp?: number; sign?: string } = {}) {
  const timestamp = String(options.timestamp ?? Date.now());
  return { "content-type": "application/json", timestamp, sign: options.sign ?? sign(appSecret, timestamp) };
}

let messages = 0;

/** A text message to the robot: "1" a private chat, "2" a group that @-mentioned it. */
export function robotMessage(
  fake: FakeDingtalk,
  m: { staffId: string; conversationId: string; conversationType: "1" | "2"; text: string; msgId?: string },
) {
  const id = m.msgId ?? `msg-${++messages}`;
  return {
    msgId: id,
    msgtype: "text",
    text: { content: ` ${m.text}` },
    conversationType: m.conversationType,
    conversationId: m.conversationId,
    senderStaffId: m.staffId,
    senderNick: m.staffId,
    sessionWebhook: fake.sessionWebhook(id),
    sessionWebhookExpiredTime: Date.now() + 5_400_000,
    robotCode: "ding-app",
  };
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
