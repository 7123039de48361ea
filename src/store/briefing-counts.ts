/**
 * The counts a team's briefing reports, on the SQL handle (either store): warnings by code and
 * level on a day and the day before, warnings by level over a week, and the outcomes managers
 * logged on a day. PostgreSQL returns sums and counts as bigint text: they are converted here.
 */
import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";

const IN_TEAM = `c."managerId" IN (SELECT "id" FROM "Manager" WHERE "teamId" = ?)`;

export interface WarningCount {
  code: string;
  level: number;
  today: number;
  yesterday: number;
}

/** Warnings of the team's customers by code and level, on `day` and on `yesterday`, by code. */
export async function teamWarningCounts(
  db: SqlHandle,
  teamId: string,
  day: string,
  yesterday: string,
): Promise<WarningCount[]> {
  const rows = await db.all<WarningCount>(
    `SELECT w."code", w."level",
       SUM(CASE WHEN w."day" = ? THEN 1 ELSE 0 END) AS "today",
       SUM(CASE WHEN w."day" = ? THEN 1 ELSE 0 END) AS "yesterday"
     FROM "Warning" w JOIN "Customer" c ON c."id" = w."customerId"
     WHERE w."day" IN (?, ?) AND ${IN_TEAM} GROUP BY w."code", w."level" ORDER BY w."code", w."level"`,
    [day, yesterday, day, yesterday, teamId],
  );
  return rows.map((r) => ({
    code: r.code,
    level: r.level,
    today: Number(r.today),
    yesterday: Number(r.yesterday),
  }));
}

export interface WarningDayCount {
  day: string;
  level1: number;
  level2: number;
}

/** Warnings of the team's customers by level on each day from `first` to `last` that has any. */
export async function teamWarningsByDay(
  db: SqlHandle,
  teamId: string,
  first: string,
  last: string,
): Promise<WarningDayCount[]> {
  const rows = await db.all<WarningDayCount>(
    `SELECT w."day",
       SUM(CASE WHEN w."level" = 1 THEN 1 ELSE 0 END) AS "level1",
       SUM(CASE WHEN w."level" = 2 THEN 1 ELSE 0 END) AS "level2"
     FROM "Warning" w JOIN "Customer" c ON c."id" = w."customerId"
     WHERE w."day" BETWEEN ? AND ? AND ${IN_TEAM} GROUP BY w."day" ORDER BY w."day"`,
    [first, last, teamId],
  );
  return rows.map((r) => ({ day: r.day, level1: Number(r.level1), level2: Number(r.level2) }));
}

export interface OutcomeCount {
  managerId: string;
  kind: string;
  count: number;
}

/** The outcomes these managers logged on the day, counted by manager and kind. */
export async function outcomeCountsOn(
  db: SqlHandle,
  managerIds: readonly string[],
  day: string,
): Promise<OutcomeCount[]> {
  const rows = await db.all<OutcomeCount>(
    `SELECT "managerId", "kind", COUNT(*) AS "count" FROM "Outcome"
     WHERE "managerId" IN ${idList(db)} AND "day" = ? GROUP BY "managerId", "kind" ORDER BY "managerId", "kind"`,
    [JSON.stringify(managerIds), day],
  );
  return rows.map((r) => ({ managerId: r.managerId, kind: r.kind, count: Number(r.count) }));
}
