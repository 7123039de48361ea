import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { renderReply } from "../../src/adapters/slack/render-blocks.js";
import { createSlackAdapter, type SlackAdapter } from "../../src/adapters/slack/slack-adapter.js";
import type { App } from "../../src/app.js";
import type { MessageHandler } from "../../src/chat/handler.js";
import type { Reply } from "../../src/chat/reply.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands } from "../../src/commands/registry.js";
import { type FakeOpenAi, startFakeOpenAi } from "../fakes/openai-api.js";
import { type FakeSlack, type SlackCall, shownText, startFakeSlack } from "../fakes/slack-api.js";
import { appMentionEvent, directMessageEvent, postSigned } from "../fakes/slack-requests.js";
import { createTestApp, testConfig } from "../setup/test-app.js";
import { llmEnv } from "./talk-tracks/helpers.js";

const SIGNING_SECRET = "test-signing-secret";
const LEAD = "U_LI";
const LEAD_DM = "D_LI";
const CHANNEL = "C_BOUND";
const INTERVAL_MS = 400;
/**
 * Edits start at least INTERVAL_MS apart; the fake sees them after the request's travel time,
 * which varies on a loaded machine, so the check allows a quarter of it (unpaced edits come ms apart).
 */
const MIN_GAP_MS = INTERVAL_MS * 0.75;
const QUESTION = "/objection 客户说资费太贵要转网";

let llm: FakeOpenAi;
let slack: FakeSlack;
let app: App;
let adapter: SlackAdapter;
let eventsUrl: string;
/** The finished replies the handler produced, in order (what the final update must show). */
let finals: Promise<Reply>[];

beforeAll(async () => {
  llm = await startFakeOpenAi();
});
afterAll(async () => {
  await llm.close();
});
afterEach(async () => {
  await adapter.stop();
  await slack.close();
  await app.store.close();
  llm.requests.length = 0;
});

/** The Slack adapter (HTTP receiver) on the real command layer, asking for streams as npm start does. */
async function startBot(env: Record<string, string>): Promise<void> {
  app = createTestApp({ env });
  const p = app.store.prisma;
  await p.team.create({ data: { id: "T1", name: "城东一组" } });
  await p.manager.create({
    data: { id: "M001", name: "李娜", teamId: "T1", role: "lead", slackUserId: LEAD },
  });
  await p.chatGroup.create({
    data: { id: `slack:${CHANNEL}`, platform: "slack", chatId: CHANNEL, teamId: "T1" },
  });
  expect((await app.knowledge.index()).ok).toBe(true);
  slack = await startFakeSlack();
  finals = [];
  const handle: MessageHandler = async (message, options) => {
    const { reply } = await handleMessage(app, message, commands, options);
    finals.push(reply.stream ? reply.stream.final : Promise.resolve(reply));
    return reply;
  };
  adapter = createSlackAdapter({
    config: testConfig({
      DATABASE_URL: app.config.DATABASE_URL,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      HOST: "127.0.0.1",
      PORT: "0",
    }),
    handle,
    logger: app.logger,
    processBeforeResponse: true,
    retryConfig: { retries: 0 },
    streamEditIntervalMs: INTERVAL_MS,
  });
  await adapter.start();
  eventsUrl = `http://127.0.0.1:${adapter.address()!.port}/slack/events`;
}

/** Sends an event; with processBeforeResponse the response comes once the reply is complete. */
const send = (event: Record<string, unknown>) =>
  postSigned(eventsUrl, JSON.stringify(event), "application/json", SIGNING_SECRET);
const updates = () => slack.callsTo("chat.update");
const shown = (call: SlackCall) => shownText(call.params.blocks);

/** Times between the placeholder and each update, and between updates. */
function gaps(): number[] {
  const times = [slack.callsTo("chat.postMessage")[0]!, ...updates()].map((c) => c.at);
  return times.slice(1).map((t, i) => t - times[i]!);
}

describe("Slack: talk tracks streamed into an updated message", () => {
  it("posts a placeholder in a DM, updates it with partial text at most once per interval, ends with the final blocks", async () => {
    await startBot(llmEnv(llm.baseURL));
    const chunks = [
      "先问清“贵”在哪里 [2]。",
      "再对照客户的实际用量",
      "讲清套餐的价值 [1]，",
      "别编造优惠。",
      "最后约定回访时间。",
    ];
    llm.enqueue({ type: "answer", text: chunks.join(""), chunks, chunkDelayMs: 250 });
    expect(
      (await send(directMessageEvent({ userId: LEAD, channelId: LEAD_DM, text: QUESTION, ts: "1.1" })))
        .status,
    ).toBe(200);

    const posted = slack.callsTo("chat.postMessage");
    expect(posted).toHaveLength(1);
    expect(posted[0]!.params.channel).toBe(LEAD_DM);
    expect(shownText(posted[0]!.params.blocks)).toContain("正在根据培训资料撰写…");
    const all = updates();
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.every((u) => u.params.channel === LEAD_DM && u.params.ts === "1700000000.000001")).toBe(true);

    const partial = all.slice(0, -1).map(shown);
    expect(partial.some((t) => t.includes("先问清") && !t.includes("最后约定回访时间"))).toBe(true);
    expect(partial.every((t) => t.includes("正在根据培训资料撰写…"))).toBe(true);

    const [expected] = renderReply(await finals[0]!, { omitImages: true });
    const final = all.at(-1)!;
    expect(final.params.blocks).toEqual(expected!.blocks);
    expect(final.params.text).toBe(expected!.text);
    expect(shown(final)).toContain("objections/price-too-high.md");
    expect(shown(final)).not.toContain("正在根据培训资料撰写…");
    for (const gap of gaps()) expect(gap).toBeGreaterThanOrEqual(MIN_GAP_MS);
  });

  it("in a channel thread, replaces a stream cut midway with the fallback and its notice", async () => {
    await startBot(llmEnv(llm.baseURL));
    llm.enqueue({ type: "cut", chunks: ["先问清“贵”在哪里", "，再对照"], chunkDelayMs: 600 });
    await send(appMentionEvent({ userId: LEAD, channelId: CHANNEL, text: `<@UBOT> ${QUESTION}`, ts: "2.2" }));

    const [placeholder] = slack.callsTo("chat.postMessage");
    expect(placeholder!.params).toMatchObject({ channel: CHANNEL, thread_ts: "2.2" });
    expect(slack.callsTo("chat.postMessage")).toHaveLength(1);
    const all = updates();
    expect(
      all
        .slice(0, -1)
        .map(shown)
        .some((t) => t.includes("先问清“贵”在哪里")),
    ).toBe(true);
    const final = all.at(-1)!;
    expect(final.params.blocks).toEqual(renderReply(await finals[0]!, { omitImages: true })[0]!.blocks);
    expect(shown(final)).toContain("大模型暂时不可用");
    expect(shown(final)).toContain("应对要点");
    expect(shown(final)).not.toContain("先问清“贵”在哪里");
    for (const gap of gaps()) expect(gap).toBeGreaterThanOrEqual(MIN_GAP_MS);
  });

  it("without an LLM posts the finished answer once and updates nothing", async () => {
    await startBot({});
    await send(directMessageEvent({ userId: LEAD, channelId: LEAD_DM, text: QUESTION, ts: "3.3" }));
    const posted = slack.callsTo("chat.postMessage");
    expect(posted).toHaveLength(1);
    expect(updates()).toEqual([]);
    expect(shownText(posted[0]!.params.blocks)).toContain("未经大模型生成");
    expect(posted[0]!.params.blocks).toEqual(renderReply(await finals[0]!, { omitImages: true })[0]!.blocks);
  });
});
