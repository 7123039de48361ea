import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatAdapter } from "../../../src/adapters/chat-adapter.js";
import type { App } from "../../../src/app.js";
import { DEFAULT_RULES_CONFIG } from "../../../src/domain/rules-config.js";
import { importFile } from "../../../src/import/index.js";
import { materialiseWarnings } from "../../../src/services/warnings/materialise.js";
import { sqliteOnly } from "../../../src/store/app-store.js";
import { FakeTelegramApi, type StoredMessage } from "../../fakes/telegram-api.js";
import { createTestApp } from "../../setup/test-app.js";
import { callbackUpdate, commandHandler, telegramAdapter, textUpdate } from "./telegram-harness.js";

const D = "2026-06-30";
const FIXTURES = join(import.meta.dirname, "../../fixtures/risk");
const M1 = 3001; // 吴经理, manager in T1 with customers C01–C07
const STRANGER = 3999;
const GROUP = -4001; // bound to T1
const UNBOUND = -4002;

let app: App;
let fake: FakeTelegramApi;
let adapter: ChatAdapter;

beforeAll(async () => {
  app = createTestApp({ asOf: D });
  for (const kind of ["managers", "customers", "usage", "bills", "events"] as const) {
    const report = await importFile(sqliteOnly(app.store, "seeding"), join(FIXTURES, `${kind}.csv`), kind);
    if (!report.ok) throw new Error(report.error.code);
  }
  materialiseWarnings(app.store.sql, "2026-06-28", DEFAULT_RULES_CONFIG);
  materialiseWarnings(app.store.sql, "2026-06-29", DEFAULT_RULES_CONFIG);
  await app.store.prisma.manager.update({ where: { id: "M1" }, data: { telegramUserId: String(M1) } });
  await app.store.prisma.chatGroup.create({
    data: { id: `telegram:${GROUP}`, platform: "telegram", chatId: String(GROUP), teamId: "T1" },
  });
}, 60_000);
afterAll(async () => {
  await app.store.close();
});
beforeEach(async () => {
  fake = await FakeTelegramApi.start();
  adapter = telegramAdapter(fake, commandHandler(app), app);
  await adapter.start();
});
afterEach(async () => {
  await adapter.stop();
  await fake.close();
});

/** The customer cards (messages with buttons) the bot sent to a chat, in order. */
const cardsIn = (chatId: number): StoredMessage[] =>
  [...fake.messages.values()].filter((m) => m.chat_id === chatId && m.reply_markup);
const buttonsOf = (card: StoredMessage) =>
  (
    card.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
  ).inline_keyboard.flat();
const outcomesOf = (customerId: string) => app.store.prisma.outcome.findMany({ where: { customerId } });
const allText = (chatId: number) =>
  fake
    .callsOf("sendMessage")
    .filter((c) => c.payload.chat_id === chatId)
    .map((c) => String(c.payload.text))
    .join("\n");

describe("今天谁有风险 on Telegram", () => {
  it("lists a manager's customers as cards in private, and a press stores the outcome", async () => {
    fake.pushUpdate(textUpdate({ fromId: M1, text: "今天谁有风险", firstName: "吴" }));
    // A heading, then one card per customer at risk (C01, C02, C03, C05).
    await fake.waitFor("sendMessage", (p) => p.chat_id === M1, 5);
    const cards = cardsIn(M1);
    expect(cards.map((c) => /C0\d/.exec(c.text)?.[0])).toEqual(["C01", "C02", "C03", "C05"]);
    expect(cards[0]?.text).toContain("王建国");
    expect(allText(M1)).not.toMatch(/1380000000\d/);

    expect(buttonsOf(cards[0]!).map((b) => [b.text, b.callback_data])).toEqual([
      ["已联系", "/done C01 contacted"],
      ["已挽留", "/done C01 retained"],
      ["流失", "/done C01 lost"],
      ["稍后（7天）", "/done C01 snooze 7"],
      ["话术", "/track C01"],
    ]);
    const contacted = buttonsOf(cards[0]!)[0]!;
    fake.pushUpdate(callbackUpdate(M1, contacted.callback_data, cards[0]!, "吴"));
    await fake.waitFor("editMessageText");
    const outcomes = await outcomesOf("C01");
    expect(outcomes).toEqual([expect.objectContaining({ managerId: "M1", kind: "contacted", day: D })]);
    const edited = fake.messages.get(cards[0]!.message_id)!;
    expect(edited.text.startsWith(cards[0]!.text)).toBe(true);
    expect(edited.text).toMatch(/\n\n▸ .*王建国/);
    expect(fake.callsOf("answerCallbackQuery")[0]?.payload.show_alert).toBeUndefined();
  });

  it("answers in a bound group with masked names, and a press there stores the presser's outcome", async () => {
    fake.pushUpdate(
      textUpdate({ fromId: M1, chatId: GROUP, text: "@retain_test_bot 今天谁有风险", firstName: "吴" }),
    );
    await fake.waitFor("sendMessage", (p) => p.chat_id === GROUP, 2);
    await new Promise((r) => setTimeout(r, 300));
    const groupText = allText(GROUP);
    for (const name of ["王建国", "李娜", "张伟", "陈静"]) expect(groupText).not.toContain(name);
    expect(groupText).not.toMatch(/1380000000\d/);
    expect(fake.callsOf("sendMessage").filter((c) => c.payload.chat_id === M1)).toHaveLength(0);

    const card = cardsIn(GROUP).find((c) => c.text.includes("C02"))!;
    fake.pushUpdate(callbackUpdate(M1, buttonsOf(card)[0]!.callback_data, card, "吴"));
    await fake.waitFor("editMessageText");
    expect(await outcomesOf("C02")).toEqual([
      expect.objectContaining({ managerId: "M1", kind: "contacted" }),
    ]);
    const edited = fake.messages.get(card.message_id)!.text;
    expect(edited).toMatch(/▸ .* — 吴$/);
    expect(edited).not.toContain("李娜");

    // Someone the bot does not know presses a button in the same group: refused, privately.
    const other = cardsIn(GROUP).find((c) => c.text.includes("C03"))!;
    fake.pushUpdate(callbackUpdate(STRANGER, buttonsOf(other)[0]!.callback_data, other));
    await fake.waitFor("answerCallbackQuery", () => true, 2);
    expect(fake.callsOf("answerCallbackQuery")[1]?.payload.show_alert).toBe(true);
    expect(await outcomesOf("C03")).toEqual([]);
  });

  it("gives an unknown user and an unbound group nothing personal", async () => {
    fake.pushUpdate(textUpdate({ fromId: STRANGER, text: "今天谁有风险" }));
    fake.pushUpdate(textUpdate({ fromId: M1, chatId: UNBOUND, text: "/risk@retain_test_bot" }));
    await fake.waitFor("sendMessage", (p) => p.chat_id === STRANGER);
    await fake.waitFor("sendMessage", (p) => p.chat_id === UNBOUND);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsOf("sendMessage")).toHaveLength(2);
    expect(allText(UNBOUND)).toBe(
      "本群尚未绑定团队，我暂时不能在这里回答。请团队长发送 /bindgroup 完成绑定。",
    );
    for (const text of [allText(STRANGER), allText(UNBOUND)]) {
      expect(text).not.toMatch(/C0\d|王建国|138/);
    }
  });
});
