import { describe, expect, it } from "vitest";
import { replyToPlainText } from "../../../src/chat/reply.js";

const customer = (id: string) => ({
  type: "customer" as const,
  customerId: id,
  title: `1. 王** · ${id}`,
  lines: ["[一级预警] 协议到期"],
  actions: [
    { label: "已联系", action: `/done ${id} contacted` },
    { label: "稍后（7天）", action: `/done ${id} snooze 7` },
    { label: "话术", action: `/track ${id}` },
  ],
});

describe("replyToPlainText", () => {
  it("sets sections apart, nests indented items and shows buttons as the commands to type", () => {
    const text = replyToPlainText({
      blocks: [
        { type: "heading", text: "客户" },
        customer("C1"),
        customer("C2"),
        { type: "text", text: "当前预警" },
        { type: "list", items: ["预警信号:", "  协议到期", "  投诉"] },
        { type: "text", text: "处理记录" },
        { type: "text", text: "尚无" },
        { type: "notice", text: "说明" },
      ],
    });
    expect(text).toBe(
      [
        "【客户】",
        "1. 王** · C1",
        "   [一级预警] 协议到期",
        "   → /done C1 contacted|snooze 7 · /track C1",
        "",
        "1. 王** · C2",
        "   [一级预警] 协议到期",
        "   → /done C2 contacted|snooze 7 · /track C2",
        "",
        "当前预警",
        "• 预警信号:",
        "  ◦ 协议到期",
        "  ◦ 投诉",
        "",
        "处理记录",
        "尚无",
        "",
        "说明",
      ].join("\n"),
    );
  });

  it("leaves a single block as it is", () => {
    expect(replyToPlainText({ blocks: [{ type: "text", text: "好的" }] })).toBe("好的");
  });
});
