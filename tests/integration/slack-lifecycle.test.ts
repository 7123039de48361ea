import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackAdapter } from "../../src/adapters/slack/slack-adapter.js";
import type { MessageHandler } from "../../src/chat/handler.js";
import { textReply } from "../../src/chat/reply.js";
import { createHttpListener } from "../../src/http/http-listener.js";
import { createLogger } from "../../src/logger.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack-api.js";
import { appMentionEvent, formBody, postSigned, slashCommandPayload } from "../fakes/slack-requests.js";
import { testConfig } from "../setup/test-app.js";

const logger = createLogger("silent");
const SECRET = "lifecycle-secret";
let fake: FakeSlack;

beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await fake.close();
});

const config = (env: Record<string, string>) =>
  testConfig({ SLACK_API_URL: fake.apiUrl, HOST: "127.0.0.1", PORT: "0", ...env });
const answerHelp: MessageHandler = async () => textReply("ok");

describe("Slack adapter start-up", () => {
  it("fails at start, naming SLACK_BOT_TOKEN, when Slack refuses the bot token", async () => {
    const adapter = createSlackAdapter({
      config: config({ SLACK_BOT_TOKEN: "xoxb-bad-token", SLACK_SIGNING_SECRET: SECRET }),
      handle: answerHelp,
      logger,
      retryConfig: { retries: 0 },
    });
    await expect(adapter.start()).rejects.toThrow(/SLACK_BOT_TOKEN.*invalid_auth/);
    expect(adapter.address()).toBeNull();
  });

  it("fails at start, naming SLACK_APP_TOKEN, when Slack refuses the app-level token", async () => {
    const adapter = createSlackAdapter({
      config: config({ SLACK_BOT_TOKEN: "xoxb-good", SLACK_APP_TOKEN: "xapp-bad-token" }),
      handle: answerHelp,
      logger,
      retryConfig: { retries: 0 },
    });
    await expect(adapter.start()).rejects.toThrow(/SLACK_APP_TOKEN.*invalid_auth/);
    await adapter.stop();
  });

  it("refuses to be created without a bot token", () => {
    expect(() => createSlackAdapter({ config: config({}), handle: answerHelp, logger })).toThrow(
      /SLACK_BOT_TOKEN/,
    );
  });
});

describe("Slack adapter shutdown", () => {
  it("acks at once and, on stop, finishes the replies already being worked on", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowHandler: MessageHandler = async () => {
      await gate;
      return textReply("稍等，已经查好了");
    };
    const adapter = createSlackAdapter({
      config: config({ SLACK_BOT_TOKEN: "xoxb-good", SLACK_SIGNING_SECRET: SECRET }),
      handle: slowHandler,
      logger,
      retryConfig: { retries: 0 },
    });
    await adapter.start();
    const url = `http://127.0.0.1:${adapter.address()?.port}/slack/events`;
    const event = appMentionEvent({ userId: "U1", channelId: "C1", text: "<@UBOT> help", ts: "1.5" });
    // Without processBeforeResponse Slack gets its 200 before the answer is ready.
    const res = await postSigned(url, JSON.stringify(event), "application/json", SECRET);
    expect(res.status).toBe(200);
    expect(fake.callsTo("chat.postMessage")).toEqual([]);

    const stopped = adapter.stop();
    setTimeout(release, 50);
    await stopped;
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    await expect(fetch(url, { method: "POST" })).rejects.toThrow();
  });
});

describe("Slack adapter on the shared HTTP listener", () => {
  it("serves /slack/events beside other routes on one port, and refuses new work once stopping", async () => {
    const http = createHttpListener({ host: "127.0.0.1", port: 0, logger });
    http.route("/telegram/webhook", (_req, res) => {
      res.writeHead(200).end("telegram");
    });
    const adapter = createSlackAdapter({
      config: config({ SLACK_BOT_TOKEN: "xoxb-good", SLACK_SIGNING_SECRET: SECRET }),
      handle: answerHelp,
      logger,
      http,
      processBeforeResponse: true,
      retryConfig: { retries: 0 },
    });
    await adapter.start();
    const { port } = await http.start();
    try {
      expect(adapter.address()).toBeNull();
      const url = `http://127.0.0.1:${port}/slack/events`;
      const body = () =>
        formBody(
          slashCommandPayload({
            userId: "U1",
            channelId: "D1",
            text: "help",
            responseUrl: fake.responseUrl("h"),
          }),
        );
      const res = await postSigned(url, body(), "application/x-www-form-urlencoded", SECRET);
      expect(res.status).toBe(200);
      expect(fake.callsTo("response_url")).toHaveLength(1);
      const unsigned = await fetch(url, { method: "POST", body: body() });
      expect(unsigned.status).toBe(401);
      expect(
        await (await fetch(`http://127.0.0.1:${port}/telegram/webhook`, { method: "POST" })).text(),
      ).toBe("telegram");

      await adapter.stop();
      const late = await postSigned(url, body(), "application/x-www-form-urlencoded", SECRET);
      expect(late.status).toBe(503);
      expect(fake.callsTo("response_url")).toHaveLength(1);
    } finally {
      await http.stop();
    }
  });
});
