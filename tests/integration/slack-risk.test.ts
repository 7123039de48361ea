/**
 * "今天谁有风险" in Slack on the real warning engine: the risk fixture imported, warnings
 * materialised for the two days before D, then a DM, a bound channel, strangers and buttons.
 */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { DEFAULT_RULES_CONFIG } from "../../src/domain/rules-config.js";
import { importFile } from "../../src/import/index.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { sqliteOnly } from "../../src/store/app-store.js";
import { type SlackCall, shownText } from "../fakes/slack-api.js";
import {
  appMentionEvent,
  blockActionPayload,
  directMessageEvent,
  formBody,
  postSigned,
} from "../fakes/slack-requests.js";
import { SIGNING_SECRET, type SlackHarness, startSlackHarness } from "../setup/slack-harness.js";

const D = "2026-06-30";
const FIXTURES = join(import.meta.dirname, "../fixtures/risk");
const WU = "U_WU"; // 吴经理 (M1), manager of C01–C07
const CHANNEL = "C_T1"; // bound to team T1
const PHONE = /1380000000\d/;

async function seedRiskFixture(app: App): Promise<void> {
  for (const kind of ["managers", "customers", "usage", "bills", "events"] as const) {
    const report = await importFile(sqliteOnly(app.store, "seeding"), join(FIXTURES, `${kind}.csv`), kind);
    if (!report.ok) throw new Error(report.error.code);
  }
  materialiseWarnings(app.store.sql, "2026-06-28", DEFAULT_RULES_CONFIG);
  materialiseWarnings(app.store.sql, "2026-06-29", DEFAULT_RULES_CONFIG);
  await app.store.prisma.manager.update({ where: { id: "M1" }, data: { slackUserId: WU } });
  await app.store.prisma.chatGroup.create({
    data: { id: `slack:${CHANNEL}`, platform: "slack", chatId: CHANNEL, teamId: "T1" },
  });
}

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness({ asOf: D, seed: seedRiskFixture });
});
afterEach(async () => {
  await h.close();
});

const send = (payload: Record<string, unknown>) =>
  postSigned(h.eventsUrl, JSON.stringify(payload), "application/json", SIGNING_SECRET);
const everything = (calls: SlackCall[]) => calls.map((c) => shownText(c.params)).join("\n");
type Block = {
  type: string;
  block_id?: string;
  elements?: { action_id?: string; value?: string; text?: { text: string } }[];
};

describe("今天谁有风险 in Slack", () => {
  it("lists the manager's customers in a DM with names, masked phones and buttons", async () => {
    await send(directMessageEvent({ userId: WU, channelId: "D_WU", text: "今天谁有风险", ts: "1.1" }));
    const [post] = h.fake.callsTo("chat.postMessage");
    const posted = shownText(post?.params.blocks);
    expect(posted).toContain("王建国");
    expect(posted).not.toMatch(PHONE);
    expect(posted).toContain("138****0001");
    const buttons = ((post?.params.blocks ?? []) as Block[]).flatMap((b) =>
      b.type === "actions" ? (b.elements ?? []) : [],
    );
    expect(buttons.map((b) => b.value)).toContain("/done C01 contacted");
  });

  it("stores the outcome of a button press and marks the customer on the message", async () => {
    await send(directMessageEvent({ userId: WU, channelId: "D_WU", text: "今天谁有风险", ts: "1.2" }));
    const [post] = h.fake.callsTo("chat.postMessage");
    const blocks = post?.params.blocks as Block[];
    const row = blocks.find(
      (b) => b.type === "actions" && b.elements?.some((e) => e.value === "/done C01 contacted"),
    );
    const button = row?.elements?.find((e) => e.value === "/done C01 contacted");
    const payload = blockActionPayload({
      userId: WU,
      channelId: "D_WU",
      blockId: row?.block_id ?? "",
      button: {
        action_id: button?.action_id ?? "",
        value: button?.value ?? "",
        text: { type: "plain_text", text: button?.text?.text ?? "" },
      },
      message: { ts: "1700003000.000001", text: String(post?.params.text), blocks },
      responseUrl: h.fake.responseUrl("risk-press"),
    });
    const res = await postSigned(
      h.eventsUrl,
      formBody({ payload: JSON.stringify(payload) }),
      "application/x-www-form-urlencoded",
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);

    const outcomes = await h.app.store.prisma.outcome.findMany({ where: { customerId: "C01" } });
    expect(outcomes).toEqual([expect.objectContaining({ managerId: "M1", kind: "contacted", day: D })]);
    const [update] = h.fake.callsTo("chat.update");
    const updated = update?.params.blocks as Block[];
    expect(updated.filter((b) => b.type === "actions")).toHaveLength(
      blocks.filter((b) => b.type === "actions").length - 1,
    );
    expect(JSON.stringify(updated.find((b) => b.block_id === row?.block_id))).toContain(`<@${WU}>`);
  });

  it("masks names in a bound channel and answers in the thread", async () => {
    await send(appMentionEvent({ userId: WU, channelId: CHANNEL, text: "<@UBOT> 今天谁有风险", ts: "1.3" }));
    const [post] = h.fake.callsTo("chat.postMessage");
    expect(post?.params.thread_ts).toBe("1.3");
    const posted = shownText(post?.params.blocks);
    expect(posted).toContain("C01");
    expect(posted).not.toContain("王建国");
    expect(posted).not.toMatch(PHONE);
  });

  it("gives a stranger nothing personal, in a DM or a bound channel", async () => {
    await send(
      directMessageEvent({ userId: "U_STRANGER", channelId: "D_X", text: "今天谁有风险", ts: "1.4" }),
    );
    await send(
      appMentionEvent({ userId: "U_STRANGER", channelId: CHANNEL, text: "<@UBOT> 今天谁有风险", ts: "1.5" }),
    );
    const all = everything(h.fake.calls);
    expect(all).not.toMatch(/C0\d|王建国|李娜|138\*/);
    expect(h.fake.callsTo("chat.postEphemeral")).toHaveLength(1);
  });

  it("gives an unbound channel one line and nothing personal", async () => {
    await send(
      appMentionEvent({ userId: WU, channelId: "C_OTHER", text: "<@UBOT> 今天谁有风险", ts: "1.6" }),
    );
    const [ephemeral] = h.fake.callsTo("chat.postEphemeral");
    expect(ephemeral?.params.blocks).toHaveLength(1);
    expect(everything(h.fake.calls)).not.toMatch(/C0\d|王建国|138\*/);
  });

  it("refuses a stranger's press of a copied button and stores nothing", async () => {
    const payload = blockActionPayload({
      userId: "U_STRANGER",
      channelId: CHANNEL,
      blockId: "retain_actions:1:0",
      button: {
        action_id: "retain_action:0",
        value: "/done C01 contacted",
        text: { type: "plain_text", text: "已联系" },
      },
      message: {
        ts: "1.7",
        text: "x",
        blocks: [{ type: "actions", block_id: "retain_actions:1:0", elements: [] }],
      },
      responseUrl: h.fake.responseUrl("stranger"),
    });
    await postSigned(
      h.eventsUrl,
      formBody({ payload: JSON.stringify(payload) }),
      "application/x-www-form-urlencoded",
      SIGNING_SECRET,
    );
    expect(await h.app.store.prisma.outcome.count()).toBe(0);
    expect(h.fake.callsTo("chat.update")).toEqual([]);
    expect(h.fake.callsTo("response_url")[0]?.params.response_type).toBe("ephemeral");
  });
});
