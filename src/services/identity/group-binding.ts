import { err, ok, type Result } from "../../result.js";
import type { PrismaClient } from "../../store/database.js";
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

/** Binds a group chat to a team, so its members may ask there and it can receive briefings. */
export async function bindGroup(
  prisma: PrismaClient,
  request: GroupBindingRequest,
): Promise<Result<GroupBindingOutcome, GroupBindingFailure>> {
  const team = await prisma.team.findUnique({ where: { id: request.teamId } });
  if (!team) return err({ code: "unknown_team", teamId: request.teamId });
  const id = chatGroupId(request.platform, request.chatId);
  const existing = await prisma.chatGroup.findUnique({ where: { id }, include: { team: true } });
  if (existing?.teamId === team.id && !request.webhookSecret)
    return ok({ status: "already_bound", teamName: team.name });
  if (existing?.teamId && !request.replace)
    return err({
      code: "bound_elsewhere",
      teamId: existing.teamId,
      teamName: existing.team?.name ?? existing.teamId,
    });
  const secret = request.webhookSecret ? { webhookSecret: request.webhookSecret } : {};
  await prisma.chatGroup.upsert({
    where: { id },
    create: {
      id,
      platform: request.platform,
      chatId: request.chatId,
      teamId: team.id,
      boundAt: request.now,
      ...secret,
    },
    update: { teamId: team.id, boundAt: request.now, ...secret },
  });
  return ok({ status: "bound", teamName: team.name, previousTeamId: existing?.teamId ?? null });
}
