import type { IncomingMessage } from "../chat/message.js";
import { USER_ID_FIELD } from "../services/identity/chat-platforms.js";
import { managerBy, teamManagerIds } from "../store/managers.js";
import type { SqlHandle } from "../store/sql-handle.js";

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
export async function resolveRequester(db: SqlHandle, message: IncomingMessage): Promise<Requester | null> {
  const manager =
    message.platform === "console"
      ? await managerBy(db, "id", message.userId)
      : await managerBy(db, USER_ID_FIELD[message.platform], message.userId);
  if (!manager) return null;
  return {
    managerId: manager.id,
    name: manager.name,
    teamId: manager.teamId,
    role: manager.role === "lead" ? "lead" : "manager",
  };
}

/** The managers whose customers a requester may see: their own, or the whole team for a lead. */
export async function visibleManagerIds(db: SqlHandle, requester: Requester): Promise<string[]> {
  if (requester.role !== "lead") return [requester.managerId];
  return teamManagerIds(db, requester.teamId);
}
