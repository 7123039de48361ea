import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { briefingFactsOf } from "../../../src/briefings/store-facts.js";
import { replyToPlainText } from "../../../src/chat/reply.js";
import { manualClock } from "../../../src/clock.js";
import { briefCommand } from "../../../src/commands/brief.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { createTestApp } from "../../setup/test-app.js";

let app: App;
const clock = manualClock(new Date("2026-11-24T02:00:00Z")); // 10:00 in Shanghai

/** A team with a lead and a manager, a bound group, three customers and a few days of warnings. */
async function seed(app: App): Promise<void> {
  const p = app.store.prisma;
  await p.team.create({ data: { id: "T1", name: "城东一组" } });
  await p.manager.create({
    data: { id: "M001", name: "张主管", teamId: "T1", role: "lead", telegramUserId: "555" },
  });
  await p.manager.create({ data: { id: "M002", name: "刘经理", teamId: "T1", telegramUserId: "556" } });
  await p.chatGroup.create({
    data: { id: "telegram:-100", platform: "telegram", chatId: "-100", teamId: "T1" },
  });
  const customer = (id: string, managerId: string, extra: object = {}) => ({
    id,
    name: { C1: "王小明", C2: "李娜", C3: "赵雷" }[id] ?? id,
    phone: "13812341234",
    managerId,
    vipLevel: "gold",
    arpu: 120,
    joinDate: "2020-01-01",
    ...extra,
  });
  await p.customer.createMany({
    data: [
      customer("C1", "M002", { contractEnd: "2026-12-20" }),
      customer("C2", "M002"),
      customer("C3", "M001", { birthday: "1980-11-24" }),
    ],
  });
  // As the daily job writes them: each row with the first day of its run.
  const warning = (day: string, customerId: string, code: string, level: number, sinceDay = day) => ({
    day,
    customerId,
    code,
    level,
    evidence: "{}",
    sinceDay,
  });
  await p.warning.createMany({
    data: [
      warning("2026-11-22", "C1", "contract_expiring", 1),
      warning("2026-11-23", "C1", "contract_expiring", 1, "2026-11-22"),
      warning("2026-11-24", "C1", "contract_expiring", 1, "2026-11-22"),
      warning("2026-11-23", "C2", "complaint", 2),
      warning("2026-11-23", "C2", "spend_drop", 1),
    ],
  });
  await p.outcome.create({
    data: { customerId: "C2", managerId: "M002", kind: "retained", day: "2026-11-23" },
  });
}

beforeEach(async () => {
  clock.set(new Date("2026-11-24T02:00:00Z"));
  app = createTestApp({ clock });
  await seed(app);
});
afterEach(async () => {
  await app.store.close();
});

const say = (text: string, userId = "555", chatType: "group" | "private" = "group") =>
  handleMessage(
    app,
    { platform: "telegram", userId, chatId: chatType === "group" ? "-100" : userId, chatType, text },
    [briefCommand],
  );

describe("briefing facts from the store", () => {
  it("counts against yesterday, a 7-day trend, ranked customers, care today, overdue level-1, outcomes", async () => {
    const facts = await briefingFactsOf(app).gather("T1", "2026-11-24");
    expect(facts.counts).toEqual([
      { code: "complaint", level: 2, today: 0, yesterday: 1 },
      { code: "contract_expiring", level: 1, today: 1, yesterday: 1 },
      { code: "spend_drop", level: 1, today: 0, yesterday: 1 },
    ]);
    expect(facts.trend.map((t) => [t.day, t.level1, t.level2])).toEqual([
      ["2026-11-18", 0, 0],
      ["2026-11-19", 0, 0],
      ["2026-11-20", 0, 0],
      ["2026-11-21", 0, 0],
      ["2026-11-22", 1, 0],
      ["2026-11-23", 2, 1],
      ["2026-11-24", 1, 0],
    ]);
    const liu = facts.managers.find((m) => m.managerId === "M002");
    expect(liu?.top.map((c) => [c.id, c.codes])).toEqual([["C1", ["contract_expiring"]]]);
    expect(liu?.overdue).toMatchObject([{ id: "C1", code: "contract_expiring", since: "2026-11-22" }]);
    expect(liu?.outcomes).toEqual({ retained: 1, lost: 0, contacted: 0 });
    const zhang = facts.managers.find((m) => m.managerId === "M001");
    expect(zhang?.care.map((c) => [c.id, c.code])).toEqual([["C3", "birthday"]]);
  });

  it("an outcome logged after the warning appeared takes it off the overdue list", async () => {
    await app.store.prisma.outcome.create({
      data: { customerId: "C1", managerId: "M002", kind: "contacted", day: "2026-11-23" },
    });
    const facts = await briefingFactsOf(app).gather("T1", "2026-11-24");
    expect(facts.managers.flatMap((m) => m.overdue)).toEqual([]);
  });
});

describe("/brief", () => {
  it("a lead schedules the group; a time already passed today starts tomorrow (ledger says skipped)", async () => {
    const reply = replyToPlainText((await say("/brief 8:30")).reply);
    expect(reply).toContain("每天 08:30（Asia/Shanghai）");
    expect(reply).toContain("今天的时间已过");
    const group = await app.store.prisma.chatGroup.findUnique({ where: { id: "telegram:-100" } });
    expect(group?.briefTime).toBe("08:30");
    const today = await app.store.prisma.briefingLedger.findUnique({
      where: { groupId_day: { groupId: "telegram:-100", day: "2026-11-24" } },
    });
    expect(today?.status).toBe("skipped");

    expect(replyToPlainText((await say("/brief 11:00")).reply)).not.toContain("今天的时间已过");
    expect(replyToPlainText((await say("/brief tz Europe/Berlin")).reply)).toContain("Europe/Berlin");
    expect((await say("/brief tz Mars/Olympus")).reply.errorCode).toBe("bad_time_zone");
    expect(replyToPlainText((await say("/brief off")).reply)).toContain("已关闭");
    expect(
      (await app.store.prisma.chatGroup.findUnique({ where: { id: "telegram:-100" } }))?.briefTime,
    ).toBeNull();
  });

  it("only a lead may schedule; anyone in the team may preview, with the chart and masked names", async () => {
    expect((await say("/brief 08:30", "556")).reply.errorCode).toBe("leads_only");
    const { reply } = await say("/brief now", "556");
    const text = replyToPlainText(reply);
    expect(text).toContain("早安简报 · 城东一组");
    expect(text).toContain("王**");
    expect(text).not.toContain("王小明");
    const image = reply.blocks.find((b) => b.type === "image");
    expect(image?.type === "image" && image.png.byteLength).toBeGreaterThan(1000);
    expect(await app.store.prisma.briefingLedger.count()).toBe(0);
  }, 60_000); // the first chart of the process loads ECharts and the font (lazily)

  it("/brief me gives the manager the full version, flagged personal", async () => {
    const { reply } = await say("/brief me", "556");
    expect(reply.personal).toBe(true);
    const text = replyToPlainText(reply);
    expect(text).toContain("刘经理 的完整简报");
    expect(text).toContain("王小明");
    expect(text).not.toContain("赵雷");
  });

  it("in the bot, /brief me and a preview wait on the daily job's run instead of computing the day here", async () => {
    // A second run of the day on the chat's thread would block every chat and race the job's run
    // in its worker (one of the two was stopped as superseded: "处理时出错了").
    await app.store.prisma.warning.deleteMany({ where: { day: "2026-11-24" } }); // today is missing
    const asked: string[] = [];
    const bot: App = {
      ...app,
      warningsDay: async (day) => {
        asked.push(day);
      },
    };
    const ask = (text: string, userId: string, chatType: "group" | "private") =>
      handleMessage(
        bot,
        { platform: "telegram", userId, chatId: chatType === "group" ? "-100" : userId, chatType, text },
        [briefCommand],
      );
    expect((await ask("/brief me", "556", "private")).reply.errorCode).toBeUndefined();
    expect((await ask("/brief now", "555", "group")).reply.errorCode).toBeUndefined();
    expect(asked).toEqual(["2026-11-24", "2026-11-24"]);
    expect(await app.store.prisma.warningRun.count()).toBe(0);
    // Without the bot's job (the CLI) the command computes the missing day itself.
    await say("/brief me", "556", "private");
    expect(await app.store.prisma.warningRun.count()).toBe(1);
  }, 60_000);

  it("puts every customer a preview or a full version names in the audit log, with the chat", async () => {
    const audit = () =>
      app.store.prisma.auditLog.findMany({
        select: {
          actorId: true,
          customerId: true,
          action: true,
          channel: true,
          chatId: true,
          chatType: true,
        },
        orderBy: [{ chatType: "asc" }, { customerId: "asc" }],
      });
    await say("/brief now", "556");
    const group = {
      actorId: "M002",
      action: "brief",
      channel: "telegram",
      chatId: "-100",
      chatType: "group",
    };
    // The preview names C1 (at risk) and C3 (birthday), masked; C2 only in the counts.
    expect(await audit()).toEqual([
      { ...group, customerId: "C1" },
      { ...group, customerId: "C3" },
    ]);
    await say("/brief me", "556", "private");
    const own = { actorId: "M002", action: "brief", channel: "telegram", chatId: "556", chatType: "private" };
    expect((await audit()).slice(2)).toEqual([{ ...own, customerId: "C1" }]);
  }, 60_000);
});
