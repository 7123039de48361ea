import type { ReplyBlock } from "../chat/reply.js";

/** Where the markdown dialects of WeCom, DingTalk and Feishu cards differ. */
export interface MarkdownDialect {
  /** A remark about how the answer was made, shown subdued. */
  notice(text: string): string;
}

/** WeCom: `<font color="comment">` is its grey. */
export const WECOM_MARKDOWN: MarkdownDialect = {
  notice: (text) => `<font color="comment">${text}</font>`,
};

/** DingTalk and Feishu cards: no colours, italics instead. */
export const PLAIN_MARKDOWN: MarkdownDialect = { notice: (text) => `*${text}*` };

/**
 * A reply's text blocks as markdown lines: headings bold, lists as "- " items (indented items
 * nested), a customer as its bold title over quoted detail lines. Images and files are left to the
 * caller (every platform sends them as messages of their own). Sections are set apart by blank lines.
 */
export function markdownLines(blocks: readonly ReplyBlock[], dialect: MarkdownDialect): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    if (block.type === "image" || block.type === "file") continue;
    if (out.length > 0 && block.type !== "text") out.push("");
    switch (block.type) {
      case "heading":
        out.push(`**${block.text}**`);
        break;
      case "text":
        out.push(...block.text.split("\n"));
        break;
      case "notice":
        out.push(...block.text.split("\n").map((line) => dialect.notice(line)));
        break;
      case "list":
        for (const item of block.items) {
          const nested = /^\s+/.exec(item);
          out.push(nested ? `    - ${item.trimStart()}` : `- ${item.replace(/\n/g, " ")}`);
        }
        break;
      case "customer":
        out.push(`**${block.title}**`, ...block.lines.map((line) => `> ${line}`));
        break;
    }
  }
  return out;
}

/**
 * Joins lines into messages of at most `maxBytes` UTF-8 bytes (platforms count bytes), breaking
 * between lines; a single longer line is cut at a character boundary.
 */
export function chunkByBytes(lines: readonly string[], maxBytes: number): string[] {
  const chunks: string[] = [];
  let current = "";
  const bytes = (s: string) => Buffer.byteLength(s, "utf8");
  for (const raw of lines) {
    const line = bytes(raw) > maxBytes ? cutToBytes(raw, maxBytes) : raw;
    const joined = current === "" ? line : `${current}\n${line}`;
    if (bytes(joined) <= maxBytes) {
      current = joined;
      continue;
    }
    if (current.trim() !== "") chunks.push(current);
    current = line;
  }
  if (current.trim() !== "") chunks.push(current);
  return chunks;
}

/** The longest prefix of `text` within `maxBytes` bytes, ending in "…". */
export function cutToBytes(text: string, maxBytes: number): string {
  let out = "";
  for (const ch of text) {
    if (Buffer.byteLength(`${out}${ch}…`, "utf8") > maxBytes) break;
    out += ch;
  }
  return `${out}…`;
}

/** At most `max` characters (code points), ending in "…" when cut. */
export function truncateChars(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
