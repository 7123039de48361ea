/** `今天谁有风险` / `who is at risk today` / `/risk [N] [all]`: the requester's customers at risk today. */
import { riskCommandMessages } from "../i18n/risk-commands.js";
import { openEntries, riskList } from "../services/warnings/risk-list.js";
import type { CommandDefinition } from "./command.js";
import { auditShown, riskEntryBlock, riskEntryData, today, warningDeps } from "./customer-view.js";
import { visibleManagerIds } from "./identity.js";
import type { Reply, ReplyBlock } from "./reply.js";

export const RISK_PHRASES: readonly RegExp[] = [
  /^(?:今天|今日)?(?:谁|哪些客户|哪些人|哪些用户)(?:有|存在)?(?:流失)?风险[?？。!！]*/,
  /^(?:今天|今日)?(?:的)?风险(?:客户|名单|列表|预警)[?？。!！]*/,
  /^who(?:'s| is) at risk(?: today)?[?.!]*/i,
  /^(?:show (?:me )?)?(?:the |my )?(?:risk list|at[- ]risk customers)(?: today)?[?.!]*/i,
];

/** "[N] [all]" → how many to show and whether to include do-not-chase customers. */
export function parseRiskArgs(args: string, inGroup: boolean): { limit: number; all: boolean } | null {
  let limit = inGroup ? 5 : 10;
  let all = false;
  for (const word of args.split(/\s+/).filter(Boolean)) {
    if (/^\d+$/.test(word) && Number(word) >= 1 && Number(word) <= 200) limit = Number(word);
    else if (/^(all|全部|所有)$/i.test(word)) all = true;
    else return null;
  }
  return { limit, all };
}

export const riskCommand: CommandDefinition = {
  name: "risk",
  slash: ["/risk", "/风险"],
  phrases: RISK_PHRASES,
  usage: "/risk [N] [all]",
  description: {
    zh: "今天谁有流失风险（按优先级排序，附原因和证据）",
    en: "who is at risk today, by priority, with reasons",
  },
  async run(ctx, args): Promise<Reply> {
    const m = riskCommandMessages(ctx.locale);
    const parsed = parseRiskArgs(args, ctx.inGroup);
    if (!parsed) return { blocks: [{ type: "text", text: m.risk.usage }], errorCode: "usage" };
    const day = today(ctx);
    const managerIds = await visibleManagerIds(ctx.app.store.prisma, ctx.requester!);
    const list = riskList(warningDeps(ctx), managerIds, day);
    const open = openEntries(list, { includeDoNotChase: parsed.all });
    const shown = open.slice(0, parsed.limit);
    await auditShown(
      ctx,
      shown.map((e) => e.customer.id),
      "list",
    );
    const handled = list.entries.filter((e) => e.followUp.state === "handled_today").length;
    const snoozed = list.entries.filter((e) => e.followUp.state === "snoozed").length;
    const doNotChase = parsed.all ? 0 : openEntries(list, { includeDoNotChase: true }).length - open.length;
    const blocks: ReplyBlock[] =
      shown.length === 0
        ? [{ type: "text", text: m.risk.none(list.listDay) }]
        : [
            { type: "heading", text: m.risk.heading(list.listDay, open.length, shown.length) },
            ...shown.map((e, i) => riskEntryBlock(e, i + 1, ctx)),
          ];
    if (list.source === "earlier_day")
      blocks.unshift({ type: "notice", text: m.risk.earlierDay(day, list.listDay) });
    const hidden = m.risk.hidden(handled, snoozed, doNotChase);
    if (hidden) blocks.push({ type: "notice", text: hidden });
    return {
      blocks,
      data: {
        day,
        source: list.source,
        listDay: list.listDay,
        managerIds,
        total: open.length,
        shown: shown.length,
        hidden: { handledToday: handled, snoozed, doNotChase },
        customers: shown.map((e, i) => riskEntryData(e, i + 1, ctx)),
      },
    };
  },
};
