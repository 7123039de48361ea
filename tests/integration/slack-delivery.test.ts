import { afterEach, describe, expect, it } from "vitest";
import type { MessageHandler } from "../../src/chat/handler.js";
import type { Reply, ReplyBlock } from "../../src/chat/reply.js";
import {
  appMentionEvent,
  blockActionPayload,
  directMessageEvent,
  formBody,
  postSigned,
  slashCommandPayload,
} from "../fakes/slack-requests.js";
import { SIGNING_SECRET, SLACK, type SlackHarness, startSlackHarness } from "../setup/slack-harness.js";

/**
 * Where replies go, whatever the command: these use a handler with fixed replies so the rules
 * (personal → only the asker in channels, long → several messages) are tested on their own.
 */

const customer = (i: number): ReplyBlock => ({
  type: "customer",
  customerId: `C${i}`,
  title: `${i}. 王_*[小] 13800138000`,
  lines: ["合约 12 天后到期"],
  actions: [{ label: "已联系", action: `/done C${i} contacted` }],
});
const personalReply: Reply = { blocks: [{ type: "heading", text: "风险客户" }, customer(1)], personal: true };

let h: SlackHarness;
afterEach(async () => {
  await h.close();
});

const start = async (handle: MessageHandler) => {
  h = await startSlackHarness({ handle });
};
const mention = (channelId: string, ts: string) =>
  postSigned(
    h.eventsUrl,
    JSON.stringify(appMentionEvent({ userId: SLACK.lead, channelId, text: "<@UBOT> 详情", ts })),
    "application/json",
    SIGNING_SECRET,
  );
const everythingPublic = () =>
  [...h.fake.callsTo("chat.postMessage"), ...h.fake.callsTo("chat.update")]
    .map((c) => JSON.stringify(c.params))
    .join("");

describe("Slack delivery of personal data", () => {
  it("shows a personal reply to a mention only to the asker, in the thread", async () => {
    await start(async () => personalReply);
    await mention(SLACK.boundChannel, "1700000700.000700");
    const [ephemeral] = h.fake.callsTo("chat.postEphemeral");
    expect(ephemeral?.params).toMatchObject({
      channel: SLACK.boundChannel,
      user: SLACK.lead,
      thread_ts: "1700000700.000700",
    });
    expect(JSON.stringify(ephemeral?.params.blocks)).toContain("13800138000");
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);
  });

  it("posts a personal reply normally in the asker's own DM", async () => {
    await start(async () => personalReply);
    await postSigned(
      h.eventsUrl,
      JSON.stringify(
        directMessageEvent({ userId: SLACK.lead, channelId: SLACK.leadDm, text: "详情", ts: "1.1" }),
      ),
      "application/json",
      SIGNING_SECRET,
    );
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(h.fake.callsTo("chat.postEphemeral")).toEqual([]);
  });

  it("answers a personal slash command in a channel ephemerally", async () => {
    await start(async () => personalReply);
    const body = formBody(
      slashCommandPayload({
        userId: SLACK.lead,
        channelId: SLACK.boundChannel,
        text: "详情",
        responseUrl: h.fake.responseUrl("p"),
      }),
    );
    await postSigned(h.eventsUrl, body, "application/x-www-form-urlencoded", SIGNING_SECRET);
    const [response] = h.fake.callsTo("response_url");
    expect(response?.params.response_type).toBe("ephemeral");
  });

  it("does not put a personal outcome on a channel message after a button press", async () => {
    await start(async () => ({
      blocks: [{ type: "text", text: "已记录：王_*[小] 已联系" }],
      personal: true,
    }));
    const payload = blockActionPayload({
      userId: SLACK.lead,
      channelId: SLACK.boundChannel,
      blockId: "retain_actions:1:0",
      button: {
        action_id: "retain_action:0",
        value: "/done C1 contacted",
        text: { type: "plain_text", text: "已联系" },
      },
      message: {
        ts: "1700000800.000800",
        text: "风险客户",
        blocks: [{ type: "actions", block_id: "retain_actions:1:0", elements: [] }],
      },
      responseUrl: h.fake.responseUrl("b"),
    });
    await postSigned(
      h.eventsUrl,
      formBody({ payload: JSON.stringify(payload) }),
      "application/x-www-form-urlencoded",
      SIGNING_SECRET,
    );
    const [update] = h.fake.callsTo("chat.update");
    expect(JSON.stringify(update?.params.blocks)).toContain("已联系");
    expect(everythingPublic()).not.toContain("王");
  });

  it("writes the outcome on the message when it holds nothing personal, escaped", async () => {
    await start(async () => ({ blocks: [{ type: "text", text: "已记录 *C1* 已联系" }] }));
    const payload = blockActionPayload({
      userId: SLACK.lead,
      channelId: SLACK.leadDm,
      blockId: "retain_actions:1:0",
      button: {
        action_id: "retain_action:0",
        value: "/done C1 contacted",
        text: { type: "plain_text", text: "已联系" },
      },
      message: {
        ts: "1.2",
        text: "风险客户",
        blocks: [{ type: "actions", block_id: "retain_actions:1:0", elements: [] }],
      },
      responseUrl: h.fake.responseUrl("b"),
    });
    await postSigned(
      h.eventsUrl,
      formBody({ payload: JSON.stringify(payload) }),
      "application/x-www-form-urlencoded",
      SIGNING_SECRET,
    );
    const [update] = h.fake.callsTo("chat.update");
    const outcome = JSON.stringify(update?.params.blocks);
    expect(outcome).toContain("已记录");
    expect(outcome).not.toContain(" *C1* ");
    // A one-line outcome needs no second message.
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);
  });
});

describe("Slack delivery of long replies", () => {
  it("splits 60 customers into several messages of at most 50 blocks, all in the thread", async () => {
    await start(async () => ({
      blocks: [
        { type: "heading", text: "风险客户" },
        ...Array.from({ length: 60 }, (_, i) => customer(i + 1)),
      ],
    }));
    await mention(SLACK.boundChannel, "1700000900.000900");
    const posts = h.fake.callsTo("chat.postMessage");
    expect(posts.length).toBeGreaterThanOrEqual(3);
    for (const post of posts) {
      expect((post.params.blocks as unknown[]).length).toBeLessThanOrEqual(50);
      expect(post.params.thread_ts).toBe("1700000900.000900");
      expect(String(post.params.text).length).toBeGreaterThan(0);
    }
    const buttons = posts.flatMap((p) =>
      (p.params.blocks as { type: string }[]).filter((b) => b.type === "actions"),
    );
    expect(buttons).toHaveLength(60);
  });
});

describe("Slack delivery of charts", () => {
  const chartReply = (personal: boolean): Reply => ({
    blocks: [
      { type: "heading", text: "团队简报" },
      { type: "image", png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9]), caption: "风险趋势" },
    ],
    personal,
  });

  it("uploads a chart into the mention's thread after the text", async () => {
    await start(async () => chartReply(false));
    await mention(SLACK.boundChannel, "1700001200.000001");
    const [post] = h.fake.callsTo("chat.postMessage");
    expect(JSON.stringify(post?.params.blocks)).not.toContain("风险趋势");
    expect(h.fake.uploads).toEqual([{ fileId: expect.any(String), bytes: 6 }]);
    const [complete] = h.fake.callsTo("files.completeUploadExternal");
    expect(complete?.params).toMatchObject({
      channel_id: SLACK.boundChannel,
      thread_ts: "1700001200.000001",
    });
  });

  it("shows only the caption where nothing can be uploaded privately", async () => {
    await start(async () => chartReply(true));
    await mention(SLACK.boundChannel, "1700001300.000001");
    const [ephemeral] = h.fake.callsTo("chat.postEphemeral");
    expect(JSON.stringify(ephemeral?.params.blocks)).toContain("风险趋势");
    expect(h.fake.uploads).toEqual([]);
  });
});
