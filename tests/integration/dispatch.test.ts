import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { replyToPlainText } from "../../src/chat/reply.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands } from "../../src/commands/registry.js";
import { createTestApp } from "../setup/test-app.js";

let app: App;

beforeEach(async () => {
  app = createTestApp();
  await app.store.prisma.team.create({ data: { id: "T1", name: "城东一组" } });
  await app.store.prisma.manager.create({
    data: { id: "M001", name: "李娜", teamId: "T1", role: "lead", telegramUserId: "555" },
  });
});
afterEach(async () => {
  await app.store.close();
});

describe("handleMessage", () => {
  it("answers help in Chinese by default and in English when asked in English", async () => {
    const zh = await handleMessage(
      app,
      { platform: "console", userId: "M001", chatType: "private", text: "help" },
      commands,
    );
    expect(zh.command).toBe("help");
    expect(replyToPlainText(zh.reply)).toContain("客户维系助手");
    const en = await handleMessage(
      app,
      { platform: "console", userId: "M001", chatType: "private", text: "help", locale: "en" },
      commands,
    );
    expect(replyToPlainText(en.reply)).toContain("RetainBot");
  });

  it("maps a Telegram user to the manager stored with that Telegram id", async () => {
    const known = await handleMessage(
      app,
      { platform: "telegram", userId: "555", chatType: "private", text: "什么意思" },
      commands,
    );
    expect(known.reply.errorCode).toBe("unknown_command");
    const stranger = await handleMessage(
      app,
      { platform: "telegram", userId: "999", chatType: "private", text: "什么意思" },
      commands,
    );
    expect(stranger.reply.errorCode).toBe("unknown_user");
  });

  it("answers only a one-line explanation in an unbound group", async () => {
    const handled = await handleMessage(
      app,
      { platform: "telegram", userId: "555", chatId: "-100", chatType: "group", text: "/nope" },
      commands,
    );
    expect(handled.reply.errorCode).toBe("unbound_group");
    expect(handled.reply.blocks).toHaveLength(1);
  });

  it("answers in a group bound to a team", async () => {
    await app.store.prisma.chatGroup.create({
      data: { id: "telegram:-100", platform: "telegram", chatId: "-100", teamId: "T1" },
    });
    const handled = await handleMessage(
      app,
      { platform: "telegram", userId: "555", chatId: "-100", chatType: "group", text: "/help" },
      commands,
    );
    expect(handled.reply.errorCode).toBeUndefined();
    expect(handled.command).toBe("help");
  });
});
