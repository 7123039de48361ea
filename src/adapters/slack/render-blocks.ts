import type { types } from "@slack/bolt";
import type { ActionButton, Reply, ReplyBlock } from "../../chat/reply.js";
import { boldMrkdwn, chunkMrkdwnLines, escapeMrkdwn, truncatePlain } from "./mrkdwn.js";

type KnownBlock = types.KnownBlock;

/** Slack's documented Block Kit limits. */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  elementsPerActions: 25,
  /** The notification text that goes with the blocks; kept short, the blocks carry the content. */
  fallbackText: 300,
} as const;

/** Every button's action_id starts with this, so one listener catches them all. */
export const ACTION_ID_PREFIX = "retain_action";

/** One chat.postMessage worth of content. */
export interface SlackMessage {
  /** Notification and accessibility text (mrkdwn, escaped). */
  text: string;
  blocks: KnownBlock[];
}

/** Blocks that must stay in one message (a customer and its buttons), plus a plain summary. */
interface Unit {
  blocks: KnownBlock[];
  plain: string;
}

/**
 * Renders a Reply as Block Kit: heading → header, text and lists → sections, customers → a
 * section and its buttons, notices → context. Splits into several messages at 50 blocks and
 * long text into several sections, so nothing exceeds Slack's limits.
 */
export function renderReply(reply: Reply, options: { omitImages?: boolean } = {}): SlackMessage[] {
  const counter = { next: 0 };
  const units = reply.blocks.map((block, index) =>
    (block.type === "image" || block.type === "file") && options.omitImages
      ? { blocks: [], plain: "" }
      : renderBlock(block, index, counter),
  );
  return packMessages(units.filter((u) => u.blocks.length > 0));
}

function renderBlock(block: ReplyBlock, index: number, counter: { next: number }): Unit {
  switch (block.type) {
    case "heading":
      return {
        blocks: [
          {
            type: "header",
            text: {
              type: "plain_text",
              text: truncatePlain(block.text, SLACK_LIMITS.headerText),
              emoji: true,
            },
          },
        ],
        plain: block.text,
      };
    case "text":
      return { blocks: sections(block.text.split("\n")), plain: block.text };
    case "list":
      return { blocks: sections(block.items.map((item) => `• ${item}`)), plain: block.items.join("\n") };
    case "customer":
      return {
        blocks: [...customerSections(block.title, block.lines), ...actions(block.actions, index, counter)],
        plain: block.title,
      };
    case "image":
      // Block Kit images need a public URL: where the PNG cannot be uploaded beside the message
      // (ephemeral and response_url answers), its caption stands in.
      return { blocks: context(`🖼 ${block.caption}`), plain: block.caption };
    case "file":
      // Files are uploaded beside the message; where they cannot be (ephemeral), the name stands in.
      return { blocks: context(`📎 ${block.name}`), plain: block.caption };
    case "notice":
      return { blocks: context(block.text), plain: block.text };
  }
}

function sections(lines: readonly string[]): KnownBlock[] {
  return chunkMrkdwnLines(lines, SLACK_LIMITS.sectionText).map((text) => ({
    type: "section",
    text: { type: "mrkdwn", text },
  }));
}

/** The title in bold on the first line, the details below it, in as many sections as needed. */
function customerSections(title: string, lines: readonly string[]): KnownBlock[] {
  const heading = boldMrkdwn(truncatePlain(title, 500));
  const [first = "", ...rest] = chunkMrkdwnLines(lines, SLACK_LIMITS.sectionText - heading.length - 1);
  return [
    { type: "section", text: { type: "mrkdwn", text: first === "" ? heading : `${heading}\n${first}` } },
    ...rest.map((text): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text } })),
  ];
}

function context(text: string): KnownBlock[] {
  return chunkMrkdwnLines(text.split("\n"), SLACK_LIMITS.sectionText).map((chunk) => ({
    type: "context",
    elements: [{ type: "mrkdwn", text: chunk }],
  }));
}

/** Buttons whose value is the command string; a press sends it back through the handler. */
function actions(buttons: readonly ActionButton[], index: number, counter: { next: number }): KnownBlock[] {
  const usable = buttons.filter((b) => b.action.length <= SLACK_LIMITS.buttonValue);
  const blocks: KnownBlock[] = [];
  for (let start = 0; start < usable.length; start += SLACK_LIMITS.elementsPerActions) {
    blocks.push({
      type: "actions",
      block_id: `retain_actions:${index}:${start}`,
      elements: usable.slice(start, start + SLACK_LIMITS.elementsPerActions).map((button) => ({
        type: "button",
        text: { type: "plain_text", text: truncatePlain(button.label, SLACK_LIMITS.buttonText), emoji: true },
        action_id: `${ACTION_ID_PREFIX}:${counter.next++}`,
        value: button.action,
      })),
    });
  }
  return blocks;
}

/** Packs units into messages of at most 50 blocks, splitting only units that alone exceed it. */
function packMessages(units: readonly Unit[]): SlackMessage[] {
  const max = SLACK_LIMITS.blocksPerMessage;
  const messages: { blocks: KnownBlock[]; plain: string[] }[] = [];
  let current: { blocks: KnownBlock[]; plain: string[] } = { blocks: [], plain: [] };
  const flush = () => {
    if (current.blocks.length > 0) messages.push(current);
    current = { blocks: [], plain: [] };
  };
  for (const unit of units) {
    if (current.blocks.length + unit.blocks.length > max) flush();
    for (let start = 0; start < unit.blocks.length; start += max) {
      if (start > 0) flush();
      current.blocks.push(...unit.blocks.slice(start, start + max));
      current.plain.push(unit.plain);
    }
  }
  flush();
  return messages.map((m) => ({ text: fallbackText(m.plain), blocks: m.blocks }));
}

function fallbackText(plain: readonly string[]): string {
  const firstLines = plain.join("\n").split("\n").slice(0, 3).join(" · ");
  return escapeMrkdwn(truncatePlain(firstLines, SLACK_LIMITS.fallbackText));
}

/**
 * The message after a button press: the pressed row of buttons becomes a context line saying
 * what was done (already mrkdwn), so nobody presses it twice.
 */
export function replaceActionsWithOutcome(
  blocks: readonly KnownBlock[],
  blockId: string,
  outcomeMrkdwn: string,
): KnownBlock[] {
  return blocks.map((block) =>
    block.type === "actions" && block.block_id === blockId
      ? { type: "context", block_id: blockId, elements: [{ type: "mrkdwn", text: outcomeMrkdwn }] }
      : block,
  );
}
