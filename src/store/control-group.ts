/**
 * The control group's settings per team and the facts its report counts (issue 16 item 5). The
 * held-out customers themselves are never stored: they follow from the settings by a hash
 * (domain/control-group.ts), so nothing here changes when lists are read.
 */
import { randomBytes } from "node:crypto";
import type { ControlSettings } from "../domain/control-group.js";
import { addDays } from "../domain/dates.js";
import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";

/** Whether any team holds customers out (the common case, none, costs one indexed lookup). */
export async function anyControlGroup(db: SqlHandle): Promise<boolean> {
  return (
    (await db.get(`SELECT 1 AS "one" FROM "ControlGroup" WHERE "sharePercent" > 0 LIMIT 1`)) !== undefined
  );
}

/** The settings of these teams that hold customers out now (share above 0). */
export function activeControlSettings(db: SqlHandle, teamIds: readonly string[]): Promise<ControlSettings[]> {
  return db.all<ControlSettings>(
    `SELECT "teamId", "sharePercent", "salt", "since" FROM "ControlGroup"
     WHERE "sharePercent" > 0 AND "teamId" IN ${idList(db)}`,
    [JSON.stringify(teamIds)],
  );
}

/** A team's settings; a team that never set a share has 0 %. */
export async function controlSettingsOf(db: SqlHandle, teamId: string): Promise<ControlSettings> {
  const row = await db.get<ControlSettings>(
    `SELECT "teamId", "sharePercent", "salt", "since" FROM "ControlGroup" WHERE "teamId" = ?`,
    [teamId],
  );
  return row ?? { teamId, sharePercent: 0, salt: "", since: null };
}

/**
 * Sets a team's share. The salt is drawn once per team and kept; the start day is set when the
 * share goes from 0 to more, kept while it changes between shares, and cleared at 0. One
 * statement decides from the stored row, so two leads setting it at once keep one salt and one
 * start day; it returns what is stored.
 */
export async function saveControlShare(
  db: SqlHandle,
  change: { teamId: string; sharePercent: number; day: string; by: string; at: Date },
): Promise<ControlSettings> {
  const row = await db.get<ControlSettings>(
    `INSERT INTO "ControlGroup" ("teamId", "sharePercent", "salt", "since", "updatedBy", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT ("teamId") DO UPDATE SET "sharePercent" = excluded."sharePercent",
       "since" = CASE WHEN excluded."sharePercent" = 0 THEN NULL
         WHEN "ControlGroup"."sharePercent" > 0 AND "ControlGroup"."since" IS NOT NULL THEN "ControlGroup"."since"
         ELSE excluded."since" END,
       "updatedBy" = excluded."updatedBy", "updatedAt" = excluded."updatedAt"
     RETURNING "teamId", "sharePercent", "salt", "since"`,
    [
      change.teamId,
      change.sharePercent,
      randomBytes(16).toString("hex"),
      change.sharePercent === 0 ? null : change.day,
      change.by,
      change.at,
    ],
  );
  if (!row) throw new Error(`the control group of ${change.teamId} was not saved`);
  return row;
}

/** Which of these customers had a warning on `day`. */
export async function warnedOn(
  db: SqlHandle,
  customerIds: readonly string[],
  day: string,
): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await db.all<{ customerId: string }>(
    `SELECT DISTINCT "customerId" FROM "Warning" WHERE "day" = ? AND "customerId" IN ${idList(db)}`,
    [day, JSON.stringify(customerIds)],
  );
  return new Set(rows.map((r) => r.customerId));
}

/** The team (by current manager) of each of these customers. */
export async function teamsOfCustomers(
  db: SqlHandle,
  customerIds: readonly string[],
): Promise<Map<string, string>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db.all<{ id: string; teamId: string }>(
    `SELECT c."id", m."teamId" FROM "Customer" c JOIN "Manager" m ON m."id" = c."managerId" WHERE c."id" IN ${idList(db)}`,
    [JSON.stringify(customerIds)],
  );
  return new Map(rows.map((r) => [r.id, r.teamId]));
}

/** A customer of the team warned in the window: when first, and what became of them. */
export interface WarnedCustomerRow {
  customerId: string;
  /** The first day in the window with a warning. */
  firstDay: string;
  /** Warned the day before the control group began (never held out). */
  warnedBeforeStart: 0 | 1;
  /** An outcome (contacted, retained, lost, unreachable) logged on or after `firstDay`. */
  contacted: 0 | 1;
  /** Left (离网) on or after `firstDay`. */
  churned: 0 | 1;
}

/**
 * Every customer of the team with a warning from `from` to `to`, for the control-group report: a
 * customer counts for the team when ranked under one of its managers on a warned day (the day's
 * `WarningRank` row, written with the warnings, names the manager of the day). Days whose warnings
 * have no ranked rows (written before there were any) count the customers by current manager.
 * `dayBeforeStart` null: nobody counts as warned before the start.
 */
export async function warnedCustomersOfTeam(
  db: SqlHandle,
  teamId: string,
  from: string,
  to: string,
  dayBeforeStart: string | null,
): Promise<WarnedCustomerRow[]> {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const unranked = new Set(await unrankedWarningDays(db, days));
  const ranked = days.filter((d) => !unranked.has(d));
  // Ranked days: the team's managers' ranked rows, an index range per day and manager. Other days:
  // the team's customers looked up in `Warning`'s (day, customer) key (it has no index by customer,
  // decision 029), in this order on SQLite. CASE … THEN 1 ELSE 0: a number on
  // both stores (PostgreSQL's EXISTS is a boolean).
  const join = IN_ORDER[db.dialect];
  return db.all<WarnedCustomerRow>(
    `WITH warned AS (
       SELECT u."customerId", min(u."day") AS "firstDay" FROM (
         SELECT r."customerId", r."day" FROM ${DAYS[db.dialect]} CROSS JOIN "Manager" m
           ${join} "WarningRank" r ON r."day" = d."day" AND r."managerId" = m."id"
         WHERE m."teamId" = ? AND NOT r."modelOnly"
         UNION ALL
         SELECT c."id", w."day" FROM ${DAYS[db.dialect]} CROSS JOIN "Manager" m
           ${join} "Customer" c ON c."managerId" = m."id"
           ${join} "Warning" w ON w."day" = d."day" AND w."customerId" = c."id"
         WHERE m."teamId" = ?) u
       GROUP BY u."customerId")
     SELECT warned."customerId", warned."firstDay",
       CASE WHEN EXISTS (SELECT 1 FROM "Warning" b WHERE b."day" = ? AND b."customerId" = warned."customerId")
         THEN 1 ELSE 0 END AS "warnedBeforeStart",
       CASE WHEN EXISTS (SELECT 1 FROM "Outcome" o WHERE o."customerId" = warned."customerId"
         AND o."day" >= warned."firstDay" AND o."kind" IN ('contacted', 'retained', 'lost', 'unreachable'))
         THEN 1 ELSE 0 END AS "contacted",
       CASE WHEN c."status" = 'left' AND coalesce(c."leftDate", '') >= warned."firstDay"
         THEN 1 ELSE 0 END AS "churned"
     FROM warned JOIN "Customer" c ON c."id" = warned."customerId"
     ORDER BY warned."customerId"`,
    [JSON.stringify(ranked), teamId, JSON.stringify([...unranked]), teamId, dayBeforeStart ?? ""],
  );
}

/** A join SQLite loops over in the order written (PostgreSQL plans its own: it has statistics). */
const IN_ORDER = { sqlite: "CROSS JOIN", postgres: "JOIN" } as const;

/** The days of a JSON array as a table `d` ("day"). */
const DAYS = {
  sqlite: `(SELECT value AS "day" FROM json_each(?)) d`,
  postgres: `(SELECT jsonb_array_elements_text(CAST(? AS jsonb)) AS "day") d`,
} as const;

/** Which of these days have warnings but no ranked rows (two look-ups a day). */
async function unrankedWarningDays(db: SqlHandle, days: readonly string[]): Promise<string[]> {
  const rows = await db.all<{ day: string }>(
    `SELECT d."day" FROM ${DAYS[db.dialect]}
     WHERE EXISTS (SELECT 1 FROM "Warning" w WHERE w."day" = d."day")
       AND NOT EXISTS (SELECT 1 FROM "WarningRank" r WHERE r."day" = d."day")`,
    [JSON.stringify(days)],
  );
  return rows.map((r) => r.day);
}
