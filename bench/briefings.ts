/**
 * Briefing fan-out benchmark: 1,000 subscribed Telegram groups, all due at 08:30, briefed through
 * the real scheduler, ledger (SQLite), send queue and Telegram poster against a fake Bot API on
 * 127.0.0.1 that enforces Telegram's limits (30 messages/s overall, 20/min per group) with 429 +
 * retry_after. Reported against the floor those limits impose: 1,000 / 30 per s ≈ 33.3 s.
 * Each group gets one message (the text; charts are off here so the floor is the 1,000/30 —
 * with the chart every group costs two calls and the floor doubles).
 * Run alone: `npx tsx bench/briefings.ts [groups]`; `npm run bench` runs it with the others.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createTelegramGroupPoster } from "../src/adapters/telegram/group-poster.js";
import { BriefingComposer, createBriefingDelivery } from "../src/briefings/deliver.js";
import { BriefingScheduler } from "../src/briefings/scheduler.js";
import { SendQueue, TELEGRAM_SEND_LIMITS } from "../src/briefings/send-queue.js";
import { StoreBriefingFacts } from "../src/briefings/store-facts.js";
import { manualClock } from "../src/clock.js";
import { DEFAULT_RULES_CONFIG } from "../src/domain/rules-config.js";
import { createLogger } from "../src/logger.js";
import { ensureMaterialised } from "../src/services/warnings/daily-job.js";
import { openStore } from "../src/store/database.js";
import { migrateStore } from "../src/store/migrate.js";
import { RateLimitedTelegramFake, TELEGRAM_RULES } from "../tests/fakes/telegram-rate-limits.js";

export interface BriefingBenchResult {
  groups: number;
  seconds: number;
  floorSeconds: number;
  ratio: number;
  rateLimited429: number;
  lost: number;
  doubled: number;
  ledgerSent: number;
}

/** Briefs `groups` groups (default 1,000) through the fake and checks nothing was lost or doubled. */
export async function benchBriefings(groups = 1000): Promise<BriefingBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "retainbot-bench-briefings-"));
  const url = `file:${join(dir, "store.db")}`;
  const migrated = migrateStore(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = openStore(url);
  const fake = new RateLimitedTelegramFake(TELEGRAM_RULES);
  const root = await fake.listen();
  try {
    const teams = Math.max(1, Math.ceil(groups / 20));
    await store.prisma.team.createMany({
      data: Array.from({ length: teams }, (_, t) => ({ id: `T${t}`, name: `第${t + 1}组` })),
    });
    await store.prisma.chatGroup.createMany({
      data: Array.from({ length: groups }, (_, i) => ({
        id: `telegram:-${1000 + i}`,
        platform: "telegram",
        chatId: `-${1000 + i}`,
        teamId: `T${i % teams}`,
        briefTime: "08:30",
      })),
    });
    // Steady state: yesterday's briefings went out (a fresh store would first log 1,000 skips).
    await store.prisma.briefingLedger.createMany({
      data: Array.from({ length: groups }, (_, i) => ({
        groupId: `telegram:-${1000 + i}`,
        day: "2026-11-23",
        status: "sent",
        claimedBy: "yesterday",
      })),
    });
    const clock = manualClock(new Date("2026-11-24T00:30:00Z")); // 08:30 in Shanghai
    const logger = createLogger("warn");
    const queue = new SendQueue(TELEGRAM_SEND_LIMITS, { logger });
    const composer = new BriefingComposer(
      new StoreBriefingFacts(store.db, DEFAULT_RULES_CONFIG, clock, "Asia/Shanghai", async (day) => {
        ensureMaterialised(store.sql, day, DEFAULT_RULES_CONFIG);
      }),
      {
        chart: false,
      },
    );
    const deliver = createBriefingDelivery({
      composer,
      channels: { telegram: { poster: createTelegramGroupPoster({ token: "BENCH", apiRoot: root }), queue } },
      locale: "zh",
      logger,
    });
    const scheduler = new BriefingScheduler({ store, clock, logger, deliver, instanceId: "bench" });

    const started = performance.now();
    const startedAt = Date.now();
    const report = await scheduler.tick();
    const seconds = (performance.now() - started) / 1000;
    clock.advance(60_000);
    await scheduler.tick(); // a second pass must post nothing
    await queue.stop();

    const counts = fake.countsByChat();
    let lost = 0;
    let doubled = 0;
    for (let i = 0; i < groups; i++) {
      const n = counts.get(`-${1000 + i}`) ?? 0;
      if (n === 0) lost++;
      if (n > 1) doubled++;
    }
    const ledgerSent = await store.prisma.briefingLedger.count({
      where: { status: "sent", day: "2026-11-24" },
    });
    const floorSeconds = groups / TELEGRAM_RULES.globalPerSecond;
    const result: BriefingBenchResult = {
      groups,
      seconds: round(seconds),
      floorSeconds: round(floorSeconds),
      ratio: round(seconds / floorSeconds),
      rateLimited429: fake.rejected429,
      lost,
      doubled,
      ledgerSent,
    };
    if (report.failed.length > 0) console.log(`failed briefings: ${report.failed.length}`);
    console.log(
      `${groups} groups briefed in ${result.seconds} s; floor ${result.floorSeconds} s (${groups} / ${TELEGRAM_RULES.globalPerSecond} per s) → ${result.ratio}× (goal ≤ 1.2×)`,
    );
    console.log(
      `first message after ${round(((fake.accepted[0]?.at ?? startedAt) - startedAt) / 1000)} s; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
    );
    console.log(
      `429 responses: ${result.rateLimited429}; lost: ${lost}; doubled: ${doubled}; ledger 'sent': ${ledgerSent}`,
    );
    return result;
  } finally {
    await fake.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchBriefings(Number(process.argv[2] ?? 1000));
}
