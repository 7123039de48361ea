import { randomUUID } from "node:crypto";
import { briefCommandMessages } from "../briefings/command-messages.js";
import {
  composePersonalBriefing,
  groupBriefingCustomerIds,
  personalBriefingCustomerIds,
} from "../briefings/content.js";
import { BriefingComposer } from "../briefings/deliver.js";
import { briefingFactsOf } from "../briefings/store-facts.js";
import { setBriefingTime } from "../briefings/subscription.js";
import { type Reply, textReply } from "../chat/reply.js";
import { DEFAULT_TIME_ZONE } from "../clock.js";
import { isValidTimeZone, parseTimeOfDay } from "../domain/zoned-time.js";
import { chatGroup, setGroupTimeZone } from "../store/chat-groups.js";
import type { CommandContext, CommandDefinition } from "./command.js";
import { auditShown } from "./customer-view.js";
import { refuseUnlessLead } from "./lead-guard.js";
import { briefSpec } from "./specs.js";

/**
 * `/brief`: the morning briefing. In a bound group a lead schedules it (`/brief 08:30`, `off`,
 * `tz <zone>`); anyone of the team can preview it (`now`); `me` gives a manager the full version
 * privately. Plain `/brief` shows the schedule.
 */
export const briefCommand: CommandDefinition = {
  ...briefSpec,
  async run(ctx, args): Promise<Reply> {
    const m = briefCommandMessages(ctx.locale);
    const [verb = "", ...rest] = args.trim().split(/\s+/);
    const lower = verb.toLowerCase();
    if (lower === "me" || lower === "我") return personal(ctx);
    if (!ctx.inGroup || !ctx.groupTeamId || !ctx.message.chatId)
      return textReply(m.groupOnly, { errorCode: "group_only" });
    const groupId = `${ctx.message.platform}:${ctx.message.chatId}`;
    const { db } = ctx.app.store;
    const group = await chatGroup(db, groupId);
    const timeZone = group?.timeZone ?? DEFAULT_TIME_ZONE;
    if (lower === "") return textReply(`${m.status(group?.briefTime ?? null, timeZone)}\n${m.usage}`);
    if (lower === "now" || lower === "预览") return preview(ctx, ctx.groupTeamId, timeZone);

    const refusal = refuseUnlessLead(ctx, ctx.groupTeamId);
    if (refusal) return refusal;
    if (lower === "off" || lower === "关闭") {
      await setBriefingTime(db, ctx.app.clock, groupId, null, actor(ctx));
      return textReply(m.off);
    }
    if (lower === "tz") {
      const zone = rest[0] ?? "";
      if (!isValidTimeZone(zone) || zone === "")
        return textReply(m.badZone(zone), { errorCode: "bad_time_zone" });
      await setGroupTimeZone(db, groupId, zone);
      return textReply(m.zoneSet(zone));
    }
    const time = parseTimeOfDay(verb);
    if (!time) return textReply(m.usage, { errorCode: "usage" });
    const { skippedToday } = await setBriefingTime(db, ctx.app.clock, groupId, time, actor(ctx));
    return textReply(
      skippedToday ? `${m.scheduled(time, timeZone)}\n${m.skippedToday}` : m.scheduled(time, timeZone),
    );
  },
};

const actor = (ctx: CommandContext) =>
  `command:${ctx.requester?.managerId ?? "?"}:${randomUUID().slice(0, 8)}`;

/** The group version as it would be posted today, with the chart; the ledger is not touched. */
async function preview(ctx: CommandContext, teamId: string, timeZone: string): Promise<Reply> {
  const composer = new BriefingComposer(briefingFactsOf(ctx.app));
  const { blocks, chart, facts } = await composer.compose(teamId, ctx.app.clock.today(timeZone), ctx.locale);
  await auditShown(ctx, groupBriefingCustomerIds(facts), "brief");
  const notice = { type: "notice" as const, text: briefCommandMessages(ctx.locale).previewNotice };
  return {
    blocks: [...blocks, ...(chart ? [{ type: "image" as const, ...chart }] : []), notice],
    data: { day: facts.day, counts: facts.counts, trend: facts.trend },
  };
}

/** The full version for the asking manager: names unmasked, so it only goes to them privately. */
async function personal(ctx: CommandContext): Promise<Reply> {
  const requester = ctx.requester;
  if (!requester)
    return textReply(briefCommandMessages(ctx.locale).notInGroup, { errorCode: "unknown_user" });
  const day = ctx.app.clock.today(ctx.app.config.RETAINBOT_TIME_ZONE);
  const facts = await briefingFactsOf(ctx.app).gather(requester.teamId, day);
  await auditShown(ctx, personalBriefingCustomerIds(facts, requester.managerId), "brief");
  return {
    blocks: composePersonalBriefing(facts, requester.managerId, ctx.locale),
    personal: true,
    data: { day, manager: facts.managers.find((mg) => mg.managerId === requester.managerId) ?? null },
  };
}
