/**
 * Issue 14, item 3: a button whose action is over Telegram's 64-byte callback_data (an objection
 * choice carrying the question) works when the press reaches another instance of the bot, or the
 * same one after a restart: the action is kept in the store, not only in memory.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ChatAdapter } from "../../../src/adapters/chat-adapter.js";
import type { App } from "../../../src/app.js";
import { storedButtonActions } from "../../../src/store/button-actions.js";
import { FakeTelegramApi, type StoredMessage } from "../../fakes/telegram-api.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { createTestApp } from "../../setup/test-app.js";
import { callbackUpdate, commandHandler, telegramAdapter, textUpdate } from "./telegram-harness.js";

const M1 = 3101;
let app: App;
let fake: FakeTelegramApi;
const adapters: ChatAdapter[] = [];

beforeAll(async () => {
  app = createTestApp({ asOf: RISK_DAY });
  await seedRiskFixture(app);
  await app.knowledge.objections();
  await app.store.prisma.manager.update({ where: { id: "M1" }, data: { telegramUserId: String(M1) } });
  fake = await FakeTelegramApi.start();
}, 60_000);
afterAll(async () => {
  for (const adapter of adapters) await adapter.stop();
  await fake.close();
  await app.store.close();
});

async function startInstance(): Promise<ChatAdapter> {
  const adapter = telegramAdapter(fake, commandHandler(app), app, {
    actionStore: storedButtonActions(app.store.db),
  });
  adapters.push(adapter);
  await adapter.start();
  return adapter;
}

const buttonsOf = (message: StoredMessage) =>
  (
    message.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
  ).inline_keyboard.flat();

it("runs a long button's action on another instance after the first one stopped", async () => {
  const first = await startInstance();
  // Nothing an objection category could be: the bot offers three choices carrying the question.
  const question = "请问公司食堂今天中午几点开饭还有没有红烧肉";
  fake.pushUpdate(textUpdate({ fromId: M1, text: `/objection ${question}`, firstName: "吴" }));
  await fake.waitFor("sendMessage", (p) => p.chat_id === M1 && Boolean(p.reply_markup), 1, 30_000);
  const card = [...fake.messages.values()].find((m) => m.chat_id === M1 && m.reply_markup)!;
  const choice = buttonsOf(card).find((b) => !b.text.includes("👍") && !b.text.includes("👎"))!;
  expect(choice.callback_data.startsWith("#")).toBe(true); // stored under a hash: over 64 bytes
  await first.stop();

  const sentBefore = fake.callsOf("sendMessage").length;
  await startInstance();
  fake.pushUpdate(callbackUpdate(M1, choice.callback_data, card, "吴"));
  const calls = await fake.waitFor("sendMessage", (p) => p.chat_id === M1, sentBefore + 1, 30_000);
  const answer = String(calls.at(-1)?.payload.text);
  expect(answer).toContain("按所选：");
  expect(answer).toContain(choice.text);
  expect(fake.callsOf("answerCallbackQuery").map((c) => c.payload.text)).not.toContain(
    "这个按钮已过期，请重新查询。",
  );
}, 90_000);
