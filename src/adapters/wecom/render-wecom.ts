import type { Reply, ReplyBlock } from "../../chat/reply.js";
import { chunkByBytes, markdownLines, truncateChars, WECOM_MARKDOWN } from "../markdown.js";

/** WeCom's documented limits for app messages and template cards. */
export const WECOM_LIMITS = {
  /** markdown.content of an app message, in bytes. */
  markdownBytes: 2048,
  cardTitleChars: 26,
  cardDescChars: 30,
  cardSubTitleChars: 112,
  buttonTextChars: 10,
  buttons: 6,
  /** Button keys carry the action (a command string). */
  buttonKeyBytes: 1024,
} as const;

/** Cards per reply: WeCom drops app messages beyond 30 per member per minute. */
export const MAX_CARDS_PER_REPLY = 10;

export type WecomTemplateCard = Record<string, unknown>;

export type WecomOutgoing =
  | { kind: "markdown"; content: string }
  | { kind: "card"; card: WecomTemplateCard }
  | { kind: "image"; png: Uint8Array; caption: string }
  | { kind: "file"; bytes: Uint8Array; name: string; mimeType: string };

/** Button colours, in the order of a customer's actions (contacted, retained, lost, later, talk track). */
const BUTTON_STYLES = [1, 1, 3, 2, 4];

/**
 * Renders a reply for a WeCom app chat: the text (lists and customers with their evidence) as
 * markdown, then one button card per customer with actions, then images. A card's buttons carry
 * the actions as keys, so a click comes back as the same command the user could have typed.
 */
export function renderWecomReply(reply: Reply, newTaskId: () => string): WecomOutgoing[] {
  const out: WecomOutgoing[] = chunkByBytes(
    markdownLines(reply.blocks, WECOM_MARKDOWN),
    WECOM_LIMITS.markdownBytes,
  ).map((content) => ({ kind: "markdown" as const, content }));
  const customers = reply.blocks.filter(
    (b): b is Extract<ReplyBlock, { type: "customer" }> => b.type === "customer" && b.actions.length > 0,
  );
  for (const block of customers.slice(0, MAX_CARDS_PER_REPLY))
    out.push({ kind: "card", card: customerCard(block, newTaskId()) });
  for (const block of reply.blocks)
    if (block.type === "image") out.push({ kind: "image", png: block.png, caption: block.caption });
    else if (block.type === "file")
      out.push({ kind: "file", bytes: block.bytes, name: block.name, mimeType: block.mimeType });
  return out;
}

/** A button_interaction template card: the customer's title, first reason, and its buttons. */
export function customerCard(
  block: Extract<ReplyBlock, { type: "customer" }>,
  taskId: string,
): WecomTemplateCard {
  const [first = "", ...rest] = block.lines;
  return {
    card_type: "button_interaction",
    main_title: {
      title: truncateChars(block.title, WECOM_LIMITS.cardTitleChars),
      desc: truncateChars(block.customerId, WECOM_LIMITS.cardDescChars),
    },
    sub_title_text: truncateChars([first, ...rest].join("\n"), WECOM_LIMITS.cardSubTitleChars),
    task_id: taskId,
    button_list: block.actions
      .filter((a) => Buffer.byteLength(a.action, "utf8") <= WECOM_LIMITS.buttonKeyBytes)
      .slice(0, WECOM_LIMITS.buttons)
      .map((a, i) => ({
        text: truncateChars(a.label, WECOM_LIMITS.buttonTextChars),
        style: BUTTON_STYLES[i] ?? 1,
        key: a.action,
      })),
  };
}
