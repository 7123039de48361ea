import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RateLimitRules {
  /** Calls accepted in any sliding second, across all chats (Telegram: 30). */
  globalPerSecond: number;
  /** Calls accepted per chat in any sliding `perChatWindowMs` (Telegram: 20 a minute). */
  perChatPerWindow: number;
  perChatWindowMs: number;
}

export const TELEGRAM_RULES: RateLimitRules = {
  globalPerSecond: 30,
  perChatPerWindow: 20,
  perChatWindowMs: 60_000,
};

/** One accepted message: which chat, which method, and a text or caption to spot doubles. */
export interface AcceptedCall {
  chatId: string;
  method: string;
  text: string;
  at: number;
}

/**
 * A Bot API fake on 127.0.0.1 that enforces Telegram's send limits with sliding windows and answers
 * a call over a limit with 429 and `parameters.retry_after`, as Telegram does. It counts what it
 * accepted and refused, so a test or bench can check nothing was lost, doubled or over the limit.
 */
/** What a scripted call gets instead of the rules: a 429 with this retry_after (s), or no answer ever. */
export type ScriptedAnswer = number | "hang" | undefined;

export class RateLimitedTelegramFake {
  readonly accepted: AcceptedCall[] = [];
  /**
   * Answers chosen per call before the rules apply (undefined: the rules). A call left hanging
   * counts as accepted: it reached the platform, and its sender never learns the outcome.
   */
  script: (chatId: string, method: string) => ScriptedAnswer = () => undefined;
  rejected429 = 0;
  private readonly server: Server;
  private readonly recent: number[] = [];
  private readonly perChat = new Map<string, number[]>();
  private nextMessageId = 1;

  constructor(private readonly rules: RateLimitRules = TELEGRAM_RULES) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        res.writeHead(500).end();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Accepted calls per chat, to find lost or doubled messages. */
  countsByChat(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of this.accepted) counts.set(call.chatId, (counts.get(call.chatId) ?? 0) + 1);
    return counts;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("latin1");
    const method = (req.url ?? "").split("/").pop() ?? "";
    const fields = parseFields(req.headers["content-type"] ?? "", body);
    const chatId = fields.chat_id ?? "";
    const now = Date.now();
    const scripted = this.script(chatId, method);
    if (scripted === "hang") {
      this.accepted.push({ chatId, method, text: fields.text ?? fields.caption ?? "", at: now });
      return;
    }
    if (scripted !== undefined) {
      this.rejected429++;
      return json(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${scripted}`,
        parameters: { retry_after: scripted },
      });
    }

    prune(this.recent, now - 1000);
    const chatCalls = this.perChat.get(chatId) ?? [];
    prune(chatCalls, now - this.rules.perChatWindowMs);
    let retryAfterMs = 0;
    if (this.recent.length >= this.rules.globalPerSecond) retryAfterMs = (this.recent[0] ?? now) + 1000 - now;
    if (chatCalls.length >= this.rules.perChatPerWindow)
      retryAfterMs = Math.max(retryAfterMs, (chatCalls[0] ?? now) + this.rules.perChatWindowMs - now);
    if (retryAfterMs > 0) {
      this.rejected429++;
      const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
      return json(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
    }
    this.recent.push(now);
    chatCalls.push(now);
    this.perChat.set(chatId, chatCalls);
    this.accepted.push({ chatId, method, text: fields.text ?? fields.caption ?? "", at: now });
    const messageId = this.nextMessageId++;
    json(res, 200, {
      ok: true,
      result: {
        message_id: messageId,
        date: Math.floor(now / 1000),
        chat: { id: Number(chatId), type: "group" },
      },
    });
  }
}

function prune(times: number[], before: number): void {
  while (times.length > 0 && (times[0] ?? 0) <= before) times.shift();
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
}

/** chat_id, text and caption from JSON, urlencoded or (leniently) multipart bodies. */
function parseFields(contentType: string, body: string): Record<string, string> {
  if (contentType.includes("application/json")) {
    const parsed = JSON.parse(body || "{}") as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  }
  if (contentType.includes("multipart/form-data")) {
    const fields: Record<string, string> = {};
    for (const m of body.matchAll(/name="?([\w]+)"?\r\n(?:[^\r\n]+\r\n)*\r\n([^\r]*)\r\n/g)) {
      const [, name, value] = m;
      if (name && (name === "chat_id" || name === "caption" || name === "text"))
        fields[name] = Buffer.from(value ?? "", "latin1").toString("utf8");
    }
    return fields;
  }
  return Object.fromEntries(new URLSearchParams(body));
}
