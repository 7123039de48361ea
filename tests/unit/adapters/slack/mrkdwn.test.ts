import { describe, expect, it } from "vitest";
import { chunkMrkdwnLines, escapeMrkdwn, truncatePlain } from "../../../../src/adapters/slack/mrkdwn.js";

/** What a Slack client shows for escaped mrkdwn: entities decoded, date tokens as their fallback. */
function shown(mrkdwn: string): string {
  return mrkdwn
    .replace(/<!date\^\d+\^\{_\}\|([^>]*)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Formatting characters left outside a date token, which Slack would interpret. */
function bareFormatting(mrkdwn: string): string[] {
  return mrkdwn.replace(/<!date\^\d+\^\{_\}\|[^>]*>/g, "").match(/[*_~`<>]/g) ?? [];
}

describe("escapeMrkdwn", () => {
  it("keeps a customer named 王_*[小] literal: no bare formatting characters, shown as typed", () => {
    const escaped = escapeMrkdwn("王_*[小]");
    expect(bareFormatting(escaped)).toEqual([]);
    expect(shown(escaped)).toBe("王_*[小]");
  });

  it("turns &, < and > into entities so no link, mention or @channel can be injected", () => {
    const escaped = escapeMrkdwn("A&B <!channel> <https://x.example|点我>");
    expect(escaped).toContain("A&amp;B &lt;!channel&gt;");
    expect(escaped).not.toMatch(/<!channel>|<https/);
    expect(shown(escaped)).toBe("A&B <!channel> <https://x.example|点我>");
  });

  it("neutralises strike and code too", () => {
    const escaped = escapeMrkdwn("~删除~ `代码`");
    expect(bareFormatting(escaped)).toEqual([]);
    expect(shown(escaped)).toBe("~删除~ `代码`");
  });
});

describe("chunkMrkdwnLines", () => {
  it("keeps lines together until the limit, then starts a new chunk between lines", () => {
    const chunks = chunkMrkdwnLines(["aaaa", "bbbb", "cccc"], 9);
    expect(chunks).toEqual(["aaaa\nbbbb", "cccc"]);
  });

  it("splits a line longer than the limit without cutting an escape in half", () => {
    const line = "*".repeat(10);
    const chunks = chunkMrkdwnLines([line], 60);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(60);
      expect(bareFormatting(chunk)).toEqual([]);
    }
    expect(chunks.map(shown).join("")).toBe(line);
  });

  it("never exceeds 3,000 characters on a long Chinese text", () => {
    const lines = Array.from(
      { length: 400 },
      (_, i) => `第${i}行：客户王_*[小]近三个月消费下降 40%，合约 2026-12-01 到期`,
    );
    const chunks = chunkMrkdwnLines(lines, 3000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(3000);
    expect(chunks.join("\n").split("\n")).toHaveLength(400);
  });
});

describe("truncatePlain", () => {
  it("cuts at the limit with an ellipsis and leaves short text alone", () => {
    expect(truncatePlain("短", 150)).toBe("短");
    const cut = truncatePlain("客".repeat(200), 150);
    expect(cut).toHaveLength(150);
    expect(cut.endsWith("…")).toBe(true);
  });
});
