/**
 * Security alerts to a manager's team lead, sent as a direct message on every platform where the
 * lead is bound and a poster can reach a person (Telegram: the private chat id is the user id;
 * Slack: posting to a user id opens the DM). Always logged, delivered or not.
 */
import type { GroupPoster } from "../../briefings/poster.js";
import type { Logger } from "../../logger.js";
import type { PrismaClient } from "../../store/database.js";
import { USER_ID_FIELD } from "./chat-platforms.js";

/** The platforms whose posters reach a person by their user id. */
const DIRECT = new Set(["telegram", "slack"]);

/** Sends `text` to the leads of the team of `managerId`; returns how many messages went out. */
export async function alertLeadOf(
  deps: { prisma: PrismaClient; posters: readonly GroupPoster[]; logger: Logger },
  managerId: string,
  text: string,
): Promise<number> {
  const manager = await deps.prisma.manager.findFirst({
    where: { OR: [{ id: managerId }, { id: managerId.toUpperCase() }] },
  });
  if (!manager) return 0;
  const leads = await deps.prisma.manager.findMany({ where: { teamId: manager.teamId, role: "lead" } });
  let sent = 0;
  for (const lead of leads) {
    for (const poster of deps.posters) {
      if (!DIRECT.has(poster.platform)) continue;
      const userId = lead[USER_ID_FIELD[poster.platform as "telegram" | "slack"]];
      if (!userId) continue;
      const posted = await poster.postBlocks(userId, [{ type: "text", text }]);
      if (posted.ok) sent++;
      else
        deps.logger.warn(
          { lead: lead.id, platform: poster.platform, error: posted.error },
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
