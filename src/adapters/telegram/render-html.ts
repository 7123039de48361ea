import type { ActionButton, Reply, ReplyBlock } from "../../chat/reply.js";

/** Telegram's limit on a photo caption. */
const CAPTION_LIMIT = 1024;

/** One message to send: HTML text (split later if too long), optionally with buttons, or a photo. */
export type OutgoingMessage =
  | { kind: "text"; html: string; actions: ActionButton[] }
  | { kind: "photo"; png: Uint8Array; captionHtml: string }
  | { kind: "document"; bytes: Uint8Array; name: string; captionHtml: string };

/** Escapes text for Telegram's HTML parse mode: only `<`, `>` and `&` are special there. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Renders a reply as Telegram messages. Text blocks run together into one message; a customer
 * with buttons becomes a message of its own (a card), so a button press can edit exactly that
 * customer's message; an image becomes a photo, a file a document. Every line is balanced HTML, so the text can be
 * split on line boundaries.
 */
export function renderReply(reply: Reply): OutgoingMessage[] {
  const out: OutgoingMessage[] = [];
  let lines: string[] = [];
  const flushText = (): void => {
    if (lines.length > 0) out.push({ kind: "text", html: lines.join("\n"), actions: [] });
    lines = [];
  };
  for (const block of reply.blocks) {
    if (block.type === "image") {
      flushText();
      out.push({
        kind: "photo",
        png: block.png,
        captionHtml: escapeHtml(truncate(block.caption, CAPTION_LIMIT)),
      });
    } else if (block.type === "file") {
      flushText();
      out.push({
        kind: "document",
        bytes: block.bytes,
        name: block.name,
        captionHtml: escapeHtml(truncate(block.caption, CAPTION_LIMIT)),
      });
    } else if (isButtonBar(block) && lines.length > 0) {
      // Buttons about the answer above (👍 / 👎): under that message, not a card of their own.
      lines.push("", ...blockLines(block));
      out.push({ kind: "text", html: lines.join("\n"), actions: block.actions });
      lines = [];
    } else if (block.type === "customer" && block.actions.length > 0) {
      flushText();
      out.push({ kind: "text", html: blockLines(block).join("\n"), actions: block.actions });
    } else {
      if (block.type === "heading" && lines.length > 0) lines.push("");
      lines.push(...blockLines(block));
    }
  }
  flushText();
  return out;
}

/** Buttons with a title and no customer or detail lines behind them. */
function isButtonBar(block: ReplyBlock): block is Extract<ReplyBlock, { type: "customer" }> {
  return (
    block.type === "customer" &&
    block.customerId === "" &&
    block.lines.length === 0 &&
    block.actions.length > 0
  );
}

function blockLines(block: Exclude<ReplyBlock, { type: "image" | "file" }>): string[] {
  switch (block.type) {
    case "heading":
      return [`<b>${escapeHtml(block.text)}</b>`];
    case "text":
      return block.text.split("\n").map(escapeHtml);
    case "notice":
      return block.text.split("\n").map((line) => `<i>${escapeHtml(line)}</i>`);
    case "list":
      return block.items.map((item) => `• ${escapeHtml(item).replace(/\n/g, "\n  ")}`);
    case "customer":
      return [`<b>${escapeHtml(block.title)}</b>`, ...block.lines.map((l) => `   ${escapeHtml(l)}`)];
  }
}

function truncate(text: string, limit: number): string {
  const chars = Array.from(text);
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join("")}…`;
}
