/**
 * Feishu over the HTTP callback: encrypted, signed events from a "Feishu server" (this test) to the
 * shared listener, answers through the official SDK to a fake open platform on 127.0.0.1, the real
 * command layer on the risk fixture.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cardActionEvent, encryptForFeishu, messageEvent, signedEvent } from "../../fakes/feishu-api.js";
import { FEISHU, type FeishuHarness, startFeishuHarness } from "../../setup/feishu-harness.js";

let h: FeishuHarness;
beforeEach(async () => {
  h = await startFeishuHarness();
});
afterEach(async () => {
  await h.close();
});

const PHONE = /1380000000\d/;
const deliver = (payload: unknown, options: Parameters<typeof signedEvent>[2] = {}) => {
  const { body, headers } = signedEvent(FEISHU, payload, options);
  return fetch(h.eventsUrl, { method: "POST", body, headers });
};
const dm = (openId: string, text: string) =>
  deliver(
    messageEvent(FEISHU.verificationToken, { openId, chatId: `oc_p2p_${openId}`, chatType: "p2p", text }),
  );
type Element = {
  tag: string;
  content?: string;
  actions?: { text: { content: string }; value: { action: string; chat: string } }[];
};
const elementsOf = (content: Record<string, unknown>) => (content.elements ?? []) as Element[];
const shown = (content: Record<string, unknown>) => JSON.stringify(content);

describe("Feishu events URL", () => {
  it("answers the URL verification with the challenge when the token is ours", async () => {
    const challenge = { type: "url_verification", challenge: "ch-123", token: FEISHU.verificationToken };
    const ok = await fetch(h.eventsUrl, {
      method: "POST",
      body: JSON.stringify({ encrypt: encryptForFeishu(FEISHU.encryptKey, JSON.stringify(challenge)) }),
    });
    expect(await ok.json()).toEqual({ challenge: "ch-123" });
    const wrong = await fetch(h.eventsUrl, {
      method: "POST",
      body: JSON.stringify({
        encrypt: encryptForFeishu(FEISHU.encryptKey, JSON.stringify({ ...challenge, token: "other" })),
      }),
    });
    expect(wrong.status).toBe(401);
  });

  it("refuses a bad signature or a stale timestamp without running any command", async () => {
    const event = messageEvent(FEISHU.verificationToken, {
      openId: FEISHU.manager,
      chatId: "oc_p2p",
      chatType: "p2p",
      text: "/done C01 lost",
    });
    expect((await deliver(event, { signature: "0".repeat(64) })).status).toBe(401);
    expect((await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(403);
    const foreignToken = messageEvent("someone-else", {
      openId: FEISHU.manager,
      chatId: "oc_p2p",
      chatType: "p2p",
      text: "/done C01 lost",
    });
    expect((await deliver(foreignToken)).status).toBe(401);
    expect(h.received).toEqual([]);
    expect(h.fake.messages()).toEqual([]);
    expect(await h.app.store.prisma.outcome.count()).toBe(0);
  });
});

describe("今天谁有风险 in Feishu", () => {
  it("sends the manager's list as a card with five buttons per customer", async () => {
    expect((await dm(FEISHU.manager, "今天谁有风险")).status).toBe(200);
    const [card, ...rest] = h.fake.messages();
    expect(rest).toEqual([]);
    expect(card).toMatchObject({
      receiveIdType: "chat_id",
      receiveId: `oc_p2p_${FEISHU.manager}`,
      msgType: "interactive",
    });
    const content = card?.content ?? {};
    expect(shown(content)).toContain("王建国");
    expect(shown(content)).toContain("138****0001");
    expect(shown(content)).not.toMatch(PHONE);
    const rows = elementsOf(content).filter((e) => e.tag === "action");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.actions?.map((a) => a.text.content)).toEqual([
      "已联系",
      "已挽留",
      "流失",
      "稍后（7天）",
      "话术",
    ]);
    expect(rows[0]?.actions?.[0]?.value).toEqual({
      action: expect.stringMatching(/^\/done C\d+ contacted$/),
      chat: "private",
    });
  });

  it("logs the outcome of a button click and answers the clicker with a toast", async () => {
    await dm(FEISHU.manager, "今天谁有风险");
    const row = elementsOf(h.fake.messages()[0]?.content ?? {}).find((e) => e.tag === "action");
    const value = row?.actions?.[1]?.value;
    const res = await deliver(
      cardActionEvent(FEISHU.verificationToken, {
        openId: FEISHU.manager,
        chatId: `oc_p2p_${FEISHU.manager}`,
        value,
      }),
    );
    const answer = (await res.json()) as { toast?: { type: string; content: string } };
    // 已挽留 is logged at once; the answer is a card with the second row (the retention methods).
    expect(answer.toast?.type).toBe("info");
    const customerId = value?.action.split(" ")[1];
    expect(await h.app.store.prisma.outcome.findMany()).toEqual([
      expect.objectContaining({ customerId, managerId: "M1", kind: "retained" }),
    ]);
    expect(shown(h.fake.messages().at(-1)?.content ?? {})).toContain("价值保有");
  });

  it("keeps names masked when asked in a bound group", async () => {
    await deliver(
      messageEvent(FEISHU.verificationToken, {
        openId: FEISHU.manager,
        chatId: FEISHU.boundGroup,
        chatType: "group",
        text: "@_user_1 今天谁有风险",
      }),
    );
    const inGroup = h.fake.messages().filter((m) => m.receiveId === FEISHU.boundGroup);
    expect(inGroup.length).toBeGreaterThan(0);
    for (const m of inGroup) {
      expect(shown(m.content)).not.toContain("王建国");
      expect(shown(m.content)).not.toMatch(PHONE);
    }
    expect(h.received[0]).toMatchObject({ chatType: "group", text: "今天谁有风险" });
  });

  it("runs a repeated event_id once", async () => {
    const event = messageEvent(FEISHU.verificationToken, {
      openId: FEISHU.manager,
      chatId: "oc_p2p",
      chatType: "p2p",
      text: "/done C02 contacted",
      eventId: "ev-same",
    });
    await deliver(event);
    await deliver(event);
    expect(await h.app.store.prisma.outcome.count()).toBe(1);
  });

  it("runs an event retried to another instance once: the event_id is stored, not only in memory", async () => {
    const event = messageEvent(FEISHU.verificationToken, {
      openId: FEISHU.manager,
      chatId: "oc_p2p",
      chatType: "p2p",
      text: "/done C02 contacted",
      eventId: "ev-twice",
    });
    const other = await h.secondInstance();
    await deliver(event);
    const { body, headers } = signedEvent(FEISHU, event);
    expect((await fetch(other, { method: "POST", body, headers })).status).toBe(200);
    expect(await h.app.store.prisma.outcome.count()).toBe(1);
    expect(h.received).toHaveLength(2);
    expect(h.fake.messages()).toHaveLength(1);
  });

  it("gives an unbound user the binding instructions and nothing else", async () => {
    await dm(FEISHU.stranger, "今天谁有风险");
    const [only, ...rest] = h.fake.messages();
    expect(rest).toEqual([]);
    expect(only?.receiveId).toBe(`oc_p2p_${FEISHU.stranger}`);
    expect(shown(only?.content ?? {})).toContain("/bind");
    expect(shown(only?.content ?? {})).not.toContain("王建国");
  });

  it("binds a group to the lead's team with /bindgroup", async () => {
    await deliver(
      messageEvent(FEISHU.verificationToken, {
        openId: FEISHU.lead,
        chatId: "oc_new",
        chatType: "group",
        text: "@_user_1 /bindgroup",
      }),
    );
    const group = await h.app.store.prisma.chatGroup.findUnique({ where: { id: "feishu:oc_new" } });
    expect(group?.teamId).toBe("T1");
  });

  it("fetches a new tenant token once when Feishu says it expired, and sends once", async () => {
    const tokenPath = "/open-apis/auth/v3/tenant_access_token/internal";
    expect(h.fake.callsTo(tokenPath)).toHaveLength(1); // at start
    h.fake.expireCurrentToken();
    await dm(FEISHU.manager, "/done C03 contacted");
    expect(h.fake.callsTo(tokenPath)).toHaveLength(2);
    expect(h.fake.messages()).toHaveLength(1);
    expect(h.fake.callsTo("/open-apis/im/v1/messages")[0]?.token).toBe("t-2");
  });
});
