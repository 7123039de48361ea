/** `今天谁有风险` / `who is at risk today` / `/risk [N] [all]`: the requester's customers at risk today. */

import type { Reply, ReplyBlock } from "../chat/reply.js";
import { riskCommandMessages } from "../i18n/risk-commands.js";
import { riskPage } from "../services/warnings/risk-page.js";
import type { CommandDefinition } from "./command.js";
import { auditShown, riskEntryBlock, riskEntryData, today, warningDeps } from "./customer-view.js";
import { visibleManagerIds } from "./identity.js";
import { MAX_LIST_COUNT } from "./reply-limits.js";
import { riskSpec } from "./specs.js";

/** "[N] [all]" → how many to show and whether to include do-not-chase customers. */
export function parseRiskArgs(args: string, inGroup: boolean): { limit: number; all: boolean } | null {
  let limit = inGroup ? 5 : 10;
  let all = false;
  for (const word of args.split(/\s+/).filter(Boolean)) {
    if (/^\d+$/.test(word) && Number(word) >= 1 && Number(word) <= MAX_LIST_COUNT) limit = Number(word);
    else if (/^(all|全部|所有)$/i.test(word)) all = true;
    else return null;
  }
  return { limit, all };
}

export const riskCommand: CommandDefinition = {
  ...riskSpec,
  async run(ctx, args): Promise<Reply> {
    const m = riskCommandMessages(ctx.locale);
    const parsed = parseRiskArgs(args, ctx.inGroup);
    if (!parsed)
      return { blocks: [{ type: "text", text: m.risk.usage(MAX_LIST_COUNT) }], errorCode: "usage" };
    const day = today(ctx);
    const managerIds = await visibleManagerIds(ctx.app.store.db, ctx.requester);
    // One page from the ranked rows: the top N and the total, not the whole list (risk-page.ts).
    const page = await riskPage(warningDeps(ctx), managerIds, day, {
      limit: parsed.limit,
      includeDoNotChase: parsed.all,
    });
    const shown = page.entries;
    await auditShown(
      ctx,
      shown.map((e) => e.customer.id),
      "list",
    );
    const { handledToday: handled, snoozed, doNotChase } = page.hidden;
    const blocks: ReplyBlock[] =
      shown.length === 0
        ? [{ type: "text", text: m.risk.none(page.listDay) }]
        : [
            { type: "heading", text: m.risk.heading(page.listDay, page.total, shown.length) },
            ...shown.map((e, i) => riskEntryBlock(e, i + 1, ctx)),
          ];
    const hidden = m.risk.hidden(handled, snoozed, doNotChase);
    if (hidden) blocks.push({ type: "notice", text: hidden });
    // Said plainly, first, whenever the model should rank the list but cannot (issue 10).
    const { ranking } = page;
    if (!ranking.scored && ranking.mode !== "rules")
      blocks.unshift({ type: "notice", text: m.risk.rulesOnly(ranking.why, ranking.leavers) });
    if (page.source === "earlier_day")
      blocks.unshift({ type: "notice", text: m.risk.earlierDay(day, page.listDay) });
    return {
      blocks,
      data: {
        day,
        source: page.source,
        listDay: page.listDay,
        managerIds,
        total: page.total,
        shown: shown.length,
        hidden: { handledToday: handled, snoozed, doNotChase },
        ranking: { ...ranking, by: ranking.scored ? ranking.mode : "rules" },
        customers: shown.map((e, i) => riskEntryData(e, i + 1, ctx)),
      },
    };
  },
};
