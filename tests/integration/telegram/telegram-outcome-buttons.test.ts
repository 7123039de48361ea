/**
 * Issue 16, item 1 on Telegram: pressing 已挽留 on a customer card offers the retention methods as a
 * second row of buttons; one press there adds the method to the outcome just logged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatAdapter } from "../../../src/adapters/chat-adapter.js";
import type { App } from "../../../src/app.js";
import { FakeTelegramApi, type StoredMessage } from "../../fakes/telegram-api.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { createTestApp } from "../../setup/test-app.js";
import { callbackUpdate, commandHandler, telegramAdapter, textUpdate } from "./telegram-harness.js";

const M1 = 3001;
let app: App;
let fake: FakeTelegramApi;
let adapter: ChatAdapter;

beforeAll(async () => {
  app = createTestApp({ asOf: RISK_DAY });
  await seedRiskFixture(app);
  // The bot builds the knowledge base at start-up; the objection buttons come from it.
  await app.knowledge.objections();
  await app.store.prisma.manager.update({ where: { id: "M1" }, data: { telegramUserId: String(M1) } });
  fake = await FakeTelegramApi.start();
  adapter = telegramAdapter(fake, commandHandler(app), app);
  await adapter.start();
}, 60_000);
afterAll(async () => {
  await adapter.stop();
  await fake.close();
  await app.store.close();
});

const cardsIn = (chatId: number): StoredMessage[] =>
  [...fake.messages.values()].filter((m) => m.chat_id === chatId && m.reply_markup);
const buttonsOf = (card: StoredMessage) =>
  (
    card.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
  ).inline_keyboard.flat();

describe("the second row of outcome buttons on Telegram", { timeout: 60_000 }, () => {
  it("offers the methods after 已挽留 and stores the one pressed with the outcome", async () => {
    fake.pushUpdate(textUpdate({ fromId: M1, text: "今天谁有风险", firstName: "吴" }));
    await fake.waitFor("sendMessage", (p) => p.chat_id === M1, 5);
    const card = cardsIn(M1).find((c) => c.text.includes("C02"))!;
    const retained = buttonsOf(card).find((b) => b.text === "已挽留")!;
    fake.pushUpdate(callbackUpdate(M1, retained.callback_data, card, "吴"));
    await fake.waitFor(
      "sendMessage",
      (p) => p.chat_id === M1 && String(p.text).includes("保有方法"),
      1,
      20_000,
    );
    const row = cardsIn(M1).find((c) => c.text.includes("保有方法"))!;
    expect(buttonsOf(row).map((b) => b.text)).toEqual([
      "成本保有",
      "产品保有",
      "关系保有",
      "价值保有",
      "嵌入保有",
    ]);
    expect(await app.store.prisma.outcome.findMany({ where: { customerId: "C02" } })).toEqual([
      expect.objectContaining({ kind: "retained", method: null }),
    ]);

    const value = buttonsOf(row).find((b) => b.text === "价值保有")!;
    fake.pushUpdate(callbackUpdate(M1, value.callback_data, row, "吴"));
    await fake.waitFor(
      "sendMessage",
      (p) => p.chat_id === M1 && String(p.text).includes("主要的异议"),
      1,
      20_000,
    );
    const objections = cardsIn(M1).find((c) => c.text.includes("主要的异议"))!;
    expect(buttonsOf(objections).map((b) => b.text)).toContain("资费太贵");
    expect(await app.store.prisma.outcome.findMany({ where: { customerId: "C02" } })).toEqual([
      expect.objectContaining({ kind: "retained", method: "value", managerId: "M1" }),
    ]);
  });
});
