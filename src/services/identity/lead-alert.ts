/**
 * Security alerts to a manager's team lead, sent as a direct message on every configured platform
 * where the lead is bound. Always logged, delivered or not.
 */
import type { Logger } from "../../logger.js";
import type { Result } from "../../result.js";
import { managerBy, teamLeads } from "../../store/managers.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { type ChatPlatform, USER_ID_FIELD } from "./chat-platforms.js";

/** Sends a plain-text message to a person by their user id (built by the adapters layer). */
export interface DirectSender {
  readonly platform: ChatPlatform;
  sendText(userId: string, text: string): Promise<Result<void, string>>;
}

/** Sends `text` to the leads of the team of `managerId`; returns how many messages went out. */
export async function alertLeadOf(
  deps: { db: SqlHandle; senders: readonly DirectSender[]; logger: Logger },
  managerId: string,
  text: string,
): Promise<number> {
  // The id as typed, or upper-cased (employee ids are stored upper-case).
  const manager =
    (await managerBy(deps.db, "id", managerId)) ?? (await managerBy(deps.db, "id", managerId.toUpperCase()));
  if (!manager) return 0;
  const leads = await teamLeads(deps.db, manager.teamId);
  let sent = 0;
  for (const lead of leads) {
    for (const sender of deps.senders) {
      const userId = lead[USER_ID_FIELD[sender.platform]];
      if (!userId) continue;
      const posted = await sender.sendText(userId, text);
      if (posted.ok) sent++;
      else
        deps.logger.warn(
          { lead: lead.id, platform: sender.platform, error: posted.error },
          "lead alert failed",
        );
    }
  }
  deps.logger.warn(
    { managerId: manager.id, leads: leads.map((l) => l.id), sent },
    "security alert to the team lead",
  );
  return sent;
}
