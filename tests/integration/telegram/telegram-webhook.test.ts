import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatAdapter } from "../../../src/adapters/chat-adapter.js";
import type { App } from "../../../src/app.js";
import { createHttpListener, type HttpListener } from "../../../src/http/http-listener.js";
import { FakeTelegramApi } from "../../fakes/telegram-api.js";
import { createTestApp } from "../../setup/test-app.js";
import { commandHandler, telegramAdapter, textUpdate } from "./telegram-harness.js";

const SECRET = "s3cret-token_1";
const WEBHOOK_URL = "https://bot.example.com/hooks/telegram";

let app: App;
let fake: FakeTelegramApi;
let http: HttpListener;
let adapter: ChatAdapter;
let base: string;

beforeEach(async () => {
  app = createTestApp();
  await app.store.prisma.team.create({ data: { id: "T1", name: "城东一组" } });
  await app.store.prisma.manager.create({
    data: { id: "M001", name: "李娜", teamId: "T1", role: "lead", telegramUserId: "555" },
  });
  fake = await FakeTelegramApi.start();
  http = createHttpListener({ host: "127.0.0.1", port: 0, logger: app.logger });
  adapter = telegramAdapter(fake, commandHandler(app), app, {
    webhook: { url: WEBHOOK_URL, secretToken: SECRET, http },
  });
  const { port } = await http.start();
  base = `http://127.0.0.1:${port}`;
  await adapter.start();
});
afterEach(async () => {
  await adapter.stop();
  await http.stop();
  await fake.close();
  await app.store.close();
});

const post = (path: string, body: string, secret?: string) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(secret !== undefined ? { "x-telegram-bot-api-secret-token": secret } : {}),
    },
    body,
  });

describe("Telegram adapter, webhook", () => {
  it("sets the webhook with its secret and the updates it handles", async () => {
    expect(adapter.name).toBe("telegram (webhook)");
    const [set] = fake.callsOf("setWebhook");
    expect(set?.payload).toMatchObject({
      url: WEBHOOK_URL,
      secret_token: SECRET,
      allowed_updates: ["message", "callback_query"],
    });
    expect(fake.callsOf("deleteWebhook")).toHaveLength(0);
  });

  it("handles an update posted with the right secret", async () => {
    const update = JSON.stringify({ update_id: 1, ...textUpdate({ fromId: 555, text: "帮助" }) });
    const res = await post("/hooks/telegram", update, SECRET);
    expect(res.status).toBe(200);
    const [sent] = await fake.waitFor("sendMessage");
    expect(String(sent?.payload.text)).toContain("使用说明");
  });

  it("answers 401 without the secret or with a wrong one, and handles nothing", async () => {
    const update = JSON.stringify({ update_id: 1, ...textUpdate({ fromId: 555, text: "帮助" }) });
    expect((await post("/hooks/telegram", update)).status).toBe(401);
    expect((await post("/hooks/telegram", update, "wrong")).status).toBe(401);
    expect((await post("/hooks/telegram", update, `${SECRET}x`)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf("sendMessage")).toHaveLength(0);
  });

  it("survives malformed JSON and serves only its own path", async () => {
    expect((await post("/hooks/telegram", "{not json", SECRET)).status).toBe(400);
    expect((await post("/elsewhere", "{}", SECRET)).status).toBe(404);
    const update = JSON.stringify({ update_id: 2, ...textUpdate({ fromId: 555, text: "/help" }) });
    expect((await post("/hooks/telegram", update, SECRET)).status).toBe(200);
  });
});
