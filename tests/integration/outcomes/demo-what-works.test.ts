/**
 * Issue 16, item 6: the demo carries weeks of outcomes with methods and objections, consistent with
 * the customers (已挽留 on active ones, 流失 on leavers), so /team and /track show what works at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { replyToPlainText, settleReply } from "../../../src/chat/reply.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { commands } from "../../../src/commands/registry.js";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { createTestApp } from "../../setup/test-app.js";

const AS_OF = "2026-11-23";
let app: App;
beforeAll(async () => {
  app = createTestApp({ asOf: AS_OF });
  await loadDemo(app.store, { seed: 42, asOf: AS_OF, customers: 900 });
}, 120_000);
afterAll(async () => app?.store.close());

describe("the demo's outcomes", { timeout: 120_000 }, () => {
  it("span several weeks, name methods and objections, and agree with the customers' status", () => {
    const rows = app.store.sql
      .prepare(
        `SELECT o.kind, o.day, o.method, o.objectionId, o.objectionKind, o.signals, c.status
         FROM Outcome o JOIN Customer c ON c.id = o.customerId`,
      )
      .all() as Record<string, string | null>[];
    expect(rows.length).toBeGreaterThan(100);
    expect(new Set(rows.map((r) => r.method))).toEqual(
      new Set(["cost", "product", "relationship", "value", "embedded"]),
    );
    expect(new Set(rows.map((r) => r.objectionKind).filter(Boolean))).toEqual(
      new Set(["real", "false", "hidden"]),
    );
    const days = rows.map((r) => r.day as string).sort();
    expect(days[0]! < "2026-10-15" && days.at(-1)! <= "2026-11-20").toBe(true);
    expect(rows.every((r) => (r.kind === "retained" ? r.status === "active" : r.status === "left"))).toBe(
      true,
    );
    expect(rows.every((r) => r.signals !== null)).toBe(true);
  });

  it("shows the lead of T01 the team's rates in /team", async () => {
    const { reply } = await handleMessage(
      app,
      { platform: "console", userId: "M001", chatType: "private", text: "/team", locale: "zh" },
      commands,
    );
    const settled = await settleReply(reply);
    const cells = (settled.data as { whatWorks: { cells: { cases: number; method: string }[] } }).whatWorks
      .cells;
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => c.cases >= 5)).toBe(true);
    expect(replyToPlainText(settled)).toMatch(/全部信号 · 全部客户 · \S+保有：\d+\/\d+（\d+%，\d+%–\d+%）/);
  });
});
