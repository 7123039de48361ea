import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SqliteApp } from "../../../src/app.js";
import { briefingFactsOf } from "../../../src/briefings/store-facts.js";
import { manualClock } from "../../../src/clock.js";
import { DAILY_WARNINGS_LOCK } from "../../../src/services/warnings/daily-job.js";
import { materialiseWarnings } from "../../../src/services/warnings/materialise.js";
import { instanceLocks } from "../../../src/store/instance-lock.js";
import { createTestApp } from "../../setup/test-app.js";

// The CLI (no daily job of its own) on the store a running bot uses: while the bot's job holds the
// daily lock and computes the day, a briefing waits for its rows instead of computing the same day
// beside it (one of the two runs would be stopped as superseded, and the CLI answered 处理时出错了).
let app: SqliteApp;
const DAY = "2026-11-25";
const runsOf = (day: string) =>
  app.store.sql.prepare("SELECT COUNT(*) FROM WarningRun WHERE day = ?").pluck().get(day) as number;

beforeEach(async () => {
  app = createTestApp({ clock: manualClock(new Date("2026-11-25T01:00:00Z")) });
  await app.store.prisma.team.create({ data: { id: "T1", name: "城东一组" } });
  await app.store.prisma.manager.create({ data: { id: "M001", name: "张主管", teamId: "T1", role: "lead" } });
  await app.store.prisma.customer.create({
    data: {
      id: "C1",
      name: "王小明",
      phone: "13812341234",
      managerId: "M001",
      contractEnd: "2026-12-10",
      joinDate: "2020-01-01",
      arpu: 120,
    },
  });
});
afterEach(async () => {
  await app.store.close();
});

describe("a briefing computed beside a running bot (SQLite)", () => {
  it("waits while the bot's job holds the daily lock, then reads the bot's rows", async () => {
    const bot = await instanceLocks(app.config.DATABASE_URL)(DAILY_WARNINGS_LOCK);
    expect(bot).not.toBeNull();
    let done = false;
    const gathering = briefingFactsOf(app)
      .gather("T1", DAY)
      .then((facts) => {
        done = true;
        return facts;
      });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(done).toBe(false);
    expect(runsOf(DAY)).toBe(0);
    // The bot's run completes the day and frees the lock.
    materialiseWarnings(app.store.sql, DAY, app.rules);
    await bot?.release();
    const facts = await gathering;
    expect(runsOf(DAY)).toBe(1);
    expect(facts.counts).toEqual([{ code: "contract_expiring", level: 1, today: 1, yesterday: 0 }]);
  });

  it("computes the day itself when no job holds the lock", async () => {
    const facts = await briefingFactsOf(app).gather("T1", DAY);
    expect(runsOf(DAY)).toBe(1);
    expect(facts.counts.map((c) => c.code)).toEqual(["contract_expiring"]);
  });
});
