/**
 * Issue 16, item 1: /done carries the retention method and the main objection, typed in Chinese or
 * English, or tapped on the second row of buttons; both are stored with the outcome (with the
 * customer's warning signals and stage) and the audit log says who logged what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { type Reply, replyToPlainText } from "../../../src/chat/reply.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { commands } from "../../../src/commands/registry.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { createTestApp } from "../../setup/test-app.js";

let app: App;
beforeAll(async () => {
  app = createTestApp({ asOf: RISK_DAY });
  await seedRiskFixture(app);
}, 60_000);
afterAll(async () => app.store.close());

// Taps carry the presser's language (Telegram's language_code); here Chinese.
async function say(text: string, user = "M1"): Promise<Reply> {
  const { reply } = await handleMessage(
    app,
    { platform: "console", userId: user, chatType: "private", text, locale: "zh" },
    commands,
  );
  return reply;
}
const outcomesOf = (customerId: string) =>
  app.store.prisma.outcome.findMany({ where: { customerId }, orderBy: { id: "asc" } });
const buttons = (reply: Reply) => reply.blocks.flatMap((b) => (b.type === "customer" ? b.actions : []));

describe("/done with a method and an objection", { timeout: 60_000 }, () => {
  it("parses Chinese bare words and stores method, objection, kind, signals and stage", async () => {
    const reply = await say("/done C02 已挽留 价值保有 资费太贵 客户同意升级套餐");
    expect(reply.errorCode).toBeUndefined();
    expect(replyToPlainText(reply)).toContain("方法：价值保有；异议：真实异议 · 资费太贵");
    const [row] = await outcomesOf("C02");
    expect(row).toMatchObject({
      kind: "retained",
      method: "value",
      objectionId: "price",
      objectionKind: "real",
      note: "客户同意升级套餐",
      // The warnings the daily job raised for C02 on the day before (the latest warned day).
      signals: "zero_spend_month,zero_call_days",
      stage: "D",
    });
    // Both given: nothing left to tap.
    expect(buttons(reply)).toEqual([]);
  });

  it("parses English keys, and a false objection keeps its kind", async () => {
    const reply = await say("/done C03 retained method=relationship objection=stalling");
    expect(reply.errorCode).toBeUndefined();
    expect(await outcomesOf("C03")).toEqual([
      expect.objectContaining({
        kind: "retained",
        method: "relationship",
        objectionId: "stalling",
        objectionKind: "false",
      }),
    ]);
  });

  it("refuses an unknown method or objection and stores nothing", async () => {
    expect((await say("/done C05 retained method=magic")).errorCode).toBe("bad_method");
    expect((await say("/done C05 retained objection=weather")).errorCode).toBe("bad_objection");
    expect(await outcomesOf("C05")).toEqual([]);
  });

  it("offers the methods, then the objections, as a second row that amends the same outcome", async () => {
    const first = await say("/done C01 retained");
    expect(first.errorCode).toBeUndefined();
    expect(buttons(first).map((b) => [b.label, b.action])).toEqual([
      ["成本保有", "/done C01 已挽留 成本保有"],
      ["产品保有", "/done C01 已挽留 产品保有"],
      ["关系保有", "/done C01 已挽留 关系保有"],
      ["价值保有", "/done C01 已挽留 价值保有"],
      ["嵌入保有", "/done C01 已挽留 嵌入保有"],
    ]);
    const second = await say(buttons(first)[1]!.action);
    expect(replyToPlainText(second)).toContain("已补充");
    const objectionButtons = buttons(second);
    expect(objectionButtons).toContainEqual({
      label: "资费太贵",
      action: "/done C01 已挽留 资费太贵",
    });
    await say("/done C01 retained objection=competitor");
    const rows = await outcomesOf("C01");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "retained", method: "product", objectionId: "competitor" });
    const audit = await app.store.prisma.auditLog.findMany({ where: { customerId: "C01", actorId: "M1" } });
    expect(audit.map((a) => a.action)).toEqual([
      "outcome retained",
      "outcome retained method=product",
      "outcome retained method=product objection=competitor",
    ]);
  });

  it("turns a bare lost into objection buttons; a tap logs it with the objection as the reason", async () => {
    const prompt = await say("/done C06 lost");
    expect(prompt.errorCode).toBeUndefined();
    expect(await outcomesOf("C06")).toEqual([]);
    const tap = buttons(prompt).find((b) => b.label === "信号/网络质量")!;
    expect(tap.action).toBe("/done C06 流失 信号/网络质量");
    const logged = await say(tap.action);
    expect(await outcomesOf("C06")).toEqual([
      expect.objectContaining({
        kind: "lost",
        lostReason: "信号/网络质量",
        objectionId: "network",
        method: null,
      }),
    ]);
    expect(buttons(logged)[0]?.action).toBe("/done C06 流失 成本保有");
  });

  it("answers in English with English method names", async () => {
    const { reply } = await handleMessage(
      app,
      {
        platform: "console",
        userId: "M1",
        chatType: "private",
        text: "/done C07 retained value",
        locale: "en",
      },
      commands,
    );
    expect(replyToPlainText(reply)).toContain("method: Value retention");
    expect(buttons(reply)).toContainEqual({
      label: "Price too high",
      action: "/done C07 retained objection=price",
    });
  });

  it("lets nobody log details on another manager's customer", async () => {
    expect((await say("/done C09 retained value", "M1")).errorCode).toBe("not_found");
    expect(await outcomesOf("C09")).toEqual([]);
  });
});
