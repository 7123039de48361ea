import type { Reply, ReplyBlock } from "../../chat/reply.js";
import { chunkByBytes, markdownLines, PLAIN_MARKDOWN, truncateChars } from "../markdown.js";

/** A markdown message's text stays well under DingTalk's 20,000-byte message limit. */
const MARKDOWN_BYTES = 5_000;
/** Cards per reply, as on WeCom: one per customer with buttons. */
export const MAX_CARDS_PER_REPLY = 10;

export type DingtalkMessage = Record<string, unknown>;

/**
 * A button that makes the DingTalk client send `command` as the user's own message to the robot
 * (the `dtmd://dingtalkclient/sendMessage` link), so a click runs through the command layer like a
 * typed command, authorised as the person who clicked.
 */
export function sendMessageLink(command: string): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(command)}`;
}

/**
 * Renders a reply for a robot conversation: the text (lists, customers with their evidence) as
 * markdown messages, then one action card per customer with its buttons. Images need uploading
 * first and are left to the caller (`imageMarkdown`).
 */
export function renderDingtalkReply(reply: Reply, title: string): DingtalkMessage[] {
  const out: DingtalkMessage[] = chunkByBytes(
    markdownLines(reply.blocks, PLAIN_MARKDOWN),
    MARKDOWN_BYTES,
  ).map((text) => ({ msgtype: "markdown", markdown: { title, text } }));
  const customers = reply.blocks.filter(
    (b): b is Extract<ReplyBlock, { type: "customer" }> => b.type === "customer" && b.actions.length > 0,
  );
  for (const block of customers.slice(0, MAX_CARDS_PER_REPLY))
    out.push({
      msgtype: "actionCard",
      actionCard: {
        title: truncateChars(block.title, 40),
        text: [`**${block.title}**`, ...block.lines.slice(0, 2).map((l) => `> ${l}`)].join("\n\n"),
        btnOrientation: "1",
        btns: block.actions.map((a) => ({ title: a.label, actionURL: sendMessageLink(a.action) })),
      },
    });
  return out;
}

/** A markdown message showing an uploaded image (DingTalk accepts a media_id as the image source). */
export function imageMarkdown(title: string, caption: string, mediaId: string): DingtalkMessage {
  return { msgtype: "markdown", markdown: { title, text: `**${caption}**\n\n![${caption}](${mediaId})` } };
}
