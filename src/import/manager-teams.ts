import type { SqliteDatabase } from "../store/database.js";
import type { IssueCode } from "./types.js";

export interface RowProblem {
  column: string | null;
  code: IssueCode;
  detail?: string;
}

/** What a managers import does beyond the upsert: chat ids stay unique, teams appear as needed. */
export interface ManagerHooks {
  check(row: Record<string, unknown>, line: number): RowProblem[];
  beforeWrite(row: Record<string, unknown>): void;
  teamsCreated(): number;
}

export function managerHooks(sql: SqliteDatabase): ManagerHooks {
  const telegramOwner = sql
    .prepare(`SELECT "id" FROM "Manager" WHERE "telegramUserId" = ? AND "id" <> ?`)
    .pluck();
  const slackOwner = sql.prepare(`SELECT "id" FROM "Manager" WHERE "slackUserId" = ? AND "id" <> ?`).pluck();
  const createTeam = sql.prepare(
    `INSERT INTO "Team" ("id", "name") VALUES (?, ?) ON CONFLICT ("id") DO NOTHING`,
  );
  const renameTeam = sql.prepare(`UPDATE "Team" SET "name" = ? WHERE "id" = ? AND "name" IS NOT ?`);
  let created = 0;
  // Checked here, before the team is created, so a duplicate row leaves no team behind.
  const seen = new Map<string, number>();
  return {
    check(row, line) {
      const problems: RowProblem[] = [];
      const earlier = seen.get(row.manager_id as string);
      if (earlier !== undefined)
        return [{ column: "manager_id", code: "duplicate_key", detail: String(earlier) }];
      // A chat identity maps to one manager; the store's unique index would otherwise abort the file.
      const owners: [string, unknown, typeof telegramOwner][] = [
        ["telegram_user_id", row.telegram_user_id, telegramOwner],
        ["slack_user_id", row.slack_user_id, slackOwner],
      ];
      for (const [column, value, owner] of owners) {
        if (typeof value !== "string") continue;
        const other = owner.get(value, row.manager_id) as string | undefined;
        if (other !== undefined) problems.push({ column, code: "chat_id_taken", detail: other });
      }
      if (problems.length === 0) seen.set(row.manager_id as string, line);
      return problems;
    },
    beforeWrite(row) {
      const teamId = row.team_id as string;
      const teamName = typeof row.team_name === "string" ? row.team_name : null;
      if (createTeam.run(teamId, teamName ?? teamId).changes === 1) created++;
      else if (teamName !== null) renameTeam.run(teamName, teamId, teamName);
    },
    teamsCreated: () => created,
  };
}
