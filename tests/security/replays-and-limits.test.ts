/**
 * Issue 9, items 9 and 11 over real HTTP: a Telegram update delivered three times, a Slack event
 * retried and a signed Slack request replayed each log one outcome; Slack timestamps too far from
 * now either way are refused; a huge body or message is refused naming its limit.
 */
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatAdapter } from "../../src/adapters/chat-adapter.js";
import type { App } from "../../src/app.js";
import { MAX_MESSAGE_CHARS } from "../../src/commands/reply-limits.js";
import { createHttpListener, type HttpListener } from "../../src/http/http-listener.js";
import { shownText } from "../fakes/slack-api.js";
import { directMessageEvent, formBody, slashCommandPayload } from "../fakes/slack-requests.js";
import { FakeTelegramApi } from "../fakes/telegram-api.js";
import { commandHandler, telegramAdapter, textUpdate } from "../integration/telegram/telegram-harness.js";
import { SIGNING_SECRET, type SlackHarness, startSlackHarness } from "../setup/slack-harness.js";
import { AS_OF, PEOPLE, seedTwoTeams, twoTeamApp } from "./fixture.js";

const SECRET = "hook-secret";
const outcomes = (app: App) => app.store.prisma.outcome.count({ where: { customerId: "C04" } });
const settle = () => new Promise((r) => setTimeout(r, 400));

describe("Telegram webhook", () => {
  let app: App;
  let fake: FakeTelegramApi;
  let http: HttpListener;
  let adapter: ChatAdapter;
  let url: string;
  afterEach(async () => {
    await adapter.stop();
    await http.stop();
    await fake.close();
    await app.store.close();
  });
  const start = async () => {
    app = await twoTeamApp();
    fake = await FakeTelegramApi.start();
    http = createHttpListener({ host: "127.0.0.1", port: 0, logger: app.logger });
    adapter = telegramAdapter(fake, commandHandler(app), app, {
      webhook: { url: "https://bot.example.com/tg", secretToken: SECRET, http },
    });
    url = `http://127.0.0.1:${(await http.start()).port}/tg`;
    await adapter.start();
  };
  const post = (body: string) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body,
    });

  it("handles an update_id delivered three times once", async () => {
    await start();
    const update = JSON.stringify({
      update_id: 900_001,
      ...textUpdate({ fromId: PEOPLE.manager.telegram, text: "/done C04 contacted" }),
    });
    for (let i = 0; i < 3; i++) expect((await post(update)).status).toBe(200);
    await settle();
    expect(await outcomes(app)).toBe(1);
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
  });

  it("refuses a message over the limit naming it, and a huge body before reading it", async () => {
    await start();
    const long = "客".repeat(MAX_MESSAGE_CHARS + 1);
    const update = JSON.stringify({
      update_id: 900_002,
      ...textUpdate({ fromId: PEOPLE.manager.telegram, text: long }),
    });
    expect((await post(update)).status).toBe(200);
    const [sent] = await fake.waitFor("sendMessage");
    expect(String(sent?.payload.text)).toContain(`最多 ${MAX_MESSAGE_CHARS} 个字符`);
    expect(fake.callsOf("sendMessage")).toHaveLength(1);

    const huge = JSON.stringify({
      update_id: 900_003,
      ...textUpdate({ fromId: PEOPLE.manager.telegram, text: "x".repeat(10 * 1024 * 1024) }),
    });
    expect((await post(huge)).status).toBe(413);
    await settle();
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
  });
});

describe("Slack over HTTP", () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h.close();
  });
  /** POSTs as Slack does, with any timestamp and extra headers (X-Slack-Retry-Num). */
  const send = (
    body: string,
    contentType: string,
    options: { timestamp?: number; headers?: Record<string, string> } = {},
  ) => {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    return fetch(h.eventsUrl, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signature,
        ...options.headers,
      },
      body,
    });
  };
  const dmDone = () =>
    JSON.stringify(
      directMessageEvent({
        userId: PEOPLE.manager.slack,
        channelId: "D_M2",
        text: "/done C04 contacted",
        ts: "5.1",
      }),
    );

  it("logs one outcome for an event and its retries (X-Slack-Retry-Num)", async () => {
    h = await startSlackHarness({ asOf: AS_OF, seed: seedTwoTeams });
    const event = dmDone();
    expect((await send(event, "application/json")).status).toBe(200);
    for (const n of ["1", "2"]) {
      const retry = await send(event, "application/json", {
        headers: { "x-slack-retry-num": n, "x-slack-retry-reason": "http_timeout" },
      });
      expect(retry.status).toBe(200);
    }
    await settle();
    expect(await outcomes(h.app)).toBe(1);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("logs one outcome for a signed slash command replayed as it was", async () => {
    h = await startSlackHarness({ asOf: AS_OF, seed: seedTwoTeams });
    const body = formBody(
      slashCommandPayload({
        userId: PEOPLE.manager.slack,
        channelId: "D_M2",
        text: "/done C04 contacted",
        responseUrl: h.fake.responseUrl("r"),
      }),
    );
    const timestamp = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 3; i++)
      expect((await send(body, "application/x-www-form-urlencoded", { timestamp })).status).toBe(200);
    await settle();
    expect(await outcomes(h.app)).toBe(1);
    expect(h.fake.callsTo("response_url")).toHaveLength(1);
    expect(shownText(h.fake.callsTo("response_url")[0]?.params.blocks)).toContain("孙立平");
  });

  it("refuses timestamps ten minutes in the future or the past", async () => {
    h = await startSlackHarness({ asOf: AS_OF, seed: seedTwoTeams });
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now + 600, now - 600]) {
      const res = await send(dmDone(), "application/json", { timestamp });
      expect(res.status).toBe(401);
    }
    await settle();
    expect(h.received).toHaveLength(0);
    expect(await outcomes(h.app)).toBe(0);
  });
});
