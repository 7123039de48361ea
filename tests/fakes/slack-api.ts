/**
 * A fake Slack over real HTTP on 127.0.0.1: the Web API methods RetainBot calls (form-urlencoded,
 * as @slack/web-api sends them), response_url endpoints for slash commands and buttons, and a
 * Socket Mode WebSocket that says hello and pushes envelopes. Every call is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/** One Web API call or response_url post, with JSON-valued fields (blocks) already parsed. */
export interface SlackCall {
  /** "chat.postMessage", "auth.test"… or "response_url" for posts to a response URL. */
  method: string;
  /** The bearer token the call carried (the response URL path for response_url posts). */
  token: string;
  params: Record<string, unknown>;
  /** When the fake received it (Date.now()), for pacing checks. */
  at: number;
}

export interface FakeSlack {
  /** What SLACK_API_URL is set to: http://127.0.0.1:P/api/ */
  readonly apiUrl: string;
  readonly calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  /** Resolves once `count` calls to `method` have been recorded (fails after `timeoutMs`). */
  waitForCalls(method: string, count?: number, timeoutMs?: number): Promise<SlackCall[]>;
  /** A response_url on this fake; posts to it are recorded as method "response_url". */
  responseUrl(id: string): string;
  /** Files uploaded to an upload URL (files.uploadV2's middle step), by file id. */
  readonly uploads: { fileId: string; bytes: number }[];
  /** The uploaded files' contents, by file id. */
  readonly uploadedFiles: Map<string, Uint8Array>;
  /** The next call to `method` fails: HTTP 429 with Retry-After, or `ok: false` with an error code. */
  failNext(method: string, failure: { retryAfterSeconds: number } | { error: string }): void;
  /** Socket Mode: resolves once a client has connected and been sent hello. */
  socketConnected(timeoutMs?: number): Promise<void>;
  /** Pushes an envelope over Socket Mode and resolves with the client's acknowledgement. */
  pushEnvelope(type: string, payload: unknown): Promise<{ envelope_id: string; payload?: unknown }>;
  close(): Promise<void>;
}

const BOT = { user_id: "UBOT", bot_id: "BBOT", team_id: "T0001", team: "RetainBot Test", user: "retainbot" };

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  const clients = new Set<WebSocket>();
  const acks = new Map<string, (ack: { envelope_id: string; payload?: unknown }) => void>();
  const uploads: { fileId: string; bytes: number }[] = [];
  const uploadedFiles = new Map<string, Uint8Array>();
  const failures = new Map<string, { retryAfterSeconds: number } | { error: string }>();
  let tsCounter = 0;
  let envelopeCounter = 0;
  const nextTs = () => `1700000000.${String(++tsCounter).padStart(6, "0")}`;

  const record = (call: SlackCall) => {
    calls.push(call);
    for (const wake of waiters) wake();
  };

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });

  const handleHttp = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (path.startsWith("/upload/")) {
      const content = await uploadedFile(req);
      const bytes = content.byteLength;
      uploads.push({ fileId: path.slice("/upload/".length), bytes });
      uploadedFiles.set(path.slice("/upload/".length), content);
      res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${bytes}`);
      return;
    }
    const raw = (await readBytes(req)).toString("utf8");
    if (path.startsWith("/response/")) {
      record({
        method: "response_url",
        token: path,
        params: JSON.parse(raw) as Record<string, unknown>,
        at: Date.now(),
      });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    const method = path.replace(/^\/api\//, "");
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const params = parseParams(raw, req.headers["content-type"]);
    record({ method, token, params, at: Date.now() });
    const failure = failures.get(method);
    failures.delete(method);
    if (failure && "retryAfterSeconds" in failure) {
      res.writeHead(429, { "retry-after": String(failure.retryAfterSeconds) }).end();
      return;
    }
    sendJson(res, failure ? { ok: false, error: failure.error } : answer(method, token, params));
  };

  const answer = (
    method: string,
    token: string,
    params: Record<string, unknown>,
  ): Record<string, unknown> => {
    // Tokens containing "-bad-" are ones Slack has revoked or never issued.
    if (token.includes("-bad-")) return { ok: false, error: "invalid_auth" };
    switch (method) {
      case "auth.test":
        return { ok: true, url: "https://retainbot-test.slack.com/", ...BOT };
      case "chat.postMessage": {
        const ts = nextTs();
        return {
          ok: true,
          channel: params.channel,
          ts,
          message: { ts, text: params.text, blocks: params.blocks },
        };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "chat.update":
        return { ok: true, channel: params.channel, ts: params.ts, text: params.text };
      case "files.getUploadURLExternal": {
        const fileId = `F${String(++tsCounter).padStart(6, "0")}`;
        return { ok: true, file_id: fileId, upload_url: `http://127.0.0.1:${port()}/upload/${fileId}` };
      }
      case "files.completeUploadExternal":
        return { ok: true, files: JSON.parse(String(params.files ?? "[]")) };
      case "apps.connections.open":
        return { ok: true, url: `ws://127.0.0.1:${port()}/socket` };
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on("close", () => clients.delete(ws));
      ws.on("message", (data) => {
        const ack = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
        acks.get(ack.envelope_id)?.(ack);
      });
      ws.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0001" } }));
      for (const wake of waiters) wake();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = () => (server.address() as AddressInfo).port;

  const waitUntil = (done: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (done()) return resolve();
      const wake = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`fake Slack: timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.add(wake);
    });

  const callsTo = (method: string) => calls.filter((c) => c.method === method);
  return {
    apiUrl: `http://127.0.0.1:${port()}/api/`,
    calls,
    callsTo,
    async waitForCalls(method, count = 1, timeoutMs = 5000) {
      await waitUntil(() => callsTo(method).length >= count, timeoutMs, `${count} × ${method}`);
      return callsTo(method);
    },
    uploads,
    uploadedFiles,
    failNext: (method, failure) => failures.set(method, failure),
    responseUrl: (id) => `http://127.0.0.1:${port()}/response/${id}`,
    socketConnected: (timeoutMs = 5000) =>
      waitUntil(() => clients.size > 0, timeoutMs, "a Socket Mode client"),
    pushEnvelope(type, payload) {
      const envelope_id = `env-${++envelopeCounter}`;
      const [client] = clients;
      if (!client) return Promise.reject(new Error("fake Slack: no Socket Mode client connected"));
      const acked = new Promise<{ envelope_id: string; payload?: unknown }>((resolve) =>
        acks.set(envelope_id, resolve),
      );
      client.send(
        JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== "events_api" }),
      );
      return acked;
    },
    async close() {
      for (const client of clients) client.terminate();
      wss.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The uploaded file: the file part of a multipart body (how web-api sends it), else the raw body. */
async function uploadedFile(req: IncomingMessage): Promise<Uint8Array> {
  const raw = await readBytes(req);
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data")) return new Uint8Array(raw);
  const form = await new Response(raw, { headers: { "content-type": type } }).formData();
  for (const value of form.values())
    if (typeof value !== "string") return new Uint8Array(await value.arrayBuffer());
  throw new Error("fake Slack: multipart upload without a file part");
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** What a Slack client would show of posted blocks: escape date tokens as their fallback, entities decoded. */
export function shownText(value: unknown): string {
  return JSON.stringify(value)
    .replace(/<!date\^\d+\^\{_\}\|([^>]*)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

const JSON_FIELDS = new Set(["blocks", "attachments", "metadata"]);

/** Web API bodies are form-urlencoded, with structured fields (blocks) as JSON strings. */
function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes("application/json"))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return params;
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}
