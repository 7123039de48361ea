import { err, ok, type Result } from "../../result.js";
import { bindChatGroup, chatGroup } from "../../store/chat-groups.js";
import { teamName } from "../../store/managers.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import type { ChatPlatform } from "./chat-platforms.js";

export interface GroupBindingRequest {
  platform: ChatPlatform;
  chatId: string;
  teamId: string;
  now: Date;
  /** Rebind a group bound to another team (operators); a lead's /bindgroup never does. */
  replace?: boolean;
  /** A DingTalk custom robot's signing secret, kept with the group (operators' bind-group). */
  webhookSecret?: string;
}

export type GroupBindingOutcome =
  | { status: "bound"; teamName: string; previousTeamId: string | null }
  | { status: "already_bound"; teamName: string };

export type GroupBindingFailure =
  | { code: "unknown_team"; teamId: string }
  | { code: "bound_elsewhere"; teamId: string; teamName: string };

/** The ChatGroup id: "<platform>:<chat id>", as the command layer looks groups up. */
export const chatGroupId = (platform: string, chatId: string): string => `${platform}:${chatId}`;

/**
 * Binds a group chat to a team, so its members may ask there and it can receive briefings. One
 * transaction; a group bound to another team meanwhile (another instance) is not taken over.
 */
export function bindGroup(
  db: SqlHandle,
  request: GroupBindingRequest,
): Promise<Result<GroupBindingOutcome, GroupBindingFailure>> {
  return db.transaction(async (tx) => {
    const name = await teamName(tx, request.teamId);
    if (name === null) return err({ code: "unknown_team" as const, teamId: request.teamId });
    const id = chatGroupId(request.platform, request.chatId);
    const elsewhere = async () => {
      const group = await chatGroup(tx, id);
      const teamId = group?.teamId ?? request.teamId;
      return err({ code: "bound_elsewhere" as const, teamId, teamName: group?.teamName ?? teamId });
    };
    const existing = await chatGroup(tx, id);
    if (existing?.teamId === request.teamId && !request.webhookSecret)
      return ok({ status: "already_bound" as const, teamName: name });
    if (existing?.teamId && existing.teamId !== request.teamId && !request.replace) return elsewhere();
    const bound = await bindChatGroup(
      tx,
      {
        id,
        platform: request.platform,
        chatId: request.chatId,
        teamId: request.teamId,
        boundAt: request.now,
        webhookSecret: request.webhookSecret ?? null,
      },
      request.replace ? "replace" : "keep",
    );
    if (!bound) return elsewhere();
    return ok({ status: "bound" as const, teamName: name, previousTeamId: existing?.teamId ?? null });
  });
}
