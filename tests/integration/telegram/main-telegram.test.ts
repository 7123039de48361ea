import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../../src/store/database.js";
import { startFakeOpenAi } from "../../fakes/openai-api.js";
import { FakeTelegramApi } from "../../fakes/telegram-api.js";
import { MainProcess } from "../../setup/main-process.js";
import { createTestDb } from "../../setup/test-app.js";
import { textUpdate } from "./telegram-harness.js";

let fake: FakeTelegramApi;
let main: MainProcess | undefined;
let dbUrl: string;

beforeEach(async () => {
  fake = await FakeTelegramApi.start();
  const db = createTestDb();
  dbUrl = db.url;
  // A manager in the store keeps `npm start` from loading the 2,000-customer demo.
  const store = openStore(db.url);
  await store.prisma.team.create({ data: { id: "T1", name: "城东一组" } });
  await store.prisma.manager.create({
    data: { id: "M001", name: "李娜", teamId: "T1", role: "lead", telegramUserId: "555" },
  });
  await store.close();
});
afterEach(async () => {
  main?.child.kill("SIGKILL");
  main = undefined;
  await fake.close();
});

/** Starts `npm start`'s entry point with Telegram pointed at the fake. */
async function startMain(env: Record<string, string>): Promise<void> {
  main = await MainProcess.start({
    DATABASE_URL: dbUrl,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...env,
  });
}

const logLine = (msg: string) => main?.logLine(msg);

describe("npm start with Telegram configured", () => {
  it("polls, answers, logs the adapters, and stops cleanly on SIGTERM", async () => {
    await startMain({});
    expect(logLine("RetainBot started")?.adapters).toEqual(["telegram (polling)"]);
    fake.pushUpdate(textUpdate({ fromId: 555, text: "帮助" }));
    const [sent] = await fake.waitFor("sendMessage");
    expect(String(sent?.payload.text)).toContain("使用说明");
    expect(await main!.stop("SIGTERM")).toBe(0);
    expect(logLine("RetainBot stopped")).toBeDefined();
  }, 60_000);

  it("serves the webhook on HOST:PORT with the secret required", async () => {
    await startMain({
      TELEGRAM_WEBHOOK_URL: "https://bot.example.com/tg",
      TELEGRAM_WEBHOOK_SECRET: "sekret",
      HOST: "127.0.0.1",
      PORT: "0",
    });
    expect(logLine("RetainBot started")?.adapters).toEqual(["telegram (webhook)"]);
    const port = logLine("HTTP listening")?.port as number;
    const post = (secret: string) =>
      fetch(`http://127.0.0.1:${port}/tg`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify({ update_id: 7, ...textUpdate({ fromId: 555, text: "帮助" }) }),
      });
    expect((await post("wrong")).status).toBe(401);
    expect((await post("sekret")).status).toBe(200);
    await fake.waitFor("sendMessage");
    expect(await main!.stop("SIGINT")).toBe(0);
  }, 60_000);

  it("serves /healthz, /readyz and /metrics for a load balancer and Prometheus (HTTP_ALWAYS with polling)", async () => {
    await startMain({ HTTP_ALWAYS: "1", HOST: "127.0.0.1", PORT: "0" });
    const port = logLine("HTTP listening")?.port as number;
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    const health = await get("/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    // Ready once the knowledge index is loaded (the bot loads it right after starting).
    expect(await main!.whenReady()).toEqual(MainProcess.READY);
    fake.pushUpdate(textUpdate({ fromId: 555, text: "帮助" }));
    await fake.waitFor("sendMessage");
    const metrics = await (await get("/metrics")).text();
    expect(metrics).toMatch(/retainbot_messages_total\{platform="telegram",command="help",result="ok"\} 1/);
    expect(metrics).toMatch(
      /retainbot_message_duration_seconds_count\{platform="telegram",command="help"\} 1/,
    );
    expect(metrics).toContain("retainbot_process_resident_memory_bytes");
  }, 90_000);

  it("stops within RETAINBOT_SHUTDOWN_DRAIN_MS when a reply hangs on the LLM", async () => {
    const llm = await startFakeOpenAi();
    llm.setDefault({ type: "hang" });
    try {
      await startMain({
        OPENAI_BASE_URL: llm.baseURL,
        OPENAI_API_KEY: "sk-test",
        OPENAI_MODEL: "test-model",
        OPENAI_TIMEOUT_MS: "600000",
        RETAINBOT_SHUTDOWN_DRAIN_MS: "1000",
      });
      fake.pushUpdate(textUpdate({ fromId: 555, text: "/objection 客户说你们太贵了，我想换到别家" }));
      await waitUntil(() => llm.chatRequests().length > 0);
      const stopAt = Date.now();
      await main!.stop("SIGTERM");
      // The LLM would hold the reply for 10 minutes; the drain gives up after 1 s.
      expect(Date.now() - stopAt).toBeLessThan(20_000);
      expect(logLine("shutdown drain timed out: replies abandoned")?.drainMs).toBe(1000);
    } finally {
      await llm.close();
    }
  }, 90_000);
});

async function waitUntil(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
