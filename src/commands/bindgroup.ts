import { type Reply, textReply } from "../chat/reply.js";
import { identityMessages } from "../i18n/identity.js";
import { bindGroup } from "../services/identity/group-binding.js";
import type { CommandDefinition } from "./command.js";
import { refuseUnlessLead } from "./lead-guard.js";
import { bindGroupSpec } from "./specs.js";

/**
 * `/bindgroup`: a team lead binds the group chat it is sent in to their team. Works in groups
 * that are not bound yet; never moves a group bound to another team (an operator does that with
 * `retainbot bind-group`).
 */
export const bindGroupCommand: CommandDefinition = {
  ...bindGroupSpec,
  async run(ctx): Promise<Reply> {
    const m = identityMessages(ctx.locale);
    const { platform, chatId } = ctx.message;
    if (!ctx.inGroup || !chatId || platform === "console")
      return textReply(m.bindGroupOnlyInGroups, { errorCode: "not_in_group" });
    const refusal = refuseUnlessLead(ctx);
    if (refusal) return refusal;

    const result = await bindGroup(ctx.app.store.db, {
      platform,
      chatId,
      teamId: ctx.requester.teamId,
      now: ctx.app.clock.now(),
    });
    if (!result.ok) {
      const name = result.error.code === "bound_elsewhere" ? result.error.teamName : result.error.teamId;
      return textReply(m.groupBoundElsewhere(name), { errorCode: result.error.code });
    }
    if (result.value.status === "already_bound") return textReply(m.groupAlreadyBound(result.value.teamName));
    ctx.app.logger.info({ group: `${platform}:${chatId}`, team: ctx.requester.teamId }, "group bound");
    return textReply(m.groupBound(result.value.teamName), { data: { teamId: ctx.requester.teamId } });
  },
};
