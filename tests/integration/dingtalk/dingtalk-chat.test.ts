/**
 * DingTalk's app robot in HTTP mode: signed messages from a "DingTalk server" (this test) to the
 * shared listener, answers through session webhooks and one-to-one robot messages on a fake
 * DingTalk on 127.0.0.1, the real command layer on the risk fixture.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callbackHeaders, robotMessage } from "../../fakes/dingtalk-api.js";
import { DINGTALK, type DingtalkHarness, startDingtalkHarness } from "../../setup/dingtalk-harness.js";

let h: DingtalkHarness;
beforeEach(async () => {
  h = await startDingtalkHarness();
});
afterEach(async () => {
  await h.close();
});

const PHONE = /1380000000\d/;
const post = (payload: unknown, options: Parameters<typeof callbackHeaders>[1] = {}) =>
  fetch(h.eventsUrl, {
    method: "POST",
    body: JSON.stringify(payload),
    headers: callbackHeaders(DINGTALK.appSecret, options),
  });
const dm = (staffId: string, text: string, msgId?: string) =>
  post(
    robotMessage(h.fake, {
      staffId,
      conversationId: `cid-p2p-${staffId}`,
      conversationType: "1",
      text,
      ...(msgId ? { msgId } : {}),
    }),
  );
const sessionPosts = () => h.fake.callsTo("/robot/sendBySession");
const shown = (v: unknown) => JSON.stringify(v);
type Card = { btns: { title: string; actionURL: string }[] };

describe("DingTalk callback", () => {
  it("refuses a bad signature or a stale timestamp without running any command", async () => {
    const message = robotMessage(h.fake, {
      staffId: DINGTALK.manager,
      conversationId: "cid-p2p",
      conversationType: "1",
      text: "/done C01 lost",
    });
    expect((await post(message, { sign: "AAAA" })).status).toBe(401);
    expect((await post(message, { timestamp: Date.now() - 2 * 3_600_000 })).status).toBe(403);
    expect(h.received).toEqual([]);
    expect(sessionPosts()).toEqual([]);
    expect(await h.app.store.prisma.outcome.count()).toBe(0);
  });

  it("refuses a session webhook on another host", async () => {
    const message = {
      ...robotMessage(h.fake, {
        staffId: DINGTALK.manager,
        conversationId: "c",
        conversationType: "1",
        text: "help",
      }),
      sessionWebhook: "http://198.51.100.1/steal",
    };
    expect((await post(message)).status).toBe(400);
    expect(h.received).toEqual([]);
  });
});

describe("今天谁有风险 in DingTalk", () => {
  it("answers the manager with markdown and an action card per customer whose buttons send commands", async () => {
    expect((await dm(DINGTALK.manager, "今天谁有风险")).status).toBe(200);
    const [list, ...cards] = sessionPosts();
    expect(list?.body.msgtype).toBe("markdown");
    expect(shown(list?.body)).toContain("王建国");
    expect(shown(list?.body)).toContain("138****0001");
    expect(shown(list?.body)).not.toMatch(PHONE);
    const card = cards[0]?.body.actionCard as Card | undefined;
    expect(card?.btns.map((b) => b.title)).toEqual(["已联系", "已挽留", "流失", "稍后（7天）", "话术"]);
    const url = card?.btns[2]?.actionURL ?? "";
    expect(url.startsWith("dtmd://dingtalkclient/sendMessage?content=")).toBe(true);
    expect(decodeURIComponent(url.split("content=")[1] ?? "")).toMatch(/^\/done C\d+ lost$/);
  });

  it("logs the outcome when a button's command comes back as the clicker's message", async () => {
    await dm(DINGTALK.manager, "今天谁有风险");
    const card = sessionPosts()[1]?.body.actionCard as Card | undefined;
    const command = decodeURIComponent(card?.btns[0]?.actionURL.split("content=")[1] ?? "");
    await dm(DINGTALK.manager, command);
    expect(await h.app.store.prisma.outcome.findMany()).toEqual([
      expect.objectContaining({ customerId: command.split(" ")[1], managerId: "M1", kind: "contacted" }),
    ]);
  });

  it("runs a repeated msgId once", async () => {
    await dm(DINGTALK.manager, "/done C02 retained", "msg-same");
    await dm(DINGTALK.manager, "/done C02 retained", "msg-same");
    expect(await h.app.store.prisma.outcome.count()).toBe(1);
  });

  it("runs a message retried to another instance once: the msgId is stored, not only in memory", async () => {
    const message = robotMessage(h.fake, {
      staffId: DINGTALK.manager,
      conversationId: `cid-p2p-${DINGTALK.manager}`,
      conversationType: "1",
      text: "/done C02 retained",
      msgId: "msg-twice",
    });
    const other = await h.secondInstance();
    await post(message);
    // The answer (the outcome, and the card with the second row of buttons) is posted once.
    const answered = sessionPosts().length;
    expect(answered).toBeGreaterThan(0);
    const headers = callbackHeaders(DINGTALK.appSecret);
    expect((await fetch(other, { method: "POST", body: JSON.stringify(message), headers })).status).toBe(200);
    expect(await h.app.store.prisma.outcome.count()).toBe(1);
    expect(h.received).toHaveLength(2);
    expect(sessionPosts()).toHaveLength(answered);
  });

  it("keeps group answers masked and sends personal detail privately", async () => {
    await post(
      robotMessage(h.fake, {
        staffId: DINGTALK.manager,
        conversationId: DINGTALK.boundGroup,
        conversationType: "2",
        text: "今天谁有风险",
      }),
    );
    expect(sessionPosts().length).toBeGreaterThan(0);
    for (const p of sessionPosts()) {
      expect(shown(p.body)).not.toContain("王建国");
      expect(shown(p.body)).not.toMatch(PHONE);
    }
    await post(
      robotMessage(h.fake, {
        staffId: DINGTALK.manager,
        conversationId: DINGTALK.boundGroup,
        conversationType: "2",
        text: "/brief me",
      }),
    );
    const [privately] = h.fake.callsTo("/v1.0/robot/oToMessages/batchSend");
    expect(privately?.body).toMatchObject({
      robotCode: DINGTALK.appKey,
      userIds: [DINGTALK.manager],
      msgKey: "sampleMarkdown",
    });
  });

  it("gives an unbound user the binding instructions and nothing else", async () => {
    await dm(DINGTALK.stranger, "今天谁有风险");
    const [only, ...rest] = sessionPosts();
    expect(rest).toEqual([]);
    expect(shown(only?.body)).toContain("/bind");
    expect(shown(only?.body)).not.toContain("王建国");
  });

  it("binds a group to the lead's team with /bindgroup", async () => {
    await post(
      robotMessage(h.fake, {
        staffId: DINGTALK.lead,
        conversationId: "cid-new",
        conversationType: "2",
        text: "/bindgroup",
      }),
    );
    expect(
      (await h.app.store.prisma.chatGroup.findUnique({ where: { id: "dingtalk:cid-new" } }))?.teamId,
    ).toBe("T1");
  });
});
