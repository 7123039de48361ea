import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  appMentionEvent,
  blockActionPayload,
  directMessageEvent,
  formBody,
  postSigned,
  slashCommandPayload,
} from "../fakes/slack-requests.js";
import { SIGNING_SECRET, SLACK, type SlackHarness, startSlackHarness } from "../setup/slack-harness.js";

let h: SlackHarness;

beforeEach(async () => {
  h = await startSlackHarness();
});
afterEach(async () => {
  await h.close();
});

const json = "application/json" as const;
const form = "application/x-www-form-urlencoded" as const;

function slash(userId: string, channelId: string, text: string, id = "slash-1") {
  const body = formBody(
    slashCommandPayload({ userId, channelId, text, responseUrl: h.fake.responseUrl(id) }),
  );
  return postSigned(h.eventsUrl, body, form, SIGNING_SECRET);
}

function event(payload: Record<string, unknown>) {
  return postSigned(h.eventsUrl, JSON.stringify(payload), json, SIGNING_SECRET);
}

/** All text in a posted message's blocks, as one string. */
function blockText(params: Record<string, unknown>): string {
  return JSON.stringify(params.blocks ?? []);
}

describe("Slack adapter over HTTP", () => {
  it("checks the bot token with auth.test at start and listens on 127.0.0.1", () => {
    const [authTest] = h.fake.callsTo("auth.test");
    expect(authTest?.token).toBe("xoxb-test-token");
    expect(h.adapter.address()?.address).toBe("127.0.0.1");
    expect(h.adapter.name).toBe("slack (http)");
  });

  it("answers /retain help in a DM through the response URL", async () => {
    const res = await slash(SLACK.lead, SLACK.leadDm, "help");
    expect(res.status).toBe(200);
    expect(h.received[0]).toMatchObject({
      platform: "slack",
      userId: SLACK.lead,
      chatType: "private",
      text: "help",
    });
    const [response] = h.fake.callsTo("response_url");
    expect(response?.params.response_type).toBe("in_channel");
    expect(blockText(response?.params ?? {})).toContain("客户维系助手");
  });

  it("answers a stranger's slash command in a channel only to them, with no personal data", async () => {
    await slash(SLACK.stranger, SLACK.boundChannel, "/nope");
    const responses = h.fake.callsTo("response_url");
    expect(responses).toHaveLength(1);
    expect(responses[0]?.params.response_type).toBe("ephemeral");
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);
  });

  it("answers a mention in a bound channel in the mention's thread, without the mention", async () => {
    const res = await event(
      appMentionEvent({
        userId: SLACK.manager,
        channelId: SLACK.boundChannel,
        text: "<@UBOT> help",
        ts: "1700000100.000100",
      }),
    );
    expect(res.status).toBe(200);
    expect(h.received[0]).toMatchObject({ chatType: "group", chatId: SLACK.boundChannel, text: "help" });
    const [post] = h.fake.callsTo("chat.postMessage");
    expect(post?.params).toMatchObject({ channel: SLACK.boundChannel, thread_ts: "1700000100.000100" });
    expect(post?.token).toBe("xoxb-test-token");
    expect(blockText(post?.params ?? {})).toContain("客户维系助手");
  });

  it("keeps a mention inside an existing thread in that thread", async () => {
    await event(
      appMentionEvent({
        userId: SLACK.manager,
        channelId: SLACK.boundChannel,
        text: "<@UBOT> help",
        ts: "1700000200.000200",
        threadTs: "1700000100.000100",
      }),
    );
    expect(h.fake.callsTo("chat.postMessage")[0]?.params.thread_ts).toBe("1700000100.000100");
  });

  it("gives an unbound channel one line, shown only to the asker", async () => {
    await event(
      appMentionEvent({
        userId: SLACK.lead,
        channelId: SLACK.unboundChannel,
        text: "<@UBOT> /nope",
        ts: "1700000300.000300",
      }),
    );
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);
    const [ephemeral] = h.fake.callsTo("chat.postEphemeral");
    expect(ephemeral?.params).toMatchObject({ channel: SLACK.unboundChannel, user: SLACK.lead });
    expect(ephemeral?.params.blocks).toHaveLength(1);
    expect(blockText(ephemeral?.params ?? {})).toContain("/bindgroup");
  });

  it("answers a direct message in the DM", async () => {
    await event(
      directMessageEvent({
        userId: SLACK.lead,
        channelId: SLACK.leadDm,
        text: "help",
        ts: "1700000400.000400",
      }),
    );
    expect(h.received[0]).toMatchObject({ chatType: "private", chatId: SLACK.leadDm, text: "help" });
    const [post] = h.fake.callsTo("chat.postMessage");
    expect(post?.params.channel).toBe(SLACK.leadDm);
    expect(post?.params.thread_ts).toBeUndefined();
  });

  it("ignores the bot's own messages and edits in DMs", async () => {
    const own = directMessageEvent({
      userId: "UBOT",
      channelId: SLACK.leadDm,
      text: "help",
      ts: "1700000500.000500",
    });
    (own.event as Record<string, unknown>).bot_id = "BBOT";
    await event(own);
    const edit = directMessageEvent({
      userId: SLACK.lead,
      channelId: SLACK.leadDm,
      text: "help",
      ts: "1700000501.000501",
    });
    (edit.event as Record<string, unknown>).subtype = "message_changed";
    await event(edit);
    expect(h.received).toEqual([]);
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);
  });

  it("answers Slack's URL verification challenge", async () => {
    const res = await event({ type: "url_verification", challenge: "abc123", token: "x" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("abc123");
  });
});

describe("Slack request signatures", () => {
  const body = () =>
    formBody(
      slashCommandPayload({
        userId: SLACK.lead,
        channelId: SLACK.leadDm,
        text: "help",
        responseUrl: h.fake.responseUrl("s"),
      }),
    );

  it("rejects a request signed with the wrong secret", async () => {
    const res = await postSigned(h.eventsUrl, body(), form, SIGNING_SECRET, { secret: "not-the-secret" });
    expect(res.status).toBe(401);
    expect(h.received).toEqual([]);
  });

  it("rejects a correctly signed request older than five minutes (replay)", async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await postSigned(h.eventsUrl, body(), form, SIGNING_SECRET, { timestamp: stale });
    expect(res.status).toBe(401);
    expect(h.received).toEqual([]);
  });

  it("rejects a request without signature headers", async () => {
    const res = await fetch(h.eventsUrl, { method: "POST", headers: { "content-type": form }, body: body() });
    expect(res.status).toBe(401);
    expect(h.received).toEqual([]);
  });

  it("rejects a body changed after signing", async () => {
    const original = body();
    const timestamp = Math.floor(Date.now() / 1000);
    const signed = await import("node:crypto").then(({ createHmac }) =>
      createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${original}`).digest("hex"),
    );
    const res = await fetch(h.eventsUrl, {
      method: "POST",
      headers: {
        "content-type": form,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": `v0=${signed}`,
      },
      body: original.replace("help", "risk"),
    });
    expect(res.status).toBe(401);
  });
});

describe("Slack buttons", () => {
  /** The help reply's blocks with one of our button rows added, as Slack would hold the message. */
  const messageWithButton = (ts: string) => ({
    ts,
    text: "今日风险客户",
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: "*1. 王_客户*" } },
      {
        type: "actions",
        block_id: "retain_actions:0:0",
        elements: [
          {
            type: "button",
            action_id: "retain_action:0",
            text: { type: "plain_text", text: "帮助" },
            value: "/help",
          },
        ],
      },
    ],
  });

  function press(
    userId: string,
    channelId: string,
    options: { ephemeral?: boolean; withMessage?: boolean; value?: string } = {},
  ) {
    const payload = blockActionPayload({
      userId,
      channelId,
      blockId: "retain_actions:0:0",
      button: {
        action_id: "retain_action:0",
        value: options.value ?? "/help",
        text: { type: "plain_text", text: "帮助" },
      },
      ...(options.withMessage === false ? {} : { message: messageWithButton("1700000600.000600") }),
      ephemeral: options.ephemeral,
      responseUrl: h.fake.responseUrl("press"),
    });
    return postSigned(h.eventsUrl, formBody({ payload: JSON.stringify(payload) }), form, SIGNING_SECRET);
  }

  it("runs the button's command as the presser and replaces the buttons with the outcome", async () => {
    const res = await press(SLACK.manager, SLACK.boundChannel);
    expect(res.status).toBe(200);
    expect(h.received[0]).toMatchObject({ userId: SLACK.manager, chatId: SLACK.boundChannel, text: "/help" });
    const [update] = h.fake.callsTo("chat.update");
    expect(update?.params).toMatchObject({ channel: SLACK.boundChannel, ts: "1700000600.000600" });
    const blocks = update?.params.blocks as { type: string; elements?: { text?: string }[] }[];
    expect(blocks.map((b) => b.type)).toEqual(["section", "context"]);
    expect(blocks[1]?.elements?.[0]?.text).toContain(`<@${SLACK.manager}>`);
    // The full (multi-block) answer follows in the message's thread.
    const [post] = h.fake.callsTo("chat.postMessage");
    expect(post?.params).toMatchObject({ channel: SLACK.boundChannel, thread_ts: "1700000600.000600" });
  });

  it("updates an ephemeral message through its response URL", async () => {
    await press(SLACK.manager, SLACK.boundChannel, { ephemeral: true });
    expect(h.fake.callsTo("chat.update")).toEqual([]);
    const responses = h.fake.callsTo("response_url");
    expect(responses[0]?.params.replace_original).toBe(true);
    // The rest of the answer stays private too.
    expect(responses.slice(1).every((r) => r.params.response_type === "ephemeral")).toBe(true);
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);
  });

  it("tells a stranger privately and leaves the message as it was", async () => {
    await press(SLACK.stranger, SLACK.boundChannel, { value: "/done C0001 contacted" });
    expect(h.fake.callsTo("chat.update")).toEqual([]);
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);
    const [response] = h.fake.callsTo("response_url");
    expect(response?.params).toMatchObject({ response_type: "ephemeral", replace_original: false });
  });
});

describe("Slack group binding", () => {
  it("lets a lead bind an unbound channel with a mention; the channel then gets answers", async () => {
    await event(
      appMentionEvent({
        userId: SLACK.lead,
        channelId: SLACK.unboundChannel,
        text: "<@UBOT> /bindgroup",
        ts: "1.10",
      }),
    );
    const group = await h.app.store.prisma.chatGroup.findUnique({
      where: { id: `slack:${SLACK.unboundChannel}` },
    });
    expect(group?.teamId).toBe("T1");
    const [post] = h.fake.callsTo("chat.postMessage");
    expect(post?.params).toMatchObject({ channel: SLACK.unboundChannel, thread_ts: "1.10" });
    expect(blockText(post?.params ?? {})).toContain("城东一组");

    await event(
      appMentionEvent({
        userId: SLACK.manager,
        channelId: SLACK.unboundChannel,
        text: "<@UBOT> help",
        ts: "1.11",
      }),
    );
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(2);
  });

  it("refuses a manager who is not a lead, privately, and leaves the channel unbound", async () => {
    await event(
      appMentionEvent({
        userId: SLACK.manager,
        channelId: SLACK.unboundChannel,
        text: "<@UBOT> /bindgroup",
        ts: "1.12",
      }),
    );
    expect(
      await h.app.store.prisma.chatGroup.findUnique({ where: { id: `slack:${SLACK.unboundChannel}` } }),
    ).toBeNull();
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);
    expect(h.fake.callsTo("chat.postEphemeral")[0]?.params.user).toBe(SLACK.manager);
  });
});
