import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import type { IncomingMessage } from "../../../src/chat/message.js";
import { replyToPlainText } from "../../../src/chat/reply.js";
import { manualClock } from "../../../src/clock.js";
import { handleMessage } from "../../../src/commands/dispatch.js";
import { commands } from "../../../src/commands/registry.js";
import { formatBindCode, issueBindCode } from "../../../src/services/identity/bind-codes.js";
import { createTestApp } from "../../setup/test-app.js";

const clock = manualClock(new Date("2026-11-23T04:00:00Z"));
let app: App;

beforeEach(async () => {
  clock.set(new Date("2026-11-23T04:00:00Z"));
  app = createTestApp({ clock });
  const p = app.store.prisma;
  await p.team.createMany({
    data: [
      { id: "T1", name: "城东一组" },
      { id: "T2", name: "城西二组" },
    ],
  });
  await p.manager.create({
    data: { id: "M001", name: "李娜", teamId: "T1", role: "lead", telegramUserId: "555" },
  });
  await p.manager.create({ data: { id: "M002", name: "张伟", teamId: "T1" } });
  await p.manager.create({
    data: { id: "M003", name: "王芳", teamId: "T2", role: "lead", slackUserId: "U3" },
  });
});
afterEach(async () => {
  await app.store.close();
});

const say = (text: string, from: Partial<IncomingMessage> = {}) =>
  handleMessage(app, { platform: "telegram", userId: "700", chatType: "private", text, ...from }, commands);

async function codeFor(managerId: string, hours = 24): Promise<string> {
  const issued = await issueBindCode(app.store.db, managerId, clock.now(), hours);
  if (!issued.ok) throw new Error(issued.error.message);
  return formatBindCode(issued.value.code);
}

describe("/bind", () => {
  it("binds the sender's platform id to the manager, once", async () => {
    const code = await codeFor("M002");
    const bound = await say(`/bind M002 ${code.replace("-", " ")}`);
    expect(bound.reply.errorCode).toBeUndefined();
    expect(replyToPlainText(bound.reply)).toContain("张伟");
    expect((await app.store.prisma.manager.findUnique({ where: { id: "M002" } }))?.telegramUserId).toBe(
      "700",
    );
    // The user is now known…
    expect((await say("/bindgroup")).reply.errorCode).toBe("not_in_group");
    // …and the code is spent.
    expect((await say(`/bind M002 ${code}`, { userId: "701" })).reply.errorCode).toBe("bind_used");
  });

  it("binds a Slack user on the Slack id", async () => {
    const code = await codeFor("M002");
    await say(`/bind M002 ${code}`, { platform: "slack", userId: "U2" });
    expect((await app.store.prisma.manager.findUnique({ where: { id: "M002" } }))?.slackUserId).toBe("U2");
  });

  it("refuses a wrong employee id, a wrong code and an expired code alike", async () => {
    const code = await codeFor("M002", 1);
    expect((await say(`/bind M001 ${code}`)).reply.errorCode).toBe("bind_invalid_code");
    expect((await say("/bind M002 12345-67890")).reply.errorCode).toBe("bind_invalid_code");
    clock.advance(3_600_001);
    expect((await say(`/bind M002 ${code}`)).reply.errorCode).toBe("bind_expired");
    expect((await app.store.prisma.manager.findUnique({ where: { id: "M002" } }))?.telegramUserId).toBeNull();
  });

  it("refuses an account already bound to another manager", async () => {
    const code = await codeFor("M002");
    const handled = await say(`/bind M002 ${code}`, { userId: "555" });
    expect(handled.reply.errorCode).toBe("bind_account_taken");
    expect(replyToPlainText(handled.reply)).toContain("M001");
  });

  it("revokes a code sent in a group, and explains the usage", async () => {
    const code = await codeFor("M002");
    const inGroup = await say(`/bind M002 ${code}`, { chatType: "group", chatId: "-100" });
    expect(inGroup.reply.errorCode).toBe("bind_in_group");
    expect((await say(`/bind M002 ${code}`)).reply.errorCode).toBe("bind_expired");
    expect((await say("/bind M002")).reply.errorCode).toBe("usage");
    expect((await say("/bind M002", { platform: "console", userId: "M002" })).reply.errorCode).toBe(
      "bind_console",
    );
  });
});

describe("/bindgroup", () => {
  const inGroup = (userId: string, chatId = "-100") =>
    say("/bindgroup", { userId, chatType: "group", chatId });

  it("binds an unbound group to the lead's team; the group is then answered", async () => {
    expect((await say("/nope", { userId: "555", chatType: "group", chatId: "-100" })).reply.errorCode).toBe(
      "unbound_group",
    );
    const bound = await inGroup("555");
    expect(bound.reply.errorCode).toBeUndefined();
    expect(replyToPlainText(bound.reply)).toContain("城东一组");
    const group = await app.store.prisma.chatGroup.findUnique({ where: { id: "telegram:-100" } });
    expect(group).toMatchObject({ platform: "telegram", chatId: "-100", teamId: "T1" });
    expect(
      (await say("/help", { userId: "555", chatType: "group", chatId: "-100" })).reply.errorCode,
    ).toBeUndefined();
    expect(replyToPlainText((await inGroup("555")).reply)).toContain("已经绑定");
  });

  it("is refused for a manager who is not a lead, for strangers, and outside groups", async () => {
    await app.store.prisma.manager.update({ where: { id: "M002" }, data: { telegramUserId: "556" } });
    expect((await inGroup("556")).reply.errorCode).toBe("leads_only");
    expect((await inGroup("999")).reply.errorCode).toBe("unknown_user");
    expect((await say("/bindgroup", { userId: "555" })).reply.errorCode).toBe("not_in_group");
    expect(await app.store.prisma.chatGroup.count()).toBe(0);
  });

  it("never moves a group bound to another team", async () => {
    await say("/bindgroup", { platform: "slack", userId: "U3", chatType: "group", chatId: "C9" });
    const moved = await say("/bindgroup", {
      platform: "slack",
      userId: "U3",
      chatType: "group",
      chatId: "C9",
    });
    expect(moved.reply.errorCode).toBeUndefined();
    await app.store.prisma.manager.update({ where: { id: "M001" }, data: { slackUserId: "U1" } });
    const other = await say("/bindgroup", {
      platform: "slack",
      userId: "U1",
      chatType: "group",
      chatId: "C9",
    });
    expect(other.reply.errorCode).toBe("bound_elsewhere");
    expect((await app.store.prisma.chatGroup.findUnique({ where: { id: "slack:C9" } }))?.teamId).toBe("T2");
  });
});
