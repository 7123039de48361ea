import type { SqlHandle } from "./sql-handle.js";

/**
 * Who is asking and which team a chat belongs to, read with the SQL handle: every message asks
 * this, so it must not wait for the Prisma client to load (a CLI `ask` may need nothing else).
 */
export interface ManagerRow {
  id: string;
  name: string;
  teamId: string;
  role: string;
}

/** The chat-platform id columns of `Manager` (and `id` for the console). */
export type ManagerKey =
  | "id"
  | "telegramUserId"
  | "slackUserId"
  | "wecomUserId"
  | "feishuUserId"
  | "dingtalkUserId";

/** The manager whose `key` column holds `value`, if any. */
export function managerBy(db: SqlHandle, key: ManagerKey, value: string): Promise<ManagerRow | undefined> {
  return db.get<ManagerRow>(
    `SELECT "id", "name", "teamId", "role" FROM "Manager" WHERE "${key}" = ? ORDER BY "id" LIMIT 1`,
    [value],
  );
}

/** The console's default speaker: the first team lead by id, else the first manager, else none. */
export async function firstManagerId(db: SqlHandle): Promise<string | null> {
  const row = await db.get<{ id: string }>(
    `SELECT "id" FROM "Manager" ORDER BY CASE WHEN "role" = 'lead' THEN 0 ELSE 1 END, "id" LIMIT 1`,
  );
  return row?.id ?? null;
}

/** The ids of a team's managers. */
export async function teamManagerIds(db: SqlHandle, teamId: string): Promise<string[]> {
  const rows = await db.all<{ id: string }>(`SELECT "id" FROM "Manager" WHERE "teamId" = ? ORDER BY "id"`, [
    teamId,
  ]);
  return rows.map((r) => r.id);
}

/** The team a group chat is bound to (null: not bound). */
export async function chatGroupTeamId(db: SqlHandle, groupId: string): Promise<string | null> {
  const row = await db.get<{ teamId: string }>(`SELECT "teamId" FROM "ChatGroup" WHERE "id" = ?`, [groupId]);
  return row?.teamId ?? null;
}

/** A team's name (null: no such team). */
export async function teamName(db: SqlHandle, teamId: string): Promise<string | null> {
  const row = await db.get<{ name: string }>(`SELECT "name" FROM "Team" WHERE "id" = ?`, [teamId]);
  return row?.name ?? null;
}

/** A team's managers, in id order. */
export function teamManagers(db: SqlHandle, teamId: string): Promise<{ id: string; name: string }[]> {
  return db.all<{ id: string; name: string }>(
    `SELECT "id", "name" FROM "Manager" WHERE "teamId" = ? ORDER BY "id"`,
    [teamId],
  );
}

/** The `Manager` columns holding a chat platform's user id. */
export type ChatIdColumn = Exclude<ManagerKey, "id">;

const CHAT_ID_COLUMNS = [
  "telegramUserId",
  "slackUserId",
  "wecomUserId",
  "feishuUserId",
  "dingtalkUserId",
] as const satisfies readonly ChatIdColumn[];

/** A manager with the chat accounts bound to them (null: none on that platform). */
export type ManagerWithChatIds = ManagerRow & Record<ChatIdColumn, string | null>;

const WITH_CHAT_IDS = `"id", "name", "teamId", "role", ${CHAT_ID_COLUMNS.map((c) => `"${c}"`).join(", ")}`;

/** A manager and their chat accounts, by id. */
export function managerWithChatIds(db: SqlHandle, id: string): Promise<ManagerWithChatIds | undefined> {
  return db.get<ManagerWithChatIds>(`SELECT ${WITH_CHAT_IDS} FROM "Manager" WHERE "id" = ?`, [id]);
}

/** A team's leads and their chat accounts, in id order. */
export function teamLeads(db: SqlHandle, teamId: string): Promise<ManagerWithChatIds[]> {
  return db.all<ManagerWithChatIds>(
    `SELECT ${WITH_CHAT_IDS} FROM "Manager" WHERE "teamId" = ? AND "role" = 'lead' ORDER BY "id"`,
    [teamId],
  );
}

/** Stores a chat account on a manager (a unique column: one account binds one manager). */
export async function setManagerChatId(
  db: SqlHandle,
  managerId: string,
  column: ChatIdColumn,
  userId: string,
): Promise<void> {
  await db.run(`UPDATE "Manager" SET "${column}" = ? WHERE "id" = ?`, [userId, managerId]);
}

/** The first lead of a team, in id order (undefined: the team has none). */
export function teamLead(db: SqlHandle, teamId: string): Promise<ManagerRow | undefined> {
  return db.get<ManagerRow>(
    `SELECT "id", "name", "teamId", "role" FROM "Manager" WHERE "teamId" = ? AND "role" = 'lead' ORDER BY "id" LIMIT 1`,
    [teamId],
  );
}
