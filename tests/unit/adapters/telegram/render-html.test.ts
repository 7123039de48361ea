import { describe, expect, it } from "vitest";
import { CallbackActions } from "../../../../src/adapters/telegram/callback-data.js";
import { escapeHtml, renderReply } from "../../../../src/adapters/telegram/render-html.js";
import { splitHtml } from "../../../../src/adapters/telegram/split-html.js";
import { parseHtml } from "../../../fakes/telegram-api.js";

describe("escapeHtml / renderReply", () => {
  it("escapes only what Telegram's HTML mode treats as markup", () => {
    expect(escapeHtml("王_*[小] <b>&amp;")).toBe("王_*[小] &lt;b&gt;&amp;amp;");
  });

  it("keeps a customer named 王_*[小] intact and puts each card with buttons in its own message", () => {
    const out = renderReply({
      blocks: [
        { type: "heading", text: "今日风险" },
        { type: "notice", text: "未使用大模型" },
        {
          type: "customer",
          customerId: "C1",
          title: "王_*[小]",
          lines: ["<欠费> & 投诉"],
          actions: [{ label: "已联系", action: "/done C1 contacted" }],
        },
        { type: "customer", customerId: "C2", title: "李四", lines: [], actions: [] },
      ],
    });
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({ kind: "text", html: "<b>今日风险</b>\n<i>未使用大模型</i>", actions: [] });
    expect(out[1]).toMatchObject({ kind: "text", html: "<b>王_*[小]</b>\n   &lt;欠费&gt; &amp; 投诉" });
    expect(parseHtml(out[1]!.kind === "text" ? out[1]!.html : "")?.text).toBe("王_*[小]\n   <欠费> & 投诉");
    expect(out[2]).toMatchObject({ kind: "text", html: "<b>李四</b>", actions: [] });
  });
});

describe("splitHtml", () => {
  it("leaves a short message alone", () => {
    expect(splitHtml("<b>a</b>\nb")).toEqual(["<b>a</b>\nb"]);
  });

  it("splits on line boundaries, every piece within the limit", () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i} ${"x".repeat(i % 7)}`);
    const chunks = splitHtml(lines.join("\n"), 100);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(100);
    expect(chunks.join("\n")).toBe(lines.join("\n"));
  });

  it("cuts an over-long line outside tags and entities, with tags closed and reopened", () => {
    const line = `<b>${"客&amp;".repeat(30)}</b>`;
    const chunks = splitHtml(line, 40);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(40);
      expect(parseHtml(c)).not.toBeNull();
    }
    expect(chunks.map((c) => parseHtml(c)!.text).join("")).toBe("客&".repeat(30));
  });

  it("never splits a surrogate pair", () => {
    const chunks = splitHtml("😀".repeat(10), 5);
    expect(chunks.join("")).toBe("😀".repeat(10));
    for (const c of chunks) expect(c).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

describe("CallbackActions", () => {
  it("sends short actions as they are and keeps long ones under a key of at most 64 bytes", async () => {
    const actions = new CallbackActions(2);
    expect(await actions.encode("/done C0001 contacted")).toBe("/done C0001 contacted");
    const long = `/objection ${"客户说资费太贵".repeat(5)}`;
    const key = await actions.encode(long);
    expect(Buffer.byteLength(key)).toBeLessThanOrEqual(64);
    expect(await actions.decode(key)).toBe(long);
    await actions.encode(`${long}1`);
    await actions.encode(`${long}2`);
    expect(await actions.decode(key)).toBeNull();
  });
});
