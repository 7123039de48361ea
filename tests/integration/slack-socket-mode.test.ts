import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appMentionEvent, blockActionPayload, slashCommandPayload } from "../fakes/slack-requests.js";
import { SLACK, type SlackHarness, startSlackHarness } from "../setup/slack-harness.js";

/** The same payloads as over HTTP, pushed through a local Socket Mode WebSocket instead. */

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness({ socketMode: true });
  await h.fake.socketConnected();
});
afterEach(async () => {
  await h.close();
});

describe("Slack adapter in Socket Mode", () => {
  it("opens the connection with the app token and listens on no port", () => {
    expect(h.adapter.name).toBe("slack (socket mode)");
    const [open] = h.fake.callsTo("apps.connections.open");
    expect(open?.token).toBe("xapp-test-token");
    expect(h.fake.callsTo("auth.test")[0]?.token).toBe("xoxb-test-token");
    expect(h.adapter.address()).toBeNull();
  });

  it("acknowledges a slash command envelope and answers through the response URL", async () => {
    const payload = slashCommandPayload({
      userId: SLACK.lead,
      channelId: SLACK.leadDm,
      text: "help",
      responseUrl: h.fake.responseUrl("sm-slash"),
    });
    const ack = await h.fake.pushEnvelope("slash_commands", payload);
    expect(ack.envelope_id).toMatch(/^env-/);
    const [response] = await h.fake.waitForCalls("response_url");
    expect(JSON.stringify(response?.params.blocks)).toContain("客户维系助手");
    expect(h.received[0]).toMatchObject({ platform: "slack", userId: SLACK.lead, chatType: "private" });
  });

  it("answers a mention in its thread", async () => {
    await h.fake.pushEnvelope(
      "events_api",
      appMentionEvent({
        userId: SLACK.manager,
        channelId: SLACK.boundChannel,
        text: "<@UBOT> help",
        ts: "1700001000.000001",
      }),
    );
    const [post] = await h.fake.waitForCalls("chat.postMessage");
    expect(post?.params).toMatchObject({ channel: SLACK.boundChannel, thread_ts: "1700001000.000001" });
  });

  it("handles a button press from an interactive envelope", async () => {
    const payload = blockActionPayload({
      userId: SLACK.lead,
      channelId: SLACK.leadDm,
      blockId: "retain_actions:0:0",
      button: { action_id: "retain_action:0", value: "/help", text: { type: "plain_text", text: "帮助" } },
      message: {
        ts: "1700001100.000001",
        text: "x",
        blocks: [{ type: "actions", block_id: "retain_actions:0:0", elements: [] }],
      },
      responseUrl: h.fake.responseUrl("sm-press"),
    });
    await h.fake.pushEnvelope("interactive", payload);
    const [update] = await h.fake.waitForCalls("chat.update");
    expect(update?.params).toMatchObject({ channel: SLACK.leadDm, ts: "1700001100.000001" });
  });

  it("gives a stranger's mention in an unbound channel nothing but the one line, privately", async () => {
    await h.fake.pushEnvelope(
      "events_api",
      appMentionEvent({
        userId: SLACK.stranger,
        channelId: SLACK.unboundChannel,
        text: "<@UBOT> 李娜的客户",
        ts: "1.3",
      }),
    );
    const [ephemeral] = await h.fake.waitForCalls("chat.postEphemeral");
    expect(ephemeral?.params).toMatchObject({ channel: SLACK.unboundChannel, user: SLACK.stranger });
    expect(ephemeral?.params.blocks).toHaveLength(1);
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);
  });
});
