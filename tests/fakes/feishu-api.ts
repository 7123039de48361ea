/**
 * A fake Feishu (飞书) open platform over real HTTP on 127.0.0.1: tenant_access_token, message
 * create, image and file upload, as the official SDK calls them. Tokens are numbered (t-1, t-2…) and can
 * be expired on demand (HTTP 400, code 99991663). Also builds the encrypted, signed event and
 * card-callback requests Feishu sends to an app.
 */
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface FeishuCall {
  path: string;
  token: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeFeishu {
  readonly domain: string;
  readonly calls: FeishuCall[];
  callsTo(path: string): FeishuCall[];
  /** Messages sent, with their content parsed. */
  messages(): {
    receiveIdType: string;
    receiveId: string;
    msgType: string;
    content: Record<string, unknown>;
  }[];
  expireCurrentToken(): void;
  /** The next message create answers HTTP `status` with Feishu `code`. */
  failNextMessage(status: number, code: number): void;
  /** Files uploaded for file messages, by file_key. */
  readonly files: Map<string, { fileType: string; fileName: string; bytes: Uint8Array }>;
  close(): Promise<void>;
}

export async function startFakeFeishu(): Promise<FakeFeishu> {
  const calls: FeishuCall[] = [];
  let tokens = 0;
  let current = "";
  const expired = new Set<string>();
  let failure: { status: number; code: number } | null = null;
  let ids = 0;
  const files = new Map<string, { fileType: string; fileName: string; bytes: Uint8Array }>();
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const path = url.pathname;
      const query = Object.fromEntries(url.searchParams);
      const send = (status: number, value: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      const raw = await readBytes(req);
      if (path === "/open-apis/auth/v3/tenant_access_token/internal") {
        current = `t-${++tokens}`;
        calls.push({ path, token: "", query, body: JSON.parse(raw.toString("utf8")), at: Date.now() });
        return send(200, { code: 0, msg: "ok", tenant_access_token: current, expire: 7200 });
      }
      const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      if (!token.startsWith("t-") || expired.has(token))
        return send(400, { code: 99991663, msg: "Invalid access token for authorization." });
      if (path === "/open-apis/im/v1/images") {
        const form = await new Request("http://x", {
          method: "POST",
          headers: { "content-type": req.headers["content-type"] ?? "" },
          body: new Uint8Array(raw),
        }).formData();
        const image = form.get("image");
        calls.push({
          path,
          token,
          query,
          body: { image_type: form.get("image_type"), bytes: image instanceof Blob ? image.size : 0 },
          at: Date.now(),
        });
        return send(200, { code: 0, msg: "success", data: { image_key: `img_${++ids}` } });
      }
      if (path === "/open-apis/im/v1/files") {
        const form = await new Request("http://x", {
          method: "POST",
          headers: { "content-type": req.headers["content-type"] ?? "" },
          body: new Uint8Array(raw),
        }).formData();
        const fileKey = `file_${++ids}`;
        const entry = {
          fileType: String(form.get("file_type")),
          fileName: String(form.get("file_name")),
          // The SDK sends the file part without a filename, which a FormData parser reads as text.
          bytes: multipartPart(raw, req.headers["content-type"] ?? "", "file"),
        };
        files.set(fileKey, entry);
        calls.push({ path, token, query, body: { ...entry, bytes: entry.bytes.byteLength }, at: Date.now() });
        return send(200, { code: 0, msg: "success", data: { file_key: fileKey } });
      }
      if (path === "/open-apis/im/v1/messages") {
        if (failure) {
          const { status, code } = failure;
          failure = null;
          return send(status, { code, msg: "refused" });
        }
        calls.push({ path, token, query, body: JSON.parse(raw.toString("utf8")), at: Date.now() });
        return send(200, { code: 0, msg: "success", data: { message_id: `om_${++ids}` } });
      }
      send(404, { code: 404, msg: `no fake for ${path}` });
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    domain: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (path) => calls.filter((c) => c.path === path),
    messages: () =>
      calls
        .filter((c) => c.path === "/open-apis/im/v1/messages")
        .map((c) => ({
          receiveIdType: c.query.receive_id_type ?? "",
          receiveId: String(c.body.receive_id),
          msgType: String(c.body.msg_type),
          content: JSON.parse(String(c.body.content)) as Record<string, unknown>,
        })),
    expireCurrentToken: () => expired.add(current),
    failNextMessage: (status, code) => {
      failure = { status, code };
    },
    files,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Encrypts like Feishu: AES-256-CBC, key SHA-256(encrypt key), random IV before the ciphertext. */
export function encryptForFeishu(encryptKey: string, plain: string): string {
  const key = createHash("sha256").update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(plain, "utf8"), cipher.final()]).toString("base64");
}

/** A signed, encrypted callback request, as Feishu posts it. */
export function signedEvent(
  secrets: { encryptKey: string },
  payload: unknown,
  options: { timestamp?: number; signature?: string } = {},
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ encrypt: encryptForFeishu(secrets.encryptKey, JSON.stringify(payload)) });
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString("hex");
  const signature =
    options.signature ??
    createHash("sha256")
      .update(timestamp + nonce + secrets.encryptKey + body)
      .digest("hex");
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-lark-request-timestamp": timestamp,
      "x-lark-request-nonce": nonce,
      "x-lark-signature": signature,
    },
  };
}

let events = 0;

/** im.message.receive_v1 for a text message (schema 2.0). */
export function messageEvent(
  token: string,
  m: { openId: string; chatId: string; chatType: "p2p" | "group"; text: string; eventId?: string },
) {
  return {
    schema: "2.0",
    header: {
      event_id: m.eventId ?? `ev-${++events}`,
      event_type: "im.message.receive_v1",
      token,
      create_time: String(Date.now()),
      app_id: "cli_test",
      tenant_key: "tenant",
    },
    event: {
      sender: { sender_id: { open_id: m.openId }, sender_type: "user", tenant_key: "tenant" },
      message: {
        message_id: `om_in_${events}`,
        chat_id: m.chatId,
        chat_type: m.chatType,
        message_type: "text",
        content: JSON.stringify({ text: m.text }),
        mentions: m.text.includes("@_user_1")
          ? [{ key: "@_user_1", id: { open_id: "ou_bot" }, name: "RetainBot" }]
          : [],
      },
    },
  };
}

/** card.action.trigger for a button whose value we sent. */
export function cardActionEvent(token: string, a: { openId: string; chatId: string; value: unknown }) {
  return {
    schema: "2.0",
    header: {
      event_id: `ev-${++events}`,
      event_type: "card.action.trigger",
      token,
      create_time: String(Date.now()),
      app_id: "cli_test",
      tenant_key: "tenant",
    },
    event: {
      operator: { open_id: a.openId, tenant_key: "tenant" },
      token: "c-token",
      action: { tag: "button", value: a.value },
      host: "im_message",
      context: { open_message_id: "om_card", open_chat_id: a.chatId },
    },
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

/** One part's raw bytes of a multipart/form-data body, by field name (empty when absent). */
function multipartPart(body: Buffer, contentType: string, name: string): Uint8Array {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (!boundary) return new Uint8Array();
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length, next);
    const split = part.indexOf("\r\n\r\n");
    if (split >= 0 && new RegExp(`name="${name}"`).test(part.subarray(0, split).toString("utf8")))
      return new Uint8Array(part.subarray(split + 4, part.length - 2));
    start = next;
  }
  return new Uint8Array();
}
