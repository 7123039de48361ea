/**
 * Briefings to DingTalk groups through their custom robots (自定义机器人): every webhook signed
 * with the robot's secret, the chart uploaded through the app and shown by its media_id, against
 * a fake DingTalk that checks signatures and 20 messages per minute per robot.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dingtalkOapi } from "../../../src/adapters/dingtalk/dingtalk-oapi.js";
import { createDingtalkRobotPoster } from "../../../src/adapters/dingtalk/robot-poster.js";
import { startBriefings } from "../../../src/briefings/start-briefings.js";
import { manualClock } from "../../../src/clock.js";
import { createLogger } from "../../../src/logger.js";
import { type FakeDingtalk, startFakeDingtalk } from "../../fakes/dingtalk-api.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { createTestApp } from "../../setup/test-app.js";

let fake: FakeDingtalk;
beforeEach(async () => {
  fake = await startFakeDingtalk();
  fake.addRobot("tok-T1", "SEC-right");
});
afterEach(async () => {
  await fake.close();
});
const poster = () =>
  createDingtalkRobotPoster({
    oapiRoot: fake.root,
    api: dingtalkOapi({ appKey: "k", appSecret: "s", oapiRoot: fake.root }, createLogger("silent")),
  });

describe("DingTalk custom robot poster", () => {
  it("signs each webhook with the robot's secret; a wrong secret is a failure not worth retrying", async () => {
    const good = await poster().postBlocks("tok-T1", [{ type: "text", text: "早安" }], {
      webhookSecret: "SEC-right",
    });
    expect(good.ok).toBe(true);
    const [sent] = fake.callsTo("/robot/send");
    expect(sent?.body).toEqual({ msgtype: "markdown", markdown: { title: "早安简报", text: "早安" } });
    const bad = await poster().postBlocks("tok-T1", [{ type: "text", text: "x" }], {
      webhookSecret: "SEC-wrong",
    });
    expect(bad).toEqual({ ok: false, error: expect.objectContaining({ code: "failed", retryable: false }) });
    const none = await poster().postBlocks("tok-T1", [{ type: "text", text: "x" }]);
    expect(none.ok).toBe(false);
    expect(fake.callsTo("/robot/send")).toHaveLength(1);
  });

  it("reports a robot over 20 messages a minute as rate limited", async () => {
    const p = poster();
    for (let i = 0; i < 20; i++)
      await p.postBlocks("tok-T1", [{ type: "text", text: `${i}` }], { webhookSecret: "SEC-right" });
    const refused = await p.postBlocks("tok-T1", [{ type: "text", text: "21" }], {
      webhookSecret: "SEC-right",
    });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: "rate_limited" }) });
  });
});

describe("a morning briefing to a bound DingTalk robot", () => {
  it("reaches the group exactly once, with its chart", { timeout: 90_000 }, async () => {
    const clock = manualClock(new Date(`${RISK_DAY}T01:00:00Z`)); // 09:00 in Shanghai
    const app = createTestApp({ asOf: RISK_DAY, clock });
    try {
      await seedRiskFixture(app);
      await app.store.prisma.chatGroup.create({
        data: {
          id: "dingtalk:tok-T1",
          platform: "dingtalk",
          chatId: "tok-T1",
          teamId: "T1",
          briefTime: "08:30",
          webhookSecret: "SEC-right",
        },
      });
      const running = startBriefings(app, [poster()], {
        graceMs: 6 * 3_600_000,
        timers: { setInterval: () => 0, clearInterval: () => undefined },
      });
      for (let i = 0; i < 800 && fake.callsTo("/robot/send").length < 2; i++)
        await new Promise((r) => setTimeout(r, 100));
      await running.scheduler.tick();
      await running.stop();
      const sent = fake.callsTo("/robot/send");
      expect(sent.map((c) => c.token)).toEqual(["tok-T1", "tok-T1"]);
      const [text, image] = sent.map((c) => JSON.stringify(c.body));
      expect(text).not.toMatch(/1380000000\d/);
      expect(image).toContain("](@lAD_1)");
      expect(fake.callsTo("/media/upload")).toHaveLength(1);
    } finally {
      await app.store.close();
    }
  });
});
