/**
 * A fake OpenAI-compatible embeddings endpoint over real HTTP on 127.0.0.1 whose vectors carry
 * meaning: one dimension per concept, set when the text contains any of the concept's words. So a
 * query can match a passage it shares no words with, as with a real model. Answers base64
 * little-endian float32 when asked (the openai SDK asks by default). Failures are programmable.
 */
import { createServer, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export type EmbeddingsBehaviour =
  | { type: "ok" }
  | { type: "status"; status: number }
  | { type: "slow"; delayMs: number };

export interface ConceptEmbeddings {
  readonly baseURL: string;
  /** Every input text received, one entry per request. */
  readonly requests: string[][];
  setBehaviour(behaviour: EmbeddingsBehaviour): void;
  close(): Promise<void>;
}

export async function startConceptEmbeddings(
  concepts: readonly (readonly string[])[],
): Promise<ConceptEmbeddings> {
  const requests: string[][] = [];
  let behaviour: EmbeddingsBehaviour = { type: "ok" };
  const sockets = new Set<Socket>();
  const vector = (text: string) =>
    Float32Array.from([
      ...concepts.map((words): number => (words.some((w) => text.toLowerCase().includes(w)) ? 1 : 0)),
      0.01,
    ]);

  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw || "{}") as {
      input?: string | string[];
      encoding_format?: string;
      model?: string;
    };
    const inputs = Array.isArray(body.input) ? body.input : [String(body.input ?? "")];
    requests.push(inputs);
    if (behaviour.type === "status")
      return send(res, behaviour.status, { error: { message: "fake failure" } });
    if (behaviour.type === "slow")
      await new Promise((r) => setTimeout(r, behaviour.type === "slow" ? behaviour.delayMs : 0));
    const data = inputs.map((text, index) => {
      const v = vector(text);
      const embedding =
        body.encoding_format === "base64" ? Buffer.from(v.buffer).toString("base64") : Array.from(v);
      return { object: "embedding", index, embedding };
    });
    send(res, 200, { object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    baseURL: `http://127.0.0.1:${address.port}/v1`,
    requests,
    setBehaviour: (b) => {
      behaviour = b;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
