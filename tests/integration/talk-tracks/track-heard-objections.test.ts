import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { createTestApp } from "../../setup/test-app.js";
import { ask, replyText } from "./helpers.js";

const apps: App[] = [];
afterEach(async () => {
  while (apps.length > 0) await apps.pop()!.store.close();
});

/** One customer whose notes record what they said; no warning signals. */
async function appWithNotes(notes: { type: string; note: string }[]): Promise<App> {
  const app = createTestApp({ asOf: "2026-11-23" });
  apps.push(app);
  const p = app.store.prisma;
  await p.team.create({ data: { id: "T1", name: "一组" } });
  await p.manager.create({ data: { id: "M1", name: "张伟", teamId: "T1" } });
  await p.customer.create({
    data: {
      id: "C1",
      name: "王建国",
      phone: "13800138000",
      managerId: "M1",
      joinDate: "2019-03-01",
      vipLevel: "gold",
      arpu: 168,
      segment: "personal",
    },
  });
  await p.event.createMany({
    data: notes.map((n, i) => ({ customerId: "C1", date: `2026-11-${10 + i}`, ...n })),
  });
  await app.knowledge.index();
  return app;
}

describe("/track prepares for the objections the customer already raised", () => {
  it("recognises the objections in the customer's own notes and answers them first", async () => {
    const app = await appWithNotes([
      { type: "complaint", note: "客户说上个月被乱扣了十几块钱，很不高兴" },
      { type: "complaint", note: "打电话说家里信号太差，老掉线" },
    ]);
    const { reply } = await ask(app, "M1", "/track C1");
    const data = reply.data as {
      heardObjections: { id: string; kind: string }[];
      sections: { title: string; lines: string[] }[];
    };
    expect(data.heardObjections.map((h) => h.id)).toEqual(["network", "billing"]);
    expect(data.heardObjections[0]?.kind).toBe("real");
    const objections = data.sections.find((s) => s.title === "可能的异议与应答");
    expect(objections?.lines[0]).toMatch(/^“信号\/网络质量”：/);
    expect(objections?.lines.some((l) => l.startsWith("“乱扣费/计费不透明”："))).toBe(true);
  });

  it("recognises nothing in notes that are not objections", async () => {
    const app = await appWithNotes([{ type: "complaint", note: "已上门处理，客户满意" }]);
    const { reply } = await ask(app, "M1", "/track C1");
    expect((reply.data as { heardObjections: unknown[] }).heardObjections).toEqual([]);
    expect(replyText(reply)).toContain("通话脚本：王建国（C1）");
  });
});
