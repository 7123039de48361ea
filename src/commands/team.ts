/** `/team` (leads only): per manager, who is open today and which warnings are overdue. */

import type { Reply, ReplyBlock } from "../chat/reply.js";
import { addDays } from "../domain/dates.js";
import { maskPhone } from "../domain/masking.js";
import { riskCommandMessages } from "../i18n/risk-commands.js";
import { rulesMessages } from "../i18n/rules.js";
import { controlReport } from "../services/control-group/control-report.js";
import { WHAT_WORKS_DAYS } from "../services/outcomes/what-works.js";
import { teamView } from "../services/warnings/team-view.js";
import { teamName } from "../store/managers.js";
import type { CommandDefinition } from "./command.js";
import { controlReportBlocks } from "./control-blocks.js";
import { auditShown, shownName, today, warningDeps } from "./customer-view.js";
import { refuseUnlessLead } from "./lead-guard.js";
import { teamSpec } from "./specs.js";
import { whatWorksSection } from "./what-works-blocks.js";

export const teamCommand: CommandDefinition = {
  ...teamSpec,
  async run(ctx): Promise<Reply> {
    const refusal = refuseUnlessLead(ctx);
    if (refusal) return refusal;
    const m = riskCommandMessages(ctx.locale);
    const r = rulesMessages(ctx.locale);
    const view = await teamView(warningDeps(ctx), ctx.requester.teamId, today(ctx));
    const team = await teamName(ctx.app.store.db, view.teamId);
    const blocks: ReplyBlock[] = [{ type: "heading", text: m.team.heading(team ?? view.teamId, view.day) }];
    for (const s of view.managers) {
      blocks.push({
        type: "text",
        text: m.team.manager(
          s.name,
          s.managerId,
          s.open,
          s.openLevel1,
          s.handledToday,
          s.overdueLevel1,
          s.overdueLevel2,
        ),
      });
      if (s.overdue.length > 0) {
        blocks.push({
          type: "list",
          items: s.overdue.map((o) =>
            m.team.overdue(
              shownName(o.customer, ctx),
              maskPhone(o.customer.phone),
              r.level(o.level as 1 | 2),
              r.signals[o.code as keyof typeof r.signals]?.title ?? o.code,
              o.raisedDay,
              o.hoursOverdue,
            ),
          ),
        });
      }
    }
    if (view.managers.every((s) => s.overdue.length === 0))
      blocks.push({ type: "notice", text: m.team.noneOverdue });
    const whatWorks = await whatWorksSection(ctx, view.teamId, view.day);
    blocks.push(...whatWorks.blocks);
    // Churn among contacted, not contacted and control customers (counts only, one team's).
    const control = await controlReport(
      ctx.app.store.db,
      view.teamId,
      addDays(view.day, -(WHAT_WORKS_DAYS - 1)),
      view.day,
    );
    blocks.push(...controlReportBlocks(control, ctx.locale));
    await auditShown(
      ctx,
      [...new Set(view.managers.flatMap((s) => s.overdue.map((o) => o.customer.id)))],
      "team",
    );
    return {
      blocks,
      data: {
        day: view.day,
        teamId: view.teamId,
        source: view.source,
        whatWorks: whatWorks.data,
        control,
        managers: view.managers.map((s) => ({
          ...s,
          overdue: s.overdue.map((o) => ({
            customerId: o.customer.id,
            name: shownName(o.customer, ctx),
            phone: maskPhone(o.customer.phone),
            code: o.code,
            level: o.level,
            raisedDay: o.raisedDay,
            dueAt: o.dueAt,
            hoursOverdue: o.hoursOverdue,
          })),
        })),
      },
    };
  },
};
