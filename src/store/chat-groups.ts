import type { SqlHandle } from "./sql-handle.js";

/** A group chat bound to a team with a briefing time, as the briefing scheduler reads it. */
export interface SubscribedGroupRow {
  id: string;
  platform: string;
  chatId: string;
  teamId: string;
  title: string;
  timeZone: string;
  briefTime: string;
  /** A DingTalk custom robot's signing secret (other groups: none). */
  webhookSecret?: string | null;
}

/** The groups subscribed to briefings (a team and a time), on these platforms when given. */
export async function subscribedGroupRows(
  db: SqlHandle,
  platforms?: readonly string[],
): Promise<SubscribedGroupRow[]> {
  const onPlatforms =
    platforms === undefined ? "" : ` AND "platform" IN (${platforms.map(() => "?").join(", ") || "NULL"})`;
  return db.all<SubscribedGroupRow>(
    `SELECT "id", "platform", "chatId", "teamId", "title", "timeZone", "briefTime", "webhookSecret"
     FROM "ChatGroup" WHERE "briefTime" IS NOT NULL AND "teamId" IS NOT NULL${onPlatforms} ORDER BY "id"`,
    platforms ?? [],
  );
}
