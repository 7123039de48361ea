/**
 * Issue 9, item 12 through the Telegram fake: wrong /bind codes are throttled per chat user and per
 * manager id (5 in 15 minutes, counted in the store), the manager's lead is alerted at lockout, and
 * a rebind never silently unbinds the previous account.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ChatAdapter } from "../../src/adapters/chat-adapter.js";
import { createDirectSenders } from "../../src/adapters/direct-senders.js";
import type { App } from "../../src/app.js";
import { issueBindCode } from "../../src/services/identity/bind-codes.js";
import { FakeTelegramApi } from "../fakes/telegram-api.js";
import { commandHandler, telegramAdapter, textUpdate } from "../integration/telegram/telegram-harness.js";
import { PEOPLE, twoTeamApp } from "./fixture.js";

const GUESSER = 7555;
let app: App;
let fake: FakeTelegramApi;
let adapter: ChatAdapter;

afterEach(async () => {
  await adapter.stop();
  await fake.close();
  await app.store.close();
});

async function start(): Promise<void> {
  fake = await FakeTelegramApi.start();
  const seeded = await twoTeamApp();
  const config = { ...seeded.config, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
  app = { ...seeded, directSenders: async () => createDirectSenders(config, seeded.logger) };
  adapter = telegramAdapter(fake, commandHandler(app), app);
  await adapter.start();
}

/** Sends a DM and waits for the n-th message the bot sends that user. */
async function say(fromId: number, text: string, nth: number): Promise<string> {
  fake.pushUpdate(textUpdate({ fromId, text }));
  const sent = await fake.waitFor("sendMessage", (p) => p.chat_id === fromId, nth);
  return String(sent.filter((c) => c.payload.chat_id === fromId).at(-1)?.payload.text);
}

describe("/bind", () => {
  it("locks a guesser out after 5 wrong codes, alerts the lead, and keeps the lock in the store", async () => {
    await start();
    for (let i = 1; i <= 5; i++) expect(await say(GUESSER, `/bind M002 00000-0000${i}`, i)).toContain("不对");
    const [alert] = await fake.waitFor(
      "sendMessage",
      (p) => String(p.chat_id) === String(PEOPLE.lead.telegram),
    );
    expect(String(alert?.payload.text)).toContain("安全提醒");
    expect(String(alert?.payload.text)).toContain("M002");

    // Even the right code is refused now, from this user and for this manager id.
    const issued = await issueBindCode(app.store.db, "M002", app.clock.now());
    if (!issued.ok) throw new Error(issued.error.message);
    expect(await say(GUESSER, `/bind M002 ${issued.value.code}`, 6)).toContain("暂停绑定 15 分钟");
    expect(await say(PEOPLE.stranger.telegram, `/bind M002 ${issued.value.code}`, 1)).toContain("暂停绑定");
    const manager = await app.store.prisma.manager.findUnique({ where: { id: "M002" } });
    expect(manager?.telegramUserId).toBe(String(PEOPLE.manager.telegram));
    expect(await app.store.prisma.bindAttempt.count()).toBe(5);
    expect(
      fake.callsOf("sendMessage").filter((c) => String(c.payload.chat_id) === String(PEOPLE.lead.telegram)),
    ).toHaveLength(1);
  });

  it("asks before moving a binding to another account, and moves it on confirm", async () => {
    await start();
    const issued = await issueBindCode(app.store.db, "M002", app.clock.now());
    if (!issued.ok) throw new Error(issued.error.message);
    const asked = await say(GUESSER, `/bind M002 ${issued.value.code}`, 1);
    expect(asked).toContain("已绑定另一个 telegram 账号");
    expect(asked).toContain("confirm");
    let manager = await app.store.prisma.manager.findUnique({ where: { id: "M002" } });
    expect(manager?.telegramUserId).toBe(String(PEOPLE.manager.telegram));

    expect(await say(GUESSER, `/bind M002 ${issued.value.code} confirm`, 2)).toContain("已改绑");
    manager = await app.store.prisma.manager.findUnique({ where: { id: "M002" } });
    expect(manager?.telegramUserId).toBe(String(GUESSER));
  });
});
