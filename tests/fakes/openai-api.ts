/**
 * A fake OpenAI-compatible server over real HTTP on 127.0.0.1: chat completions (plain and SSE
 * streaming) and embeddings, with programmable failures (429, 500, slow, hanging, cut streams).
 * It records every request so tests can check exactly what would have left the machine.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** The fields of a request body the fake looks at; tests read the rest through `body` too. */
export interface RequestBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: { role: string; content: string }[];
  max_tokens?: number;
  input?: string | string[];
  encoding_format?: string;
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: RequestBody | null;
  /** The raw body text, for "is this string anywhere in what was sent" checks. */
  raw: string;
}

export type ChatBehaviour =
  /** Answers with `text` (streamed in `chunks` pieces when the request asks for a stream). */
  | { type: "answer"; text: string; chunks?: readonly string[]; chunkDelayMs?: number; usage?: Usage }
  | { type: "status"; status: number; message?: string }
  /** Waits, then behaves as `then`. */
  | { type: "slow"; delayMs: number; then: ChatBehaviour }
  /** Accepts the request and never answers. */
  | { type: "hang" }
  /** Streams the first chunks (`chunkDelayMs` apart), then cuts the connection. */
  | { type: "cut"; chunks: readonly string[]; chunkDelayMs?: number };

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface FakeOpenAi {
  /** e.g. http://127.0.0.1:41234/v1 — what OPENAI_BASE_URL is set to. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Chat requests only. */
  chatRequests(): RecordedRequest[];
  /** The next chat completion requests get these behaviours, in order; then the default. */
  enqueue(...behaviours: ChatBehaviour[]): void;
  setDefault(behaviour: ChatBehaviour | ((request: RecordedRequest) => ChatBehaviour)): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE: Usage = { prompt_tokens: 120, completion_tokens: 40, total_tokens: 160 };

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  const queue: ChatBehaviour[] = [];
  let fallback: ChatBehaviour | ((request: RecordedRequest) => ChatBehaviour) = {
    type: "answer",
    text: "好的。[1]",
  };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: RequestBody | null = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body,
      raw,
    };
    requests.push(recorded);
    if (req.url?.endsWith("/embeddings")) return answerEmbeddings(res, body);
    if (!req.url?.endsWith("/chat/completions")) return json(res, 404, { error: { message: "not found" } });
    const behaviour = queue.shift() ?? (typeof fallback === "function" ? fallback(recorded) : fallback);
    await runChat(res, body, behaviour, sleep);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake OpenAI server has no port");

  return {
    baseURL: `http://127.0.0.1:${address.port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith("/chat/completions")),
    enqueue: (...behaviours) => {
      queue.push(...behaviours);
    },
    setDefault: (behaviour) => {
      fallback = behaviour;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function runChat(
  res: ServerResponse,
  body: RequestBody | null,
  behaviour: ChatBehaviour,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const model = body?.model ?? "fake-model";
  switch (behaviour.type) {
    case "status":
      return json(res, behaviour.status, {
        error: { message: behaviour.message ?? `fake status ${behaviour.status}`, type: "fake" },
      });
    case "slow":
      await sleep(behaviour.delayMs);
      if (res.destroyed) return;
      return runChat(res, body, behaviour.then, sleep);
    case "hang":
      return;
    case "cut": {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const piece of behaviour.chunks) {
        res.write(sse(chunk(model, piece)));
        if (behaviour.chunkDelayMs) await sleep(behaviour.chunkDelayMs);
      }
      await sleep(20);
      res.socket?.destroy();
      return;
    }
    case "answer": {
      const usage = behaviour.usage ?? DEFAULT_USAGE;
      if (!body?.stream) {
        return json(res, 200, {
          id: "chatcmpl-fake",
          object: "chat.completion",
          created: 0,
          model,
          choices: [
            { index: 0, message: { role: "assistant", content: behaviour.text }, finish_reason: "stop" },
          ],
          usage,
        });
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const pieces = behaviour.chunks ?? splitInto(behaviour.text, 4);
      for (const piece of pieces) {
        if (res.destroyed) return;
        res.write(sse(chunk(model, piece)));
        if (behaviour.chunkDelayMs) await sleep(behaviour.chunkDelayMs);
      }
      res.write(sse({ ...chunk(model, ""), choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }));
      if (body?.stream_options?.include_usage) res.write(sse({ ...chunk(model, ""), choices: [], usage }));
      res.end("data: [DONE]\n\n");
      return;
    }
  }
}

function chunk(model: string, content: string) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 0,
    model,
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  };
}

/** Deterministic embeddings: 8 floats from the text's hash, base64 little-endian when asked. */
function answerEmbeddings(res: ServerResponse, body: RequestBody | null): void {
  const inputs: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? "")];
  const data = inputs.map((text, index) => {
    const digest = createHash("sha256").update(text).digest();
    const vector = Float32Array.from({ length: 8 }, (_, i) => (digest[i]! - 128) / 128);
    const embedding =
      body?.encoding_format === "base64" ? Buffer.from(vector.buffer).toString("base64") : Array.from(vector);
    return { object: "embedding", index, embedding };
  });
  json(res, 200, {
    object: "list",
    data,
    model: body?.model ?? "fake-embed",
    usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
  });
}

export function expectedFakeEmbedding(text: string): number[] {
  const digest = createHash("sha256").update(text).digest();
  return Array.from(Float32Array.from({ length: 8 }, (_, i) => (digest[i]! - 128) / 128));
}

function splitInto(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const sse = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;

function json(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      data += c;
    });
    req.on("end", () => resolve(data));
    req.on("error", () => resolve(data));
  });
}
