/**
 * One RetainBot instance's briefing scheduler as its own process, for the several-instances test
 * and bench: the real scheduler, scheduler lock, ledger, send queue and Telegram poster on the store
 * DATABASE_URL names (SQLite or PostgreSQL), posting to the Bot API at TELEGRAM_API_ROOT.
 * The briefing's facts are fixed (an empty team day): what is under test is who posts, not what.
 * Prints `standby` after its first tick, `leading` when it takes the scheduler lock.
 *
 * Env: DATABASE_URL, TELEGRAM_API_ROOT, INSTANCE_ID, BRIEFING_NOW (ISO instant),
 * SEND_SPACING_MS (default: Telegram's limits), TICK_MS (default 200), BRIEFING_CHART=1 to post
 * the chart after the text (drawn from the fixed facts).
 */
import { createTelegramGroupPoster } from "../../src/adapters/telegram/group-poster.js";
import { BriefingComposer, createBriefingDelivery } from "../../src/briefings/deliver.js";
import type { BriefingFacts } from "../../src/briefings/facts.js";
import { BriefingScheduler } from "../../src/briefings/scheduler.js";
import { type SendLimits, SendQueue, TELEGRAM_SEND_LIMITS } from "../../src/briefings/send-queue.js";
import { asOfClock } from "../../src/clock.js";
import { storeKind } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { openStore } from "../../src/store/database.js";
import { instanceLocks } from "../../src/store/instance-lock.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const url = env("DATABASE_URL");
const store =
  storeKind(url) === "postgres"
    ? openPostgresStore(url, { poolSize: 4, statementTimeoutMs: 30_000 })
    : openStore(url);
const now = new Date(env("BRIEFING_NOW"));
const clock = { ...asOfClock("2000-01-01"), now: () => now, today: () => now.toISOString().slice(0, 10) };
const spacing = Number(process.env.SEND_SPACING_MS ?? 0);
const limits: SendLimits =
  spacing > 0
    ? { ...TELEGRAM_SEND_LIMITS, globalMinIntervalMs: spacing, maxConcurrent: 1 }
    : TELEGRAM_SEND_LIMITS;
const queue = new SendQueue(limits);
const fixedFacts = async (teamId: string, day: string): Promise<BriefingFacts> => ({
  day,
  teamId,
  teamName: teamId,
  counts: [],
  hasYesterday: false,
  trend: [],
  managers: [],
});
const logger = createLogger("warn");
const scheduler = new BriefingScheduler({
  store,
  clock,
  logger,
  instanceId: env("INSTANCE_ID"),
  lock: async (name) => {
    const held = await instanceLocks(url)(name);
    if (held) console.log("leading");
    return held;
  },
  tickMs: Number(process.env.TICK_MS ?? 200),
  deliver: createBriefingDelivery({
    composer: new BriefingComposer({ gather: fixedFacts }, { chart: process.env.BRIEFING_CHART === "1" }),
    channels: {
      telegram: {
        poster: createTelegramGroupPoster({ token: "INSTANCE", apiRoot: env("TELEGRAM_API_ROOT") }),
        queue,
      },
    },
    locale: "zh",
    logger,
  }),
});

const first = await scheduler.tick();
if (first.standby) console.log("standby");
await scheduler.start();
process.on("SIGTERM", () => {
  void scheduler.stop().then(async () => {
    await queue.stop();
    await store.close();
    process.exit(0);
  });
});
