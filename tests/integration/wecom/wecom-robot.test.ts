/**
 * Briefings to WeCom groups through their group robots (群机器人): the real scheduler, ledger,
 * send queue and robot poster against the fake WeCom's webhook, which checks each image's md5 and
 * enforces 20 messages per minute per robot.
 */
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWecomRobotPoster } from "../../../src/adapters/wecom/robot-poster.js";
import { startBriefings } from "../../../src/briefings/start-briefings.js";
import { manualClock } from "../../../src/clock.js";
import { type FakeWecom, startFakeWecom } from "../../fakes/wecom-api.js";
import { RISK_DAY, seedRiskFixture } from "../../setup/risk-seed.js";
import { createTestApp } from "../../setup/test-app.js";

let fake: FakeWecom;
beforeEach(async () => {
  fake = await startFakeWecom({ robotLimit: { max: 20, windowMs: 60_000 } });
});
afterEach(async () => {
  await fake.close();
});
const robotCalls = () => fake.callsTo("/cgi-bin/webhook/send");

describe("WeCom group robot poster", () => {
  it("posts markdown, and an image as base64 with its md5, to the robot's key", async () => {
    const poster = createWecomRobotPoster({ apiRoot: fake.apiRoot });
    const text = await poster.postBlocks("robot-key-1", [
      { type: "heading", text: "早安简报" },
      { type: "list", items: ["高风险 3 位"] },
    ]);
    expect(text.ok).toBe(true);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 8, 7]);
    expect((await poster.postImage("robot-key-1", png, "图")).ok).toBe(true);
    const [markdown, image] = robotCalls();
    expect(markdown?.token).toBe("robot-key-1");
    expect(markdown?.body).toEqual({
      msgtype: "markdown",
      markdown: { content: "**早安简报**\n\n- 高风险 3 位" },
    });
    expect(image?.body).toEqual({
      msgtype: "image",
      image: {
        base64: Buffer.from(png).toString("base64"),
        md5: createHash("md5").update(png).digest("hex"),
      },
    });
  });

  it("reports a robot over 20 messages a minute as rate limited", async () => {
    const poster = createWecomRobotPoster({ apiRoot: fake.apiRoot });
    for (let i = 0; i < 20; i++) await poster.postBlocks("busy", [{ type: "text", text: `${i}` }]);
    const refused = await poster.postBlocks("busy", [{ type: "text", text: "21" }]);
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: "rate_limited" }) });
  });
});

describe("a morning briefing to a bound WeCom group", () => {
  // Drawing the chart takes a few seconds on a busy machine: a longer timeout than the default.
  it("reaches the group exactly once, with its chart", { timeout: 90_000 }, async () => {
    // 09:00 in Shanghai on the fixture's day: the 08:30 briefing is due (catch-up on start).
    const clock = manualClock(new Date(`${RISK_DAY}T01:00:00Z`));
    const app = createTestApp({ asOf: RISK_DAY, clock });
    try {
      await seedRiskFixture(app);
      await app.store.prisma.chatGroup.create({
        data: { id: "wecom:key-T1", platform: "wecom", chatId: "key-T1", teamId: "T1", briefTime: "08:30" },
      });
      const running = startBriefings(app, [createWecomRobotPoster({ apiRoot: fake.apiRoot })], {
        graceMs: 6 * 3_600_000,
        timers: { setInterval: () => 0, clearInterval: () => undefined },
      });
      await fake.waitForCalls("/cgi-bin/webhook/send", 2, 80_000);
      await running.scheduler.tick();
      await running.stop();
      const calls = robotCalls();
      expect(calls.map((c) => [c.token, c.body.msgtype])).toEqual([
        ["key-T1", "markdown"],
        ["key-T1", "image"],
      ]);
      const content = (calls[0]?.body.markdown as { content?: string } | undefined)?.content;
      expect(content).not.toMatch(/1380000000\d/);
      const ledger = await app.store.prisma.briefingLedger.findMany({ where: { groupId: "wecom:key-T1" } });
      expect(ledger.filter((r) => r.status === "sent").map((r) => r.day)).toEqual([RISK_DAY]);
    } finally {
      await app.store.close();
    }
  });
});
