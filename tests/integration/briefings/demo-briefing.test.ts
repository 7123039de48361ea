/**
 * A briefing on the demo store. The daily warnings job ran yesterday (as it does in production) but
 * not yet today: gathering runs it for the day, so the briefing shows real counts against
 * yesterday, masked top customers per manager and the level-1 warnings past their deadline — the
 * same ones `/team` shows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { BriefingComposer } from "../../../src/briefings/deliver.js";
import { briefingFactsOf } from "../../../src/briefings/store-facts.js";
import { replyToPlainText } from "../../../src/chat/reply.js";
import { manualClock } from "../../../src/clock.js";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { hasMaterialised, materialiseWarnings } from "../../../src/services/warnings/materialise.js";
import { teamView } from "../../../src/services/warnings/team-view.js";
import { createTestApp } from "../../setup/test-app.js";

const D = "2026-06-30";
const clock = manualClock(new Date("2026-06-30T00:30:00Z")); // 08:30 in Shanghai
let app: App;
let teamIds: string[];

beforeAll(async () => {
  app = createTestApp({ clock });
  await loadDemo(app.store, { seed: 23, asOf: D, customers: 600 });
  materialiseWarnings(app.store.sql, "2026-06-29", app.rules); // yesterday's run of the daily job
  teamIds = (app.store.sql.prepare("SELECT id FROM Team ORDER BY id").all() as { id: string }[]).map(
    (t) => t.id,
  );
}, 120_000);
afterAll(async () => {
  await app.store.close();
});

describe("a briefing on the demo store", () => {
  it("runs the daily job for the day, then briefs on real warnings against yesterday", async () => {
    expect(hasMaterialised(app.store.sql, D)).toBe(false);
    const composer = new BriefingComposer(briefingFactsOf(app), { chart: false });
    const { facts, blocks } = await composer.compose(teamIds[0] ?? "", D, "zh");
    expect(hasMaterialised(app.store.sql, D)).toBe(true);
    expect(facts.hasYesterday).toBe(true);

    const total = (key: "today" | "yesterday") => facts.counts.reduce((n, c) => n + c[key], 0);
    expect(total("today")).toBeGreaterThan(0);
    expect(total("yesterday")).toBeGreaterThan(0);
    expect(facts.trend.at(-1)?.level1).toBeGreaterThan(0);

    // Every manager with customers at risk has a ranked top list, most urgent first.
    const withTop = facts.managers.filter((m) => m.top.length > 0);
    expect(withTop.length).toBeGreaterThan(1);
    for (const m of withTop) {
      const scores = m.top.map((c) => c.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    const overdue = facts.managers.flatMap((m) => m.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    // Raised on D-1 (yesterday's run), due 24 h after the start of that day, still unanswered.
    for (const o of overdue) expect(o.since).toBe("2026-06-29");

    const text = replyToPlainText({ blocks });
    const first = withTop[0]?.top[0];
    expect(first).toBeDefined();
    expect(text).toContain(`${first?.name.slice(0, 1)}*`);
    expect(text).not.toContain(first?.name);
    expect(text).not.toMatch(/1[3-9]\d{9}/); // no full phone number
    expect(text).toContain("超时未处理");
    expect(text).not.toContain("暂无");
  });

  it("lists as overdue exactly the level-1 warnings /team shows overdue", async () => {
    const teamId = teamIds[0] ?? "";
    const facts = await briefingFactsOf(app).gather(teamId, D);
    const view = await teamView(
      {
        db: app.store.db,
        config: app.rules,
        now: clock.now(),
        timeZone: app.config.RETAINBOT_TIME_ZONE,
      },
      teamId,
      D,
    );
    for (const m of facts.managers) {
      const fromTeam = view.managers.find((v) => v.managerId === m.managerId)?.overdue ?? [];
      expect(m.overdue.map((o) => `${o.id}|${o.code}`)).toEqual(
        fromTeam.filter((o) => o.level === 1).map((o) => `${o.customer.id}|${o.code}`),
      );
    }
  });

  it("never computes a missed day after the fact: that would make its warnings overdue at once", async () => {
    const other = createTestApp({ clock });
    try {
      await loadDemo(other.store, { seed: 23, asOf: D, customers: 300 });
      const { facts, blocks } = await new BriefingComposer(briefingFactsOf(other), { chart: false }).compose(
        "T01",
        D,
        "zh",
      );
      expect(hasMaterialised(other.store.sql, "2026-06-29")).toBe(false);
      expect(facts.hasYesterday).toBe(false);
      expect(facts.managers.flatMap((m) => m.overdue)).toEqual([]);
      expect(replyToPlainText({ blocks })).toContain("昨日无记录");
    } finally {
      await other.store.close();
    }
  });
});
