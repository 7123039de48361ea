import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/database.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack-api.js";
import { appMentionEvent, formBody, postSigned, slashCommandPayload } from "../fakes/slack-requests.js";
import { FakeTelegramApi } from "../fakes/telegram-api.js";
import { MainProcess } from "../setup/main-process.js";
import { createTestDb } from "../setup/test-app.js";

/** `npm start`'s entry point as a child process, with Slack (and Telegram) pointed at fakes. */

const SECRET = "main-signing-secret";
let fake: FakeSlack;
let main: MainProcess | undefined;
let dbUrl: string;

beforeEach(async () => {
  fake = await startFakeSlack();
  const db = createTestDb();
  dbUrl = db.url;
  // A manager in the store keeps `npm start` from loading the demo data.
  const store = openStore(db.url);
  await store.prisma.team.create({ data: { id: "T1", name: "城东一组" } });
  await store.prisma.manager.create({
    data: {
      id: "M001",
      name: "李娜",
      teamId: "T1",
      role: "lead",
      slackUserId: "U_LI",
      telegramUserId: "555",
    },
  });
  await store.prisma.chatGroup.create({
    data: { id: "slack:C_BOUND", platform: "slack", chatId: "C_BOUND", teamId: "T1" },
  });
  await store.close();
});
afterEach(async () => {
  main?.child.kill("SIGKILL");
  main = undefined;
  await fake.close();
});

/** Starts `npm start`'s entry point with Slack pointed at the fake. */
async function startMain(env: Record<string, string>): Promise<MainProcess> {
  main = await MainProcess.start({ DATABASE_URL: dbUrl, SLACK_API_URL: fake.apiUrl, ...env });
  return main;
}

const logLine = (msg: string) => main?.logLine(msg);

describe("npm start with Slack configured", () => {
  it("serves signed Slack requests on HOST:PORT, answers, and stops cleanly on SIGTERM", async () => {
    const proc = await startMain({
      SLACK_BOT_TOKEN: "xoxb-main",
      SLACK_SIGNING_SECRET: SECRET,
      HOST: "127.0.0.1",
      PORT: "0",
    });
    expect(logLine("RetainBot started")?.adapters).toEqual(["slack (http)"]);
    const port = logLine("HTTP listening")?.port as number;
    const url = `http://127.0.0.1:${port}/slack/events`;
    const body = formBody(
      slashCommandPayload({
        userId: "U_LI",
        channelId: "D_LI",
        text: "帮助",
        responseUrl: fake.responseUrl("m"),
      }),
    );
    expect(
      (await postSigned(url, body, "application/x-www-form-urlencoded", SECRET, { secret: "wrong" })).status,
    ).toBe(401);
    expect((await postSigned(url, body, "application/x-www-form-urlencoded", SECRET)).status).toBe(200);
    const [response] = await fake.waitForCalls("response_url");
    expect(JSON.stringify(response?.params.blocks)).toContain("使用说明");
    expect(await proc.stop("SIGTERM")).toBe(0);
    expect(logLine("RetainBot stopped")).toBeDefined();
  }, 60_000);

  it("runs Slack in Socket Mode beside Telegram polling", async () => {
    const telegram = await FakeTelegramApi.start();
    try {
      const proc = await startMain({
        SLACK_BOT_TOKEN: "xoxb-main",
        SLACK_APP_TOKEN: "xapp-main",
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
      });
      expect(logLine("RetainBot started")?.adapters).toEqual(["telegram (polling)", "slack (socket mode)"]);
      await fake.socketConnected();
      await fake.pushEnvelope(
        "events_api",
        appMentionEvent({
          userId: "U_LI",
          channelId: "C_BOUND",
          text: "<@UBOT> 帮助",
          ts: "1700002000.000001",
        }),
      );
      const [post] = await fake.waitForCalls("chat.postMessage");
      expect(post?.params.thread_ts).toBe("1700002000.000001");
      expect(await proc.stop("SIGINT")).toBe(0);
    } finally {
      await telegram.close();
    }
  }, 60_000);
});
