/**
 * WeCom self-built app over real HTTP: encrypted callbacks from a "WeCom server" (this test) to
 * the shared listener, answers through a fake WeCom API on 127.0.0.1, the real command layer on
 * the risk fixture.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { issueBindCode } from "../../../src/services/identity/bind-codes.js";
import { cardClickXml, encryptedCallback, textMessageXml, verificationQuery } from "../../fakes/wecom-api.js";
import { startWecomHarness, WECOM, type WecomHarness } from "../../setup/wecom-harness.js";

let h: WecomHarness;
beforeEach(async () => {
  h = await startWecomHarness();
});
afterEach(async () => {
  await h.close();
});

const PHONE = /1380000000\d/;
let msgIds = 0;

function post(innerXml: string, options: Parameters<typeof encryptedCallback>[2] = {}) {
  const { query, body } = encryptedCallback(WECOM, innerXml, options);
  return fetch(`${h.callbackUrl}?${query}`, {
    method: "POST",
    body,
    headers: { "content-type": "text/xml" },
  });
}
const say = (userId: string, text: string, msgId = String(++msgIds)) =>
  post(textMessageXml(userId, text, msgId));
const sends = () => h.fake.callsTo("/cgi-bin/message/send");
type Card = { button_list: { text: string; key: string }[]; task_id: string };

describe("WeCom callback URL", () => {
  it("answers the URL verification with the decrypted echostr", async () => {
    const res = await fetch(`${h.callbackUrl}?${verificationQuery(WECOM, "echo-12345")}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("echo-12345");
  });

  it("refuses a verification with a wrong signature", async () => {
    const query = new URLSearchParams(verificationQuery(WECOM, "echo"));
    query.set("msg_signature", "0".repeat(40));
    const res = await fetch(`${h.callbackUrl}?${query}`);
    expect(res.status).toBe(401);
  });

  it("refuses a bad signature or a stale timestamp without running any command", async () => {
    const forged = await post(textMessageXml(WECOM.manager, "今天谁有风险", "901"), {
      signature: "f".repeat(40),
    });
    expect(forged.status).toBe(401);
    const stale = await post(textMessageXml(WECOM.manager, "/done C01 lost", "902"), {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(stale.status).toBe(403);
    expect(h.received).toEqual([]);
    expect(sends()).toEqual([]);
    expect(await h.app.store.prisma.outcome.count()).toBe(0);
  });
});

describe("今天谁有风险 in WeCom", () => {
  it("sends the manager's list as markdown and one card with five buttons per customer", async () => {
    const res = await say(WECOM.manager, "今天谁有风险");
    expect(res.status).toBe(200);
    const [list, ...cards] = sends();
    expect(list?.body).toMatchObject({ touser: WECOM.manager, agentid: WECOM.agentId, msgtype: "markdown" });
    const markdown = (list?.body.markdown as { content?: string } | undefined)?.content;
    expect(markdown).toContain("王建国");
    expect(markdown).toContain("138****0001");
    expect(markdown).not.toMatch(PHONE);
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((c) => c.body.msgtype === "template_card")).toBe(true);
    const first = cards[0]?.body.template_card as Card;
    expect(first.button_list.map((b) => b.text)).toEqual(["已联系", "已挽留", "流失", "稍后（7天）", "话术"]);
    expect(first.button_list[0]?.key).toMatch(/^\/done C\d+ contacted$/);
  });

  it("logs the outcome of a button click and marks the card", async () => {
    await say(WECOM.manager, "今天谁有风险");
    const card = sends()[1]?.body.template_card as Card;
    const key = card.button_list[0]?.key ?? "";
    const customerId = key.split(" ")[1];
    const res = await post(cardClickXml(WECOM.manager, key, card.task_id, "resp-1"));
    expect(res.status).toBe(200);
    const outcomes = await h.app.store.prisma.outcome.findMany();
    expect(outcomes).toEqual([expect.objectContaining({ customerId, managerId: "M1", kind: "contacted" })]);
    const [update] = h.fake.callsTo("/cgi-bin/message/update_template_card");
    expect(update?.body).toMatchObject({ userids: [WECOM.manager], response_code: "resp-1" });
    expect((update?.body.button as { replace_name?: string } | undefined)?.replace_name).toBe("✓ 已联系");
  });

  it("runs a repeated delivery (same MsgId) once", async () => {
    const inner = textMessageXml(WECOM.manager, "/done C01 retained", "777");
    await post(inner);
    await post(inner);
    expect(await h.app.store.prisma.outcome.count()).toBe(1);
    expect(h.received).toHaveLength(1);
  });

  it("runs a delivery retried to another instance once: the MsgId is stored, not only in memory", async () => {
    const inner = textMessageXml(WECOM.manager, "/done C01 retained", "778");
    const other = await h.secondInstance();
    await post(inner);
    // The answer (the outcome, and the card with the second row of buttons) is sent once.
    const answered = sends().length;
    expect(answered).toBeGreaterThan(0);
    const { query, body } = encryptedCallback(WECOM, inner);
    expect((await fetch(`${other}?${query}`, { method: "POST", body })).status).toBe(200);
    expect(await h.app.store.prisma.outcome.count()).toBe(1);
    expect(h.received).toHaveLength(2);
    expect(sends()).toHaveLength(answered);
  });

  it("gives an unbound user the binding instructions and nothing else", async () => {
    await say(WECOM.stranger, "今天谁有风险");
    const [only, ...rest] = sends();
    expect(rest).toEqual([]);
    expect(only?.body.touser).toBe(WECOM.stranger);
    expect((only?.body.markdown as { content?: string } | undefined)?.content).toContain("/bind");
    expect(JSON.stringify(only?.body)).not.toContain("王建国");
  });

  it("binds a WeCom userid to a manager with /bind", async () => {
    const issued = await issueBindCode(h.app.store.db, "M2", h.app.clock.now());
    if (!issued.ok) throw new Error("no code");
    await say("zheng.jingli", `/bind M2 ${issued.value.code}`);
    const m2 = await h.app.store.prisma.manager.findUnique({ where: { id: "M2" } });
    expect(m2?.wecomUserId).toBe("zheng.jingli");
  });
});

describe("WeCom access token", () => {
  it("fetches a new token once when WeCom says it expired, and sends the message once", async () => {
    expect(h.fake.callsTo("/cgi-bin/gettoken")).toHaveLength(1); // at start
    h.fake.expireCurrentToken();
    await say(WECOM.manager, "/done C02 contacted");
    expect(h.fake.callsTo("/cgi-bin/gettoken")).toHaveLength(2);
    expect(sends()).toHaveLength(1);
    expect(sends()[0]?.token).toBe("tok-2");
    await say(WECOM.manager, "/done C03 contacted");
    expect(h.fake.callsTo("/cgi-bin/gettoken")).toHaveLength(2); // cached again
  });

  it("waits out a rate-limit errcode and sends once", async () => {
    h.fake.rateLimitNextSends(2);
    await say(WECOM.manager, "/done C04 contacted");
    expect(sends()).toHaveLength(1);
  });
});
