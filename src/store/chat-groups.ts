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

/** A group chat as stored, with the name of the team it is bound to. */
export interface ChatGroupRow {
  id: string;
  platform: string;
  chatId: string;
  title: string;
  /** null: not bound to a team. */
  teamId: string | null;
  teamName: string | null;
  timeZone: string;
  /** HH:mm local; null: no briefing. */
  briefTime: string | null;
  webhookSecret: string | null;
}

/** The group chat `id` ("<platform>:<chat id>"), if the store knows it. */
export function chatGroup(db: SqlHandle, id: string): Promise<ChatGroupRow | undefined> {
  return db.get<ChatGroupRow>(
    `SELECT g."id", g."platform", g."chatId", g."title", g."teamId", t."name" AS "teamName", g."timeZone",
            g."briefTime", g."webhookSecret"
     FROM "ChatGroup" g LEFT JOIN "Team" t ON t."id" = g."teamId" WHERE g."id" = ?`,
    [id],
  );
}

/** How `bindChatGroup` treats a group already bound to another team. */
export type RebindPolicy = "keep" | "replace";

const BIND = `INSERT INTO "ChatGroup" ("id", "platform", "chatId", "teamId", "boundAt", "webhookSecret")
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT ("id") DO UPDATE SET "teamId" = excluded."teamId", "boundAt" = excluded."boundAt",
    "webhookSecret" = coalesce(excluded."webhookSecret", "ChatGroup"."webhookSecret")`;

/**
 * Binds a group chat to a team (created when new; a webhook secret kept unless a new one is
 * given). With `keep`, a group bound to another team is left alone, even one bound a moment ago
 * by another instance: false then.
 */
export async function bindChatGroup(
  db: SqlHandle,
  group: {
    id: string;
    platform: string;
    chatId: string;
    teamId: string;
    boundAt: Date;
    webhookSecret: string | null;
  },
  policy: RebindPolicy,
): Promise<boolean> {
  const text =
    policy === "replace"
      ? BIND
      : `${BIND} WHERE "ChatGroup"."teamId" IS NULL OR "ChatGroup"."teamId" = excluded."teamId"`;
  const changed = await db.run(text, [
    group.id,
    group.platform,
    group.chatId,
    group.teamId,
    group.boundAt,
    group.webhookSecret,
  ]);
  return changed === 1;
}

/** Sets a group's briefing time (null: none); the group's time zone, or null when there is no such group. */
export async function setGroupBriefTime(
  db: SqlHandle,
  id: string,
  briefTime: string | null,
): Promise<string | null> {
  const row = await db.get<{ timeZone: string }>(
    `UPDATE "ChatGroup" SET "briefTime" = ? WHERE "id" = ? RETURNING "timeZone"`,
    [briefTime, id],
  );
  return row?.timeZone ?? null;
}

/** Sets the time zone a group's briefing time is read in; false when there is no such group. */
export async function setGroupTimeZone(db: SqlHandle, id: string, timeZone: string): Promise<boolean> {
  return (await db.run(`UPDATE "ChatGroup" SET "timeZone" = ? WHERE "id" = ?`, [timeZone, id])) === 1;
}
