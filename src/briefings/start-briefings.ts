import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { App } from "../app.js";
import { appendAudit } from "../store/audit-log.js";
import { BriefingComposer, createBriefingDelivery } from "./deliver.js";
import type { GroupPoster } from "./poster.js";
import { BriefingScheduler, type SchedulerOptions } from "./scheduler.js";
import { SEND_LIMITS, SendQueue } from "./send-queue.js";
import { briefingFactsOf } from "./store-facts.js";

/** The audit log's actor for the briefings the scheduler posts (a manager id elsewhere). */
export const BRIEFING_ACTOR = "briefing";

/** A running briefing service: the scheduler and the send queues behind it. */
export interface RunningBriefings {
  scheduler: BriefingScheduler;
  stop(): Promise<void>;
}

/**
 * Wires the briefings for the composition root: one rate-limited queue per platform poster, the
 * store-backed facts and composer, and the scheduler (started: its first tick is the catch-up).
 */
export function startBriefings(
  app: App,
  posters: readonly GroupPoster[],
  options: Partial<Pick<SchedulerOptions, "graceMs" | "staleClaimMs" | "tickMs" | "timers" | "lock">> & {
    /** Computes a day's warnings when missing (the daily job's `ensureDay`: in a worker thread). */
    ensureDay?: (day: string) => Promise<void>;
  } = {},
): RunningBriefings {
  const { ensureDay, ...schedulerOptions } = options;
  const channels = Object.fromEntries(
    posters.map((poster) => [
      poster.platform,
      {
        poster,
        queue: new SendQueue(SEND_LIMITS[poster.platform], {
          logger: app.logger,
        }),
      },
    ]),
  );
  const composer = new BriefingComposer(briefingFactsOf(app, ensureDay));
  const logger = app.logger.child({ area: "briefings" });
  const scheduler = new BriefingScheduler({
    ...schedulerOptions,
    store: app.store,
    clock: app.clock,
    logger,
    instanceId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    platforms: posters.map((p) => p.platform),
    deliver: createBriefingDelivery({
      composer,
      channels,
      locale: app.config.RETAINBOT_LOCALE,
      logger,
      // No one asked: the scheduler itself is the actor that showed these customers to the group.
      audit: (group, ids) =>
        appendAudit(
          app.store.db,
          {
            actorId: BRIEFING_ACTOR,
            action: "brief",
            channel: group.platform,
            chatId: group.chatId,
            chatType: "group",
            at: app.clock.now(),
          },
          ids,
        ),
    }),
  });
  scheduler.start().catch((error: unknown) => logger.error({ err: error }, "briefing catch-up failed"));
  return {
    scheduler,
    async stop() {
      await scheduler.stop();
      await Promise.all(Object.values(channels).map((c) => c.queue.stop()));
    },
  };
}
