/** Briefings to a Feishu group bound with /bindgroup: card text, chart uploaded and sent as an image, once. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFeishuPoster } from "../../../src/adapters/feishu/feishu-poster.js";
import { groupBriefingCustomerIds } from "../../../src/briefings/content.js";
import { startBriefings } from "../../../src/briefings/start-briefings.js";
import { briefingFactsOf } from "../../../src/briefings/store-facts.js";
import { manualClock } from "../../../src/clock.js";
import { createLogger } from "../../../src/logger.js";
import { type FakeFeishu, startFakeFeishu } from "../../fakes/feishu-api.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { createTestApp } from "../../setup/test-app.js";

let fake: FakeFeishu;
beforeEach(async () => {
  fake = await startFakeFeishu();
});
afterEach(async () => {
  await fake.close();
});
const poster = () =>
  createFeishuPoster({
    appId: "cli_test",
    appSecret: "s",
    domain: fake.domain,
    logger: createLogger("silent"),
  });

describe("Feishu briefing poster", () => {
  it("reports a chat the bot is not in as a failure not worth retrying, a 429 as rate limited", async () => {
    fake.failNextMessage(400, 230002);
    const gone = await poster().postBlocks("oc_gone", [{ type: "text", text: "x" }]);
    expect(gone).toEqual({ ok: false, error: expect.objectContaining({ code: "failed", retryable: false }) });
    fake.failNextMessage(429, 99991400);
    const busy = await poster().postBlocks("oc_busy", [{ type: "text", text: "x" }]);
    expect(busy).toEqual({ ok: false, error: expect.objectContaining({ code: "rate_limited" }) });
  });

  // Drawing the chart takes a few seconds on a busy machine: a longer timeout than the default.
  it("sends a bound group's morning briefing exactly once, with its chart", { timeout: 90_000 }, async () => {
    const clock = manualClock(new Date(`${RISK_DAY}T01:00:00Z`)); // 09:00 in Shanghai
    const app = createTestApp({ asOf: RISK_DAY, clock });
    try {
      await seedRiskFixture(app);
      await app.store.prisma.chatGroup.create({
        data: { id: "feishu:oc_T1", platform: "feishu", chatId: "oc_T1", teamId: "T1", briefTime: "08:30" },
      });
      const running = startBriefings(app, [poster()], {
        graceMs: 6 * 3_600_000,
        timers: { setInterval: () => 0, clearInterval: () => undefined },
      });
      for (let i = 0; i < 800 && fake.messages().length < 2; i++)
        await new Promise((r) => setTimeout(r, 100));
      await running.scheduler.tick();
      await running.stop();
      const sent = fake.messages();
      expect(sent.map((m) => [m.receiveId, m.msgType])).toEqual([
        ["oc_T1", "interactive"],
        ["oc_T1", "image"],
      ]);
      expect(sent[1]?.content).toEqual({ image_key: expect.stringMatching(/^img_/) });
      expect(fake.callsTo("/open-apis/im/v1/images")[0]?.body).toMatchObject({ image_type: "message" });
      expect(JSON.stringify(sent[0]?.content)).not.toMatch(/1380000000\d/);
      // The customers it named are in the audit log, against the group, with the scheduler as actor.
      const named = groupBriefingCustomerIds(await briefingFactsOf(app).gather("T1", RISK_DAY));
      expect(named.length).toBeGreaterThan(0);
      const audited = await app.store.prisma.auditLog.findMany({ orderBy: { customerId: "asc" } });
      expect(
        audited.map(({ actorId, action, channel, chatId, chatType, customerId }) => ({
          actorId,
          action,
          channel,
          chatId,
          chatType,
          customerId,
        })),
      ).toEqual(
        [...named].sort().map((customerId) => ({
          actorId: "briefing",
          action: "brief",
          channel: "feishu",
          chatId: "oc_T1",
          chatType: "group",
          customerId,
        })),
      );
    } finally {
      await app.store.close();
    }
  });
});
