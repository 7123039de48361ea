import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One Bot API call the fake received. Multipart files arrive as `Uint8Array` fields. */
export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

/** A message as the fake holds it: parsed text and entities, as Telegram would return it. */
export interface StoredMessage {
  message_id: number;
  chat_id: number;
  text: string;
  entities: Record<string, unknown>[];
  reply_markup?: unknown;
}

interface Failure {
  method: string;
  status: number;
  description: string;
  retryAfter?: number;
  match?: (payload: Record<string, unknown>) => boolean;
}

export const FAKE_BOT = {
  id: 4242,
  is_bot: true as const,
  first_name: "RetainBot",
  username: "retain_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/**
 * A Telegram Bot API server on 127.0.0.1 for tests: holds getUpdates open until updates are
 * queued, records every call, answers sendMessage/editMessageText/sendPhoto/sendDocument with plausible
 * messages, and can fail chosen calls (429 with retry_after, 403 …).
 */
/** Update ids are unique for a bot over time, as Telegram's are (a store may outlive a fake). */
let nextUpdateId = 1;

export class FakeTelegramApi {
  readonly calls: RecordedCall[] = [];
  /** Messages the bot sent, by message_id, updated by editMessageText. */
  readonly messages = new Map<number, StoredMessage>();
  private readonly server: Server;
  private readonly updates: Record<string, unknown>[] = [];
  private readonly pollers = new Set<() => void>();
  private readonly failures: Failure[] = [];
  private nextMessageId = 1000;
  private callListeners = new Set<() => void>();

  private constructor(readonly token: string) {
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  }

  static async start(token = "123:TEST"): Promise<FakeTelegramApi> {
    const fake = new FakeTelegramApi(token);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  /** The apiRoot to give grammY (no trailing slash). */
  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues an update for getUpdates; returns it with its update_id. */
  pushUpdate(update: Record<string, unknown>): Record<string, unknown> {
    const withId = { update_id: nextUpdateId++, ...update };
    this.updates.push(withId);
    for (const wake of this.pollers) wake();
    return withId;
  }

  /** Makes the next call of `method` (matching `match`, if given) fail once. */
  failNext(method: string, failure: Omit<Failure, "method">): void {
    this.failures.push({ method, ...failure });
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `count` calls of `method` satisfying `where` have arrived. */
  async waitFor(
    method: string,
    where: (payload: Record<string, unknown>) => boolean = () => true,
    count = 1,
    timeoutMs = 5_000,
  ): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.callsOf(method).filter((c) => where(c.payload));
      if (found.length >= count) return found;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${count} × ${method}; calls so far: ${this.calls.map((c) => c.method).join(", ")}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.callListeners.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    for (const wake of this.pollers) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (!match || match[1] !== this.token) {
      send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const method = match[2] ?? "";
    const payload = await readPayload(req);
    if (method !== "getUpdates") {
      this.calls.push({ method, payload, at: Date.now() });
      for (const listener of this.callListeners) listener();
      this.callListeners.clear();
    }
    const failure = this.failures.findIndex((f) => f.method === method && (!f.match || f.match(payload)));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      send(res, f!.status, {
        ok: false,
        error_code: f!.status,
        description: f!.description,
        ...(f!.retryAfter !== undefined ? { parameters: { retry_after: f!.retryAfter } } : {}),
      });
      return;
    }
    if (method === "getUpdates") {
      await this.answerGetUpdates(req, res, payload);
      return;
    }
    if (payload.parse_mode === "HTML") {
      for (const field of ["text", "caption"]) {
        const value = payload[field];
        if (typeof value === "string" && !parseHtml(value)) {
          send(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse entities" });
          return;
        }
      }
    }
    send(res, 200, { ok: true, result: this.result(method, payload) });
  }

  private async answerGetUpdates(
    req: IncomingMessage,
    res: ServerResponse,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const offset = Number(payload.offset ?? 0);
    // Updates below the offset are confirmed: drop them, as Telegram does.
    while (this.updates.length > 0 && Number(this.updates[0]!.update_id) < offset) this.updates.shift();
    if (this.updates.length === 0) {
      const timeoutMs = Math.min(Number(payload.timeout ?? 0), 30) * 1000;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.pollers.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, timeoutMs);
        this.pollers.add(wake);
        req.once("close", wake);
      });
    }
    if (res.destroyed) return;
    const limit = Number(payload.limit ?? 100);
    send(res, 200, {
      ok: true,
      result: this.updates.filter((u) => Number(u.update_id) >= offset).slice(0, limit),
    });
  }

  private result(method: string, payload: Record<string, unknown>): unknown {
    switch (method) {
      case "getMe":
        return FAKE_BOT;
      case "sendMessage":
      case "sendPhoto":
      case "sendDocument":
      case "editMessageText": {
        const chatId = Number(payload.chat_id);
        const messageId = method === "editMessageText" ? Number(payload.message_id) : this.nextMessageId++;
        const raw = String(payload.text ?? payload.caption ?? "");
        const parsed =
          payload.parse_mode === "HTML"
            ? parseHtml(raw)!
            : { text: raw, entities: (payload.entities as Record<string, unknown>[] | undefined) ?? [] };
        const stored: StoredMessage = {
          message_id: messageId,
          chat_id: chatId,
          ...parsed,
          ...(payload.reply_markup ? { reply_markup: payload.reply_markup } : {}),
        };
        this.messages.set(messageId, stored);
        return {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: chatId < 0 ? "supergroup" : "private" },
          from: FAKE_BOT,
          ...(method === "sendPhoto"
            ? { photo: [], caption: parsed.text }
            : method === "sendDocument"
              ? {
                  document: { file_id: `doc-${messageId}`, file_unique_id: `u${messageId}` },
                  caption: parsed.text,
                }
              : { text: parsed.text }),
        };
      }
      default:
        return true;
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readPayload(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  if (body.length === 0) return {};
  if (type.includes("application/json")) return JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  const boundary = /boundary=("?)([^";]+)\1/i.exec(type)?.[2];
  if (boundary) return parseMultipart(body, boundary);
  return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
}

/**
 * A lenient multipart/form-data reader: grammY writes compact part headers that Node's own
 * `Response.formData()` rejects. Text fields holding JSON are parsed; file parts stay bytes.
 */
function parseMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length, next);
    const split = part.indexOf("\r\n\r\n");
    if (split >= 0) {
      const headers = part.subarray(0, split).toString("utf8");
      const content = part.subarray(split + 4, part.length - 2); // drop the trailing CRLF
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) {
        if (/filename=/i.test(headers)) out[name] = new Uint8Array(content);
        else out[name] = parseField(content.toString("utf8"));
      }
    }
    start = next;
  }
  return out;
}

function parseField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const ENTITY_TYPES: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  code: "code",
};
const CHARACTER_REFERENCES: Record<string, string> = {
  "&lt;": "<",
  "&gt;": ">",
  "&amp;": "&",
  "&quot;": '"',
};

/**
 * Telegram's HTML parse mode, strictly enough to catch mistakes: known tags must nest and close,
 * a bare `<` or an unknown `&…;` is refused (null), as Telegram answers "can't parse entities".
 */
export function parseHtml(html: string): { text: string; entities: Record<string, unknown>[] } | null {
  let text = "";
  const entities: Record<string, unknown>[] = [];
  const open: { tag: string; offset: number }[] = [];
  for (const token of html.match(/<[^>]*>|&[^;\s]*;?|[^<&]+/g) ?? []) {
    if (token.startsWith("<")) {
      const close = /^<\/(\w+)>$/.exec(token);
      const start = /^<(\w+)>$/.exec(token);
      if (close) {
        const top = open.pop();
        if (!top || top.tag !== close[1]) return null;
        entities.push({ type: ENTITY_TYPES[top.tag], offset: top.offset, length: text.length - top.offset });
      } else if (start && start[1]! in ENTITY_TYPES) {
        open.push({ tag: start[1]!, offset: text.length });
      } else {
        return null;
      }
    } else if (token.startsWith("&")) {
      const ch = CHARACTER_REFERENCES[token];
      if (ch === undefined) return null;
      text += ch;
    } else {
      text += token;
    }
  }
  return open.length === 0 ? { text, entities } : null;
}
