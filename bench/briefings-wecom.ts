/**
 * WeCom group-robot fan-out: 1,000 WeCom groups, each with its own group robot, briefed through
 * the real scheduler, ledger (SQLite), send queue and robot poster against the fake WeCom on
 * 127.0.0.1, which enforces 20 messages per minute per robot (errcode 45009) and checks each
 * image's md5. Every briefing is two messages (the markdown text and the chart as base64 + md5).
 * The floor: the limit spread evenly is one message per 3 s per robot, so a robot's second
 * message cannot come before 3 s; robots are independent, so the floor does not grow with the
 * number of groups. Charts are drawn once per team (10 teams of 100 groups) before the clock starts
 * (their drawing time is printed apart): the fan-out is what is measured against the floor.
 * Run alone: `npx tsx bench/briefings-wecom.ts [groups]`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createWecomRobotPoster } from "../src/adapters/wecom/robot-poster.js";
import { BriefingComposer, createBriefingDelivery } from "../src/briefings/deliver.js";
import { BriefingScheduler } from "../src/briefings/scheduler.js";
import { SendQueue, WECOM_ROBOT_SEND_LIMITS } from "../src/briefings/send-queue.js";
import { StoreBriefingFacts } from "../src/briefings/store-facts.js";
import { manualClock } from "../src/clock.js";
import { DEFAULT_RULES_CONFIG } from "../src/domain/rules-config.js";
import { createLogger } from "../src/logger.js";
import { ensureMaterialised } from "../src/services/warnings/daily-job.js";
import { openStore } from "../src/store/database.js";
import { migrateStore } from "../src/store/migrate.js";
import { startFakeWecom } from "../tests/fakes/wecom-api.js";

export interface WecomBriefingBenchResult {
  groups: number;
  seconds: number;
  floorSeconds: number;
  ratio: number;
  refused45009: number;
  lost: number;
  doubled: number;
  ledgerSent: number;
}

const ROBOT_LIMIT = { max: 20, windowMs: 60_000 };

/** Briefs `groups` WeCom groups (default 1,000) through their robots and checks nothing was lost or doubled. */
export async function benchWecomRobotBriefings(groups = 1000): Promise<WecomBriefingBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "retainbot-bench-wecom-"));
  const url = `file:${join(dir, "store.db")}`;
  const migrated = migrateStore(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  const store = openStore(url);
  const fake = await startFakeWecom({ robotLimit: ROBOT_LIMIT });
  try {
    const teams = Math.max(1, Math.ceil(groups / 100));
    await store.prisma.team.createMany({
      data: Array.from({ length: teams }, (_, t) => ({ id: `T${t}`, name: `第${t + 1}组` })),
    });
    const key = (i: number) => `robot-${String(i).padStart(4, "0")}`;
    await store.prisma.chatGroup.createMany({
      data: Array.from({ length: groups }, (_, i) => ({
        id: `wecom:${key(i)}`,
        platform: "wecom",
        chatId: key(i),
        teamId: `T${i % teams}`,
        briefTime: "08:30",
      })),
    });
    await store.prisma.briefingLedger.createMany({
      data: Array.from({ length: groups }, (_, i) => ({
        groupId: `wecom:${key(i)}`,
        day: "2026-11-23",
        status: "sent",
        claimedBy: "yesterday",
      })),
    });
    const clock = manualClock(new Date("2026-11-24T00:30:00Z")); // 08:30 in Shanghai
    const logger = createLogger("warn");
    const queue = new SendQueue(WECOM_ROBOT_SEND_LIMITS, { logger });
    const composer = new BriefingComposer(
      new StoreBriefingFacts(store.db, DEFAULT_RULES_CONFIG, clock, "Asia/Shanghai", async (day) => {
        ensureMaterialised(store.sql, day, DEFAULT_RULES_CONFIG);
      }),
    );
    const deliver = createBriefingDelivery({
      composer,
      channels: { wecom: { poster: createWecomRobotPoster({ apiRoot: fake.apiRoot }), queue } },
      locale: "zh",
      logger,
    });
    const scheduler = new BriefingScheduler({ store, clock, logger, deliver, instanceId: "bench" });

    const composing = performance.now();
    for (let t = 0; t < teams; t++) await composer.compose(`T${t}`, "2026-11-24", "zh");
    const composeSeconds = (performance.now() - composing) / 1000;

    const started = performance.now();
    const report = await scheduler.tick();
    const seconds = (performance.now() - started) / 1000;
    clock.advance(60_000);
    await scheduler.tick(); // a second pass must post nothing
    await queue.stop();

    const perRobot = new Map<string, { markdown: number; image: number }>();
    for (const call of fake.callsTo("/cgi-bin/webhook/send")) {
      const counts = perRobot.get(call.token) ?? { markdown: 0, image: 0 };
      if (call.body.msgtype === "image") counts.image++;
      else counts.markdown++;
      perRobot.set(call.token, counts);
    }
    let lost = 0;
    let doubled = 0;
    for (let i = 0; i < groups; i++) {
      const counts = perRobot.get(key(i)) ?? { markdown: 0, image: 0 };
      if (counts.markdown === 0 || counts.image === 0) lost++;
      if (counts.markdown > 1 || counts.image > 1) doubled++;
    }
    const ledgerSent = await store.prisma.briefingLedger.count({
      where: { status: "sent", day: "2026-11-24" },
    });
    const messagesPerRobot = 2;
    const floorSeconds = ((messagesPerRobot - 1) * ROBOT_LIMIT.windowMs) / ROBOT_LIMIT.max / 1000;
    const refused = [...fake.robotRefusals.values()].reduce((a, b) => a + b, 0);
    const result: WecomBriefingBenchResult = {
      groups,
      seconds: round(seconds),
      floorSeconds: round(floorSeconds),
      ratio: round(seconds / floorSeconds),
      refused45009: refused,
      lost,
      doubled,
      ledgerSent,
    };
    if (report.failed.length > 0) console.log(`failed briefings: ${report.failed.length}`);
    console.log(
      `WeCom robots: ${groups} briefings (text + chart, ${groups * messagesPerRobot} webhook calls to ${groups} robots) in ${result.seconds} s; floor ${result.floorSeconds} s (20 messages/min per robot: a robot's 2nd message 3 s after its 1st) → ${result.ratio}×`,
    );
    console.log(
      `45009 refusals: ${refused}; lost: ${lost}; doubled: ${doubled}; ledger 'sent': ${ledgerSent}; ${teams} briefings and charts composed beforehand in ${round(composeSeconds)} s; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
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
  await benchWecomRobotBriefings(Number(process.argv[2] ?? 1000));
}
