/**
 * Bounded work per message: incoming text is capped before anything runs, and a reply is cut to
 * a bounded number of blocks and characters, so one message can never turn into thousands of
 * outgoing ones on any platform.
 */

import type { Reply, ReplyBlock } from "../chat/reply.js";
import type { Locale } from "../i18n/index.js";
import { securityMessages } from "../i18n/security.js";

/** The longest message the bot reads (characters); longer ones are refused, naming the limit. */
export const MAX_MESSAGE_CHARS = 4_000;
/** The longest list /risk and /care take (a reply still shows at most MAX_REPLY_BLOCKS of it). */
export const MAX_LIST_COUNT = 200;
/** The most blocks (customer cards, lists, texts) one reply may hold. */
export const MAX_REPLY_BLOCKS = 30;
/** The most characters of text one reply may hold (a few chat messages' worth). */
export const MAX_REPLY_CHARS = 20_000;

const blockChars = (block: ReplyBlock): number => {
  switch (block.type) {
    case "list":
      return block.items.reduce((n, item) => n + item.length + 1, 0);
    case "customer":
      return block.title.length + block.lines.reduce((n, l) => n + l.length + 1, 0);
    case "image":
    case "file":
      return block.caption.length;
    default:
      return block.text.length;
  }
};

/**
 * The reply within MAX_REPLY_BLOCKS and MAX_REPLY_CHARS, with a notice when anything was cut;
 * `narrower` is how to ask the same command for less ("/care 10"), named in the notice. The reply
 * leaves marked with its `locale`.
 */
export function boundReply(reply: Reply, locale: Locale, narrower?: string): Reply {
  const blocks = boundBlocks(reply.blocks, locale, narrower);
  const bounded = { ...reply, blocks, locale };
  if (!reply.stream) return bounded;
  const final = reply.stream.final.then((r) => boundReply(r, locale, narrower));
  return { ...bounded, stream: { ...reply.stream, final } };
}

function boundBlocks(blocks: ReplyBlock[], locale: Locale, narrower: string | undefined): ReplyBlock[] {
  let chars = 0;
  for (const [i, block] of blocks.entries()) {
    const size = blockChars(block);
    if (i < MAX_REPLY_BLOCKS && chars + size <= MAX_REPLY_CHARS) {
      chars += size;
      continue;
    }
    const partial = i < MAX_REPLY_BLOCKS ? cut(block, MAX_REPLY_CHARS - chars) : null;
    const notice: ReplyBlock = {
      type: "notice",
      text: securityMessages(locale).replyShortened(MAX_REPLY_BLOCKS, narrower),
    };
    return [...blocks.slice(0, i), ...(partial ? [partial] : []), notice];
  }
  return blocks;
}

/** As much of a text or list block as fits in `room` characters; null for other blocks. */
function cut(block: ReplyBlock, room: number): ReplyBlock | null {
  if (room <= 0) return null;
  if (block.type === "text") return { ...block, text: `${block.text.slice(0, room)}…` };
  if (block.type !== "list") return null;
  const items: string[] = [];
  let used = 0;
  for (const item of block.items) {
    if (used + item.length + 1 > room) break;
    items.push(item);
    used += item.length + 1;
  }
  return items.length > 0 ? { ...block, items } : null;
}
