import type { types } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import {
  ACTION_ID_PREFIX,
  renderReply,
  replaceActionsWithOutcome,
  SLACK_LIMITS,
} from "../../../../src/adapters/slack/render-blocks.js";
import type { Reply, ReplyBlock } from "../../../../src/chat/reply.js";

type KnownBlock = types.KnownBlock;

const customer = (i: number): ReplyBlock => ({
  type: "customer",
  customerId: `C${String(i).padStart(4, "0")}`,
  title: `${i}. 王_*[小] 138****0000`,
  lines: ["合约 12 天后到期", "近 3 月话费下降 45%"],
  actions: [
    { label: "已联系", action: `/done C${String(i).padStart(4, "0")} contacted` },
    { label: "话术", action: `/script C${String(i).padStart(4, "0")}` },
  ],
});

/** Every text a message carries, for limit checks. */
function texts(block: KnownBlock): string[] {
  if (block.type === "section") return [block.text?.text ?? ""];
  if (block.type === "context") return block.elements.map((e) => ("text" in e ? e.text : ""));
  if (block.type === "header") return [block.text.text];
  return [];
}

describe("renderReply", () => {
  it("maps heading, text, list, customer and notice to header, section, actions and context blocks", () => {
    const reply: Reply = {
      blocks: [
        { type: "heading", text: "今日风险客户" },
        { type: "text", text: "共 1 位" },
        { type: "list", items: ["一", "二"] },
        customer(1),
        { type: "notice", text: "未使用大模型" },
      ],
    };
    const [message, ...more] = renderReply(reply);
    expect(more).toEqual([]);
    expect(message?.blocks.map((b) => b.type)).toEqual([
      "header",
      "section",
      "section",
      "section",
      "actions",
      "context",
    ]);
    expect(message?.blocks[0]).toMatchObject({
      type: "header",
      text: { type: "plain_text", text: "今日风险客户" },
    });
    expect(message?.blocks[2]).toMatchObject({ text: { type: "mrkdwn", text: "• 一\n• 二" } });
    expect(message?.text).toContain("今日风险客户");
  });

  it("bolds the customer title with its formatting characters escaped", () => {
    const [message] = renderReply({ blocks: [customer(7)] });
    const section = message?.blocks[0];
    expect(section?.type).toBe("section");
    const text = section?.type === "section" ? (section.text?.text ?? "") : "";
    expect(text.startsWith("*7. 王")).toBe(true);
    // Between the bold markers only escaped formatting characters remain.
    const title = text.split("\n")[0] ?? "";
    expect(title.slice(1, -1).replace(/<!date\^\d+\^\{_\}\|[^>]*>/g, "")).not.toMatch(/[*_~`]/);
  });

  it("gives every button a unique action_id and the command string as its value", () => {
    const [message] = renderReply({ blocks: [customer(1), customer(2)] });
    const buttons = (message?.blocks ?? []).flatMap((b) => (b.type === "actions" ? b.elements : []));
    expect(buttons).toHaveLength(4);
    const ids = buttons.map((b) => ("action_id" in b ? b.action_id : ""));
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id?.startsWith(`${ACTION_ID_PREFIX}:`)).toBe(true);
    expect(buttons[0]).toMatchObject({
      type: "button",
      text: { text: "已联系" },
      value: "/done C0001 contacted",
    });
  });

  it("splits a long list into several messages of at most 50 blocks, never parting a customer from its buttons", () => {
    const reply: Reply = {
      blocks: [
        { type: "heading", text: "风险客户" },
        ...Array.from({ length: 40 }, (_, i) => customer(i + 1)),
      ],
    };
    const messages = renderReply(reply);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      expect(message.blocks[0]?.type).not.toBe("actions");
      expect(message.text.length).toBeGreaterThan(0);
    }
    const all = messages.flatMap((m) => m.blocks);
    expect(all.filter((b) => b.type === "actions")).toHaveLength(40);
  });

  it("splits a very long text into sections of at most 3,000 characters", () => {
    const text = Array.from(
      { length: 300 },
      (_, i) => `第 ${i} 条：挽留要点，先确认客户诉求，再给方案。`,
    ).join("\n");
    const blocks = renderReply({ blocks: [{ type: "text", text }] }).flatMap((m) => m.blocks);
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) for (const t of texts(block)) expect(t.length).toBeLessThanOrEqual(3000);
  });

  it("truncates headers to 150 characters and button labels to 75", () => {
    const [message] = renderReply({
      blocks: [
        { type: "heading", text: "标".repeat(300) },
        {
          type: "customer",
          customerId: "C1",
          title: "t",
          lines: [],
          actions: [{ label: "按".repeat(100), action: "/x" }],
        },
      ],
    });
    const header = message?.blocks[0];
    expect(header?.type === "header" ? header.text.text.length : 0).toBe(150);
    const actions = message?.blocks.find((b) => b.type === "actions");
    const label =
      actions?.type === "actions" && actions.elements[0]?.type === "button"
        ? actions.elements[0].text.text
        : "";
    expect(label.length).toBe(75);
  });
});

describe("replaceActionsWithOutcome", () => {
  it("replaces only the pressed row of buttons with the outcome line", () => {
    const [message] = renderReply({ blocks: [customer(1), customer(2)] });
    const blocks = message?.blocks ?? [];
    const pressed = blocks.filter((b) => b.type === "actions")[1];
    const blockId = pressed?.type === "actions" ? (pressed.block_id ?? "") : "";
    const updated = replaceActionsWithOutcome(blocks, blockId, "✅ 已联系");
    expect(updated.map((b) => b.type)).toEqual(["section", "actions", "section", "context"]);
    expect(updated[3]).toMatchObject({ elements: [{ type: "mrkdwn", text: "✅ 已联系" }] });
  });
});
