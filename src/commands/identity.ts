import type { IncomingMessage } from "../chat/message.js";
import { USER_ID_FIELD } from "../services/identity/chat-platforms.js";
import type { PrismaClient } from "../store/database.js";

export interface Requester {
  readonly managerId: string;
  readonly name: string;
  readonly teamId: string;
  readonly role: "manager" | "lead";
}

/**
 * The manager behind a chat identity: console (and the CLI) name the manager id directly;
 * chat users (Telegram, Slack, WeCom, Feishu, DingTalk) are mapped through the ids stored on the manager.
 */
export async function resolveRequester(
  prisma: PrismaClient,
  message: IncomingMessage,
): Promise<Requester | null> {
  const where =
    message.platform === "console"
      ? { id: message.userId }
      : { [USER_ID_FIELD[message.platform]]: message.userId };
  const manager = await prisma.manager.findFirst({ where });
  if (!manager) return null;
  return {
    managerId: manager.id,
    name: manager.name,
    teamId: manager.teamId,
    role: manager.role === "lead" ? "lead" : "manager",
  };
}

/** The managers whose customers a requester may see: their own, or the whole team for a lead. */
export async function visibleManagerIds(prisma: PrismaClient, requester: Requester): Promise<string[]> {
  if (requester.role !== "lead") return [requester.managerId];
  const team = await prisma.manager.findMany({ where: { teamId: requester.teamId }, select: { id: true } });
  return team.map((m) => m.id);
}
