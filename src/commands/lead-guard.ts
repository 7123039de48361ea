import { type Reply, textReply } from "../chat/reply.js";
import { messages } from "../i18n/index.js";
import type { CommandContext } from "./command.js";
import type { Requester } from "./identity.js";

/**
 * The one check for lead-only commands, with one message: null when the requester is a team lead
 * (of `teamId`, when a team is named, e.g. the team a group is bound to), else the refusal.
 */
export function refuseUnlessLead(ctx: CommandContext, teamId?: string | null): Reply | null {
  const r: Requester | null = ctx.requester;
  if (r?.role === "lead" && (teamId === undefined || teamId === r.teamId)) return null;
  return textReply(messages(ctx.locale).access.leadsOnly, { errorCode: "leads_only" });
}
