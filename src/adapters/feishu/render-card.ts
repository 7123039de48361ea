import type { Reply, ReplyBlock } from "../../chat/reply.js";
import { markdownLines, PLAIN_MARKDOWN, truncateChars } from "../markdown.js";

/** A Feishu message card (JSON 1.0 form: config, header, elements). */
export type FeishuCard = {
  config: { wide_screen_mode: boolean; update_multi: boolean };
  header?: { title: { tag: "plain_text"; content: string }; template: string };
  elements: Record<string, unknown>[];
};

/** Images must be uploaded first: the renderer asks for each one's image_key. */
export type ImageKeyOf = (block: Extract<ReplyBlock, { type: "image" }>) => string | undefined;

/** Button styles, in the order of a customer's actions (contacted, retained, lost, later, talk track). */
const BUTTON_TYPES = ["primary", "primary", "danger", "default", "default"];
/** Keeps one card well under Feishu's 30 KB request limit. */
const MAX_ELEMENTS = 60;

/**
 * Renders a reply as one interactive card: the first heading as the card's header, text and lists
 * as markdown, each customer as markdown with its buttons (their `value.action` is the command a
 * click runs), notices as grey notes, images (already uploaded) as image elements.
 */
export function renderFeishuCard(
  reply: Reply,
  options: { imageKeyOf?: ImageKeyOf; chatType?: "private" | "group" } = {},
): FeishuCard {
  const imageKeyOf = options.imageKeyOf ?? (() => undefined);
  const chat = options.chatType ?? "private";
  const blocks = [...reply.blocks];
  const first = blocks[0];
  const header =
    first?.type === "heading"
      ? { title: { tag: "plain_text" as const, content: truncateChars(first.text, 100) }, template: "blue" }
      : undefined;
  if (header) blocks.shift();
  const elements: Record<string, unknown>[] = [];
  let pending: ReplyBlock[] = [];
  const flush = () => {
    const content = markdownLines(pending, PLAIN_MARKDOWN).join("\n").trim();
    if (content) elements.push({ tag: "markdown", content });
    pending = [];
  };
  for (const block of blocks) {
    if (block.type === "customer" && block.actions.length > 0) {
      pending.push({ ...block, actions: [] });
      flush();
      elements.push({
        tag: "action",
        actions: block.actions.map((a, i) => ({
          tag: "button",
          text: { tag: "plain_text", content: a.label },
          type: BUTTON_TYPES[i] ?? "default",
          // The click is signed by Feishu and says nothing of the chat's kind: the card tells it.
          value: { action: a.action, chat },
        })),
      });
    } else if (block.type === "notice") {
      flush();
      elements.push({ tag: "note", elements: [{ tag: "plain_text", content: block.text }] });
    } else if (block.type === "image") {
      flush();
      const key = imageKeyOf(block);
      if (key)
        elements.push({ tag: "img", img_key: key, alt: { tag: "plain_text", content: block.caption } });
    } else pending.push(block);
  }
  flush();
  return {
    config: { wide_screen_mode: true, update_multi: true },
    ...(header ? { header } : {}),
    elements: elements.slice(0, MAX_ELEMENTS),
  };
}
