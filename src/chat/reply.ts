import type { Locale } from "../i18n/catalogue.js";

/**
 * What the command layer answers: platform-neutral blocks that each adapter renders its own way
 * (console text, Telegram HTML, Slack Block Kit), plus the structured result for `ask --json`.
 */

/** A button under a customer entry; `action` is an opaque command string the adapter sends back. */
export interface ActionButton {
  label: string;
  /** The command the button sends (language-neutral, so any instance and locale understands it). */
  action: string;
  /** The same command as a person types it in the reply's language: plain-text replies show it. */
  typed?: string;
}

export type ReplyBlock =
  | { type: "heading"; text: string }
  | { type: "text"; text: string }
  | { type: "list"; items: string[] }
  /** One customer in a list: a title line, detail lines and buttons. */
  | { type: "customer"; customerId: string; title: string; lines: string[]; actions: ActionButton[] }
  | { type: "image"; png: Uint8Array; caption: string }
  /**
   * A document to send as a file (an XLSX export). Only ever in a private chat: the command layer
   * drops it from anything a group reads, and adapters send it as the platform's file message.
   */
  | { type: "file"; name: string; bytes: Uint8Array; mimeType: string; caption: string }
  /** A remark about how the answer was made, e.g. "composed without the LLM". */
  | { type: "notice"; text: string };

export interface Reply {
  blocks: ReplyBlock[];
  /** Structured result for integrations and tests (`ask --json`). */
  data?: unknown;
  /** True when the reply holds personal data that belongs in a private chat, not a group. */
  personal?: boolean;
  /** The language it is written in (set by the command layer); plain text frames headings by it. */
  locale?: Locale;
  /** An error code when the request was refused or failed; the blocks say what to do. */
  errorCode?: string;
  /**
   * Set while an answer is still being written (an LLM streaming). `blocks` then hold a
   * placeholder; an adapter that can edit a message shows `deltas` as they come and replaces them
   * with `final`; any other adapter just awaits `final` (see settleReply).
   */
  stream?: ReplyStream;
}

export interface ReplyStream {
  /** The answer's text as it is written, piece by piece. */
  deltas: AsyncIterable<string>;
  /** The finished reply (without `stream`); never rejects. */
  final: Promise<Reply>;
}

/** The finished form of a reply: waits for a streaming reply to end, returns any other as it is. */
export async function settleReply(reply: Reply): Promise<Reply> {
  return reply.stream ? await reply.stream.final : reply;
}

export const textReply = (text: string, extra: Partial<Reply> = {}): Reply => ({
  blocks: [{ type: "text", text }],
  ...extra,
});

/**
 * Plain-text rendering shared by the console adapter and the CLI. Sections are set apart by a blank
 * line (before a heading, after a list or a customer, before a notice); list items indented in the
 * blocks are sub-items; buttons, which cannot be pressed here, are shown as the commands to type.
 */
export function replyToPlainText(reply: Reply): string {
  const out: string[] = [];
  let previous: ReplyBlock["type"] | null = null;
  for (const block of reply.blocks) {
    const newSection =
      block.type === "heading" ||
      block.type === "notice" ||
      previous === "list" ||
      previous === "customer" ||
      (block.type === "customer" && previous !== "heading");
    if (previous !== null && newSection) out.push("");
    previous = block.type;
    switch (block.type) {
      case "heading":
        // 【】 frame a Chinese heading; an English reader gets the same without Chinese punctuation.
        out.push(reply.locale === "en" ? `== ${block.text} ==` : `【${block.text}】`);
        break;
      case "text":
      case "notice":
        out.push(block.text);
        break;
      case "list":
        for (const item of block.items) {
          const nested = /^\s+/.exec(item);
          out.push(nested ? `${" ".repeat(nested[0].length)}◦ ${item.trimStart()}` : `• ${item}`);
        }
        break;
      case "customer":
        out.push(block.title, ...block.lines.map((l) => `   ${l}`));
        if (block.actions.length > 0) out.push(`   → ${actionsAsCommands(block.actions)}`);
        break;
      case "image":
        out.push(`(image: ${block.caption}, ${block.png.byteLength} bytes)`);
        break;
      case "file":
        out.push(`(file: ${block.name}, ${block.bytes.byteLength} bytes)`);
        break;
    }
  }
  return out.join("\n");
}

/**
 * Buttons as typed commands, those sharing a command and its first argument written once:
 * `/done C1 contacted|retained|lost · /track C1`.
 */
function actionsAsCommands(actions: readonly ActionButton[]): string {
  const groups = new Map<string, string[]>();
  for (const { action, typed } of actions) {
    const command = typed ?? action;
    const words = command.trim().split(/\s+/);
    const [head, rest] =
      words.length > 2 ? [words.slice(0, 2).join(" "), words.slice(2).join(" ")] : [command, ""];
    groups.set(head, [...(groups.get(head) ?? []), rest]);
  }
  return [...groups]
    .map(([head, rests]) =>
      rests.every((r) => r === "") ? head : `${head} ${rests.filter((r) => r !== "").join("|")}`,
    )
    .join(" · ");
}
