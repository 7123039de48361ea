import type { Reply } from "../chat/reply.js";

/**
 * The text of a reply that fits on a pressed card in place of its buttons ("已记录：已联系"): one
 * text or notice block of one line, already written; null for anything longer (a talk track).
 */
export function oneLineOutcome(reply: Reply): string | null {
  const [only, ...rest] = reply.blocks;
  if (reply.stream || rest.length > 0 || !only) return null;
  if ((only.type !== "text" && only.type !== "notice") || only.text.includes("\n")) return null;
  return only.text;
}
