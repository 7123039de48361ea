import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatAdapter } from "../../../src/adapters/chat-adapter.js";
import type { App } from "../../../src/app.js";
import type { CommandDefinition } from "../../../src/commands/command.js";
import { FakeTelegramApi } from "../../fakes/telegram-api.js";
import { createTestApp } from "../../setup/test-app.js";
import { callbackUpdate, commandHandler, telegramAdapter, textUpdate } from "./telegram-harness.js";
import { slowCommand, testCommands } from "./test-commands.js";

const LEAD = 555;
const MANAGER = 556;
const STRANGER = 999;
const BOUND_GROUP = -1001;
const UNBOUND_GROUP = -1002;

let app: App;
let fake: FakeTelegramApi;
let adapter: ChatAdapter | undefined;

beforeEach(async () => {
  app = createTestApp();
  const p = app.store.prisma;
  await p.team.create({ data: { id: "T1", name: "城东一组" } });
  await p.manager.create({
    data: { id: "M001", name: "李娜", teamId: "T1", role: "lead", telegramUserId: "555" },
  });
  await p.manager.create({ data: { id: "M002", name: "张伟", teamId: "T1", telegramUserId: "556" } });
  await p.chatGroup.create({
    data: { id: `telegram:${BOUND_GROUP}`, platform: "telegram", chatId: String(BOUND_GROUP), teamId: "T1" },
  });
  fake = await FakeTelegramApi.start();
});
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await fake.close();
  await app.store.close();
});

async function startBot(extra: CommandDefinition[] = testCommands): Promise<void> {
  adapter = telegramAdapter(fake, commandHandler(app, extra), app);
  await adapter.start();
}

const toChat = (chatId: number) => (p: Record<string, unknown>) => p.chat_id === chatId;

describe("Telegram adapter, long polling", () => {
  it("registers the command menu in Chinese and English and drops any webhook", async () => {
    await startBot();
    const menus = fake.callsOf("setMyCommands").map((c) => c.payload);
    expect(menus.map((m) => m.language_code)).toEqual(["zh", "en", undefined]);
    expect(menus[1]?.commands).toEqual([{ command: "help", description: "show this help" }]);
    expect(fake.callsOf("deleteWebhook")).toHaveLength(1);
  });

  it("answers a manager in a private chat, as HTML", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: MANAGER, text: "帮助" }));
    const [sent] = await fake.waitFor("sendMessage", toChat(MANAGER));
    expect(sent?.payload.parse_mode).toBe("HTML");
    expect(String(sent?.payload.text)).toContain("<b>客户维系助手 · 使用说明</b>");
  });

  it("answers in English when asked in English", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: MANAGER, text: "what can you do, help", languageCode: "en" }));
    fake.pushUpdate(textUpdate({ fromId: MANAGER, text: "/help", languageCode: "en" }));
    const sent = await fake.waitFor("sendMessage", toChat(MANAGER), 2);
    expect(String(sent[1]?.payload.text)).toContain("RetainBot");
  });

  it("tells an unknown user how to get access, and nothing more", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: STRANGER, text: "/secret" }));
    const sent = await fake.waitFor("sendMessage", toChat(STRANGER));
    expect(String(sent[0]?.payload.text)).toContain("/bind");
    expect(String(sent[0]?.payload.text)).not.toContain("王小明");
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
  });

  it("in groups, answers commands and mentions only, and an unbound group gets one line", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: LEAD, chatId: BOUND_GROUP, text: "大家早上好" }));
    fake.pushUpdate(textUpdate({ fromId: LEAD, chatId: BOUND_GROUP, text: "/help@other_bot" }));
    fake.pushUpdate(textUpdate({ fromId: LEAD, chatId: BOUND_GROUP, text: "@retain_test_bot 帮助" }));
    fake.pushUpdate(textUpdate({ fromId: LEAD, chatId: UNBOUND_GROUP, text: "/secret@retain_test_bot" }));
    const [inBound] = await fake.waitFor("sendMessage", toChat(BOUND_GROUP));
    expect(String(inBound?.payload.text)).toContain("使用说明");
    expect(inBound?.payload.reply_parameters).toMatchObject({ message_id: expect.any(Number) });
    const [inUnbound] = await fake.waitFor("sendMessage", toChat(UNBOUND_GROUP));
    expect(inUnbound?.payload.text).toBe(
      "本群尚未绑定团队，我暂时不能在这里回答。请团队长发送 /bindgroup 完成绑定。",
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf("sendMessage")).toHaveLength(2);
  });

  it("sends personal replies from a group privately, with a note in the group", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: LEAD, chatId: BOUND_GROUP, text: "/secret", firstName: "李娜" }));
    const [dm] = await fake.waitFor("sendMessage", toChat(LEAD));
    expect(String(dm?.payload.text)).toContain("13800001234");
    const [note] = await fake.waitFor("sendMessage", toChat(BOUND_GROUP));
    expect(note?.payload.text).toBe("详情含客户个人信息，已私信发给 李娜。");
  });

  it("posts no personal data in the group when the asker never opened a private chat", async () => {
    fake.failNext("sendMessage", {
      status: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
      match: toChat(LEAD),
    });
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: LEAD, chatId: BOUND_GROUP, text: "/secret" }));
    const [note] = await fake.waitFor("sendMessage", toChat(BOUND_GROUP));
    expect(String(note?.payload.text)).toContain("请先私聊 @retain_test_bot");
    for (const call of fake.callsOf("sendMessage")) {
      if (call.payload.chat_id === BOUND_GROUP)
        expect(String(call.payload.text)).not.toContain("13800001234");
    }
  });

  it("renders a customer card with escaped text and buttons, and a press runs as the presser", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: LEAD, chatId: BOUND_GROUP, text: "/testcard" }));
    const sent = await fake.waitFor("sendMessage", toChat(BOUND_GROUP), 2);
    expect(sent[0]?.payload.text).toBe("<b>风险客户 &lt;今日&gt; &amp; 明日</b>");
    const card = [...fake.messages.values()].find((m) => m.reply_markup)!;
    expect(card.text).toBe("王_*[小] <VIP> & Co\n   合约 2026-12-01 到期\n   a_b*c [d](e)");
    const buttons = (card.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] })
      .inline_keyboard;
    expect(buttons.flat().map((b) => b.text)).toEqual(["谁按的", "长动作", "说明"]);
    for (const b of buttons.flat()) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);

    // The manager (not the lead who asked) presses: the action runs as the manager.
    fake.pushUpdate(callbackUpdate(MANAGER, buttons[0]![0]!.callback_data, card, "张伟"));
    const [answer] = await fake.waitFor("answerCallbackQuery");
    expect(answer?.payload.text).toBe("已记录：张伟");
    await fake.waitFor("editMessageText");
    const edited = fake.messages.get(card.message_id)!;
    expect(edited.text).toBe(`${card.text}\n\n▸ 已记录：张伟 — 张伟`);
    expect(edited.entities[0]).toEqual(card.entities[0]);
    expect(edited.reply_markup).toEqual(card.reply_markup);

    // The action too long for callback_data still arrives whole; a second press replaces the outcome.
    fake.pushUpdate(callbackUpdate(MANAGER, buttons[0]![1]!.callback_data, edited, "张伟"));
    await fake.waitFor("editMessageText", () => true, 2);
    expect(fake.messages.get(card.message_id)!.text).toBe(`${card.text}\n\n▸ 已记录：张伟 40 — 张伟`);
  });

  it("shows a refused button press to the presser alone", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: LEAD, text: "/testcard" }));
    await fake.waitFor("sendMessage", toChat(LEAD), 2);
    const card = [...fake.messages.values()].find((m) => m.reply_markup)!;
    const data = (card.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard[0]![0]!.callback_data;
    fake.pushUpdate(callbackUpdate(STRANGER, data, card));
    const [answer] = await fake.waitFor("answerCallbackQuery");
    expect(answer?.payload.show_alert).toBe(true);
    expect(String(answer?.payload.text)).toContain("我还不认识你");
    expect(fake.callsOf("editMessageText")).toHaveLength(0);
  });

  it("tells the presser privately when a refusal comes too late for an alert", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: LEAD, text: "/testcard" }));
    await fake.waitFor("sendMessage", toChat(LEAD), 2);
    const card = [...fake.messages.values()].find((m) => m.reply_markup)!;
    const data = (card.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard[0]![0]!.callback_data;
    fake.failNext("answerCallbackQuery", {
      status: 400,
      description: "Bad Request: query is too old and response timeout expired or query ID is invalid",
    });
    fake.pushUpdate(callbackUpdate(STRANGER, data, card));
    const [dm] = await fake.waitFor("sendMessage", toChat(STRANGER));
    expect(String(dm?.payload.text)).toContain("我还不认识你");
  });

  it("sends a longer button answer as a new message under the card", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: LEAD, text: "/testcard" }));
    await fake.waitFor("sendMessage", toChat(LEAD), 2);
    const card = [...fake.messages.values()].find((m) => m.reply_markup)!;
    const help = (card.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard[0]![2]!;
    fake.pushUpdate(callbackUpdate(LEAD, help.callback_data, card));
    const sent = await fake.waitFor("sendMessage", toChat(LEAD), 3);
    expect(String(sent[2]?.payload.text)).toContain("使用说明");
    expect(fake.callsOf("answerCallbackQuery")[0]?.payload.text).toBeUndefined();
  });

  it("splits a long answer at 4,096 characters on line boundaries", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: LEAD, text: "/long" }));
    await fake.waitFor("sendMessage", toChat(LEAD), 3);
    await new Promise((r) => setTimeout(r, 200));
    const chunks = fake.callsOf("sendMessage").map((c) => String(c.payload.text));
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(4096);
    const lines = chunks.flatMap((c) => c.split("\n"));
    expect(lines[0]).toBe("<b>长列表</b>");
    expect(lines.slice(1)).toEqual(
      Array.from({ length: 400 }, (_, i) => `• 第${i + 1}行 &lt;a&amp;b&gt; ${"客".repeat(20)}`),
    );
  });

  it("sends images with sendPhoto", async () => {
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: LEAD, text: "/chart" }));
    const [photo] = await fake.waitFor("sendPhoto");
    expect(photo?.payload.caption).toBe("风险趋势 &lt;7天&gt;");
    const file = Object.values(photo!.payload).find((v) => v instanceof Uint8Array) as Uint8Array;
    expect([...file.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("honours 429 retry_after", async () => {
    fake.failNext("sendMessage", {
      status: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
    });
    await startBot();
    fake.pushUpdate(textUpdate({ fromId: LEAD, text: "/help" }));
    const calls = await fake.waitFor("sendMessage", () => true, 2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(calls[1]?.payload.text).toEqual(calls[0]?.payload.text);
  });

  it("finishes the reply in progress before stop() resolves", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    await startBot([slowCommand(gate)]);
    fake.pushUpdate(textUpdate({ fromId: LEAD, text: "/slow" }));
    await new Promise((r) => setTimeout(r, 300));
    const stopped = adapter!.stop();
    adapter = undefined;
    setTimeout(open, 200);
    await stopped;
    expect(fake.callsOf("sendMessage").map((c) => c.payload.text)).toEqual(["慢回答"]);
  });
});
