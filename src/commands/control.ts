/**
 * `/control [N|off]` (leads): the team's control group share. Plain `/control` says what a control
 * group means and where the team stands, before anyone turns it on; the answer to setting it says
 * it again. Nothing personal is shown, so it works in the team's group as well.
 */
import { type Reply, textReply } from "../chat/reply.js";
import { MAX_CONTROL_PERCENT } from "../domain/control-group.js";
import { controlGroupMessages } from "../i18n/control-group.js";
import { controlSettingsOf, saveControlShare } from "../store/control-group.js";
import type { CommandDefinition } from "./command.js";
import { today } from "./customer-view.js";
import { refuseUnlessLead } from "./lead-guard.js";
import { controlSpec } from "./specs.js";

export const controlCommand: CommandDefinition = {
  ...controlSpec,
  async run(ctx, args): Promise<Reply> {
    const refusal = refuseUnlessLead(ctx, ctx.inGroup ? ctx.groupTeamId : undefined);
    if (refusal) return refusal;
    const m = controlGroupMessages(ctx.locale);
    const teamId = ctx.requester.teamId;
    const word = args.trim().replace(/[%％]$/, "");
    const { db } = ctx.app.store;
    if (word === "") {
      const s = await controlSettingsOf(db, teamId);
      return {
        blocks: [
          { type: "text", text: m.status(s.sharePercent, s.since) },
          { type: "notice", text: m.explain(MAX_CONTROL_PERCENT) },
          { type: "text", text: m.usage(MAX_CONTROL_PERCENT) },
        ],
        data: { teamId, sharePercent: s.sharePercent, since: s.since },
      };
    }
    const percent = /^(off|关闭|关)$/i.test(word) ? 0 : /^\d{1,3}$/.test(word) ? Number(word) : Number.NaN;
    if (!(percent >= 0 && percent <= MAX_CONTROL_PERCENT))
      return textReply(`${m.badShare(args.trim(), MAX_CONTROL_PERCENT)}\n${m.usage(MAX_CONTROL_PERCENT)}`, {
        errorCode: "bad_share",
      });
    const saved = await saveControlShare(db, {
      teamId,
      sharePercent: percent,
      day: today(ctx),
      by: ctx.requester.managerId,
      at: ctx.app.clock.now(),
    });
    ctx.app.logger.info(
      { teamId, sharePercent: percent, by: ctx.requester.managerId },
      "control group share set",
    );
    return {
      blocks:
        percent === 0
          ? [{ type: "text", text: m.off }]
          : [
              { type: "text", text: m.set(percent, saved.since ?? today(ctx)) },
              { type: "notice", text: m.explain(MAX_CONTROL_PERCENT) },
            ],
      data: { teamId, sharePercent: saved.sharePercent, since: saved.since },
    };
  },
};
