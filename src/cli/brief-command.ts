import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import { createGroupPosters } from "../adapters/group-posters.js";
import { LedgerTicket } from "../briefings/briefing-ticket.js";
import { BriefingComposer, createBriefingDelivery } from "../briefings/deliver.js";
import { SEND_LIMITS, SendQueue } from "../briefings/send-queue.js";
import { briefingFactsOf } from "../briefings/store-facts.js";
import { replyToPlainText } from "../chat/reply.js";
import { createApp, type GlobalOptions, loadConfig, UsageError } from "../create-app.js";
import { isIsoDay } from "../domain/dates.js";
import { BriefingLedger } from "../store/briefing-ledger.js";
import { chatGroup } from "../store/chat-groups.js";

/**
 * `brief --group <platform:chat id> [--date D] [--dry-run]`: prints one group's briefing, or sends
 * it through the same ledger as the scheduler (so it is never sent twice for a day).
 */
export function registerBriefCommand(program: Command): void {
  program
    .command("brief")
    .description("print (--dry-run) or send one group's morning briefing")
    .requiredOption("--group <id>", 'the chat group, e.g. "telegram:-1001234567890"')
    .option("--date <YYYY-MM-DD>", "the briefing's day (default: today in the group's time zone)")
    .option("--dry-run", "print the briefing instead of sending it")
    .action(async (options: { group: string; date?: string; dryRun?: boolean }) => {
      const app = createApp(loadConfig(program.opts<GlobalOptions>()));
      try {
        const group = await chatGroup(app.store.db, options.group);
        if (!group?.teamId)
          throw new UsageError(`No group "${options.group}" bound to a team (see bind-group).`);
        if (options.date && !isIsoDay(options.date)) throw new UsageError("--date must be YYYY-MM-DD");
        const day = options.date ?? app.clock.today(group.timeZone);
        const composer = new BriefingComposer(briefingFactsOf(app), {
          chart: true,
        });
        if (options.dryRun) {
          const { blocks, chart } = await composer.compose(group.teamId, day, app.config.RETAINBOT_LOCALE);
          process.stdout.write(
            `${replyToPlainText({ blocks: chart ? [...blocks, { type: "image", ...chart }] : blocks })}\n`,
          );
          return;
        }
        const poster = createGroupPosters(app.config, app.logger).find((p) => p.platform === group.platform);
        if (!poster)
          throw new UsageError(`No ${group.platform} bot token configured: cannot send (try --dry-run).`);
        const ledger = new BriefingLedger(app.store.db, `cli:${randomUUID().slice(0, 8)}`);
        // 'waiting' until its first request leaves (the ticket moves it to 'posting' then).
        if (!(await ledger.claim(group.id, day, app.clock.now(), "waiting"))) {
          const row = await ledger.row(group.id, day);
          throw new UsageError(
            `The ${day} briefing for ${group.id} is already ${row?.status ?? "claimed"}: not sent again.`,
          );
        }
        const queue = new SendQueue(SEND_LIMITS[poster.platform]);
        const deliver = createBriefingDelivery({
          composer,
          channels: { [poster.platform]: { poster, queue } },
          locale: app.config.RETAINBOT_LOCALE,
          logger: app.logger,
        });
        const subscribed = { ...group, teamId: group.teamId, briefTime: group.briefTime ?? "" };
        const ticket = new LedgerTicket(ledger, group.id, day, () => app.clock.now(), "text", true);
        const result = await deliver(subscribed, day, ticket);
        await queue.stop();
        if (result.ok) {
          await ledger.markSent(group.id, day, app.clock.now(), result.value.detail);
          process.stdout.write(`sent the ${day} briefing to ${group.id}\n`);
        } else {
          await ledger.markFailed(group.id, day, `${result.error.code}: ${result.error.message}`);
          throw new UsageError(`Not sent: ${result.error.message}`);
        }
      } finally {
        await app.store.close();
      }
    });
}
