import type { IncomingMessage } from "node:http";

/** Callback bodies are small (an encrypted message, an event); anything bigger is refused unread. */
export const CALLBACK_BODY_LIMIT = 1024 * 1024;

/** Reads a request body as text, or null when it is larger than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = CALLBACK_BODY_LIMIT): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
