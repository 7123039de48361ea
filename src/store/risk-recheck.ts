import type { SqliteDatabase } from "./database.js";
import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";

/**
 * `RiskRecheck` names the few customers a `/risk` page must look at before it counts a manager's
 * ranked rows (`WarningRank`) by the index alone: those with an outcome that may take them off the
 * list (kept under their current manager), and those taken from a manager (their ranked rows still
 * name that manager). Triggers keep it, so every writer (Prisma, raw SQL, the demo) counts: on
 * SQLite these below, which come with the migration and are re-created on every open (like the
 * input triggers); on PostgreSQL the same rules as PL/pgSQL in the migration
 * `20261202140000_risk_recheck_triggers` (decision 014; a change here changes both).
 *
 * A row matters for a page of day D listed from day L (L ≤ D) only if `until` > D and `lastDay` ≥ L.
 * `lastDay` is how the many customers who were lost and then left stay out of every page's look:
 * the daily job ranks only current customers, with their current manager, so once a customer has
 * left (or been moved or deleted) only the days already ranked, or being ranked, can list them
 * under that manager: the horizon below. A row is never narrower than that (a stale one costs a
 * look, never a wrong answer).
 */
export const ALWAYS = "9999-12-31";

/** The latest day ranked or being ranked now: no later list can hold a customer who left before. */
const HORIZON = `max(coalesce((SELECT MAX("day") FROM "WarningRank"), ''),
  coalesce((SELECT MAX("day") FROM "WarningRun" WHERE "status" = 'running'), ''))`;

/**
 * The first day on which outcome `o` can no longer take its customer off the list (follow-up.ts):
 * lost → never; snoozed → the day the snooze ends; any outcome → the day after it was logged. A day
 * SQLite cannot read counts as never (looked at every time rather than missed).
 */
export const recheckUntil = (o: string) =>
  `COALESCE(CASE WHEN ${o}."kind" = 'lost' THEN '${ALWAYS}'
     WHEN ${o}."kind" = 'snoozed' AND ${o}."snoozeUntil" > date(${o}."day", '+1 day') THEN ${o}."snoozeUntil"
     ELSE date(${o}."day", '+1 day') END, '${ALWAYS}')`;

/** The last list day a row lasting until `until` matters for, given the customer's `status` now. */
export const lastDayOf = (until: string, status: string) =>
  `COALESCE(CASE WHEN ${status} = 'left' THEN min(date(${until}, '-1 day'), ${HORIZON})
    ELSE date(${until}, '-1 day') END, '${ALWAYS}')`;

const WIDEN = `ON CONFLICT ("managerId", "customerId") DO UPDATE SET "until" = max("until", excluded."until"),
    "lastDay" = max("lastDay", excluded."lastDay")`;
/** Taken from the manager: every list day already ranked (or being ranked) may name them. */
const TAKEN = (ref: "OLD") => `INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
  VALUES (${ref}."managerId", ${ref}."id", '${ALWAYS}', ${HORIZON})
  ON CONFLICT ("managerId", "customerId") DO UPDATE SET "until" = '${ALWAYS}', "lastDay" = excluded."lastDay";`;

export const RISK_RECHECK_TRIGGERS = [
  ...["INSERT", "UPDATE"].map(
    (
      event,
    ) => `CREATE TRIGGER IF NOT EXISTS "Outcome_${event.toLowerCase()}_recheck" AFTER ${event} ON "Outcome" BEGIN
  INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
  SELECT c."managerId", c."id", u, ${lastDayOf("u", 'c."status"')}
  FROM "Customer" c, (SELECT ${recheckUntil("NEW")} AS u) WHERE c."id" = NEW."customerId"
  ${WIDEN};
END;`,
  ),
  `CREATE TRIGGER IF NOT EXISTS "Customer_moved_recheck" AFTER UPDATE OF "managerId" ON "Customer"
WHEN OLD."managerId" IS NOT NEW."managerId" BEGIN
  ${TAKEN("OLD")}
  INSERT INTO "RiskRecheck" ("managerId", "customerId", "until", "lastDay")
  SELECT NEW."managerId", NEW."id", u, ${lastDayOf("u", 'NEW."status"')}
  FROM (SELECT MAX(${recheckUntil("o")}) AS u FROM "Outcome" o WHERE o."customerId" = NEW."id") WHERE u IS NOT NULL
  ${WIDEN};
END;`,
  `CREATE TRIGGER IF NOT EXISTS "Customer_left_recheck" AFTER UPDATE OF "status" ON "Customer"
WHEN (OLD."status" = 'left') IS NOT (NEW."status" = 'left') BEGIN
  UPDATE "RiskRecheck" SET "lastDay" = ${lastDayOf('"until"', 'NEW."status"')}
  WHERE "managerId" = NEW."managerId" AND "customerId" = NEW."id";
END;`,
  `CREATE TRIGGER IF NOT EXISTS "Customer_deleted_recheck" AFTER DELETE ON "Customer" BEGIN
  ${TAKEN("OLD")}
END;`,
];

const TRIGGER_NAMES = RISK_RECHECK_TRIGGERS.map((t) => /"(\w+_recheck)"/.exec(t)![1]!);

export function trackRiskRechecks(sql: SqliteDatabase): void {
  const hasTable = sql
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'RiskRecheck'")
    .get();
  if (!hasTable) return;
  for (const trigger of RISK_RECHECK_TRIGGERS) sql.exec(trigger);
}

/** Drops the triggers (a wholesale delete of customers would log one row each); re-create after. */
export function dropRiskRechecks(sql: SqliteDatabase): void {
  for (const name of TRIGGER_NAMES) sql.exec(`DROP TRIGGER IF EXISTS "${name}"`);
}

/** A ranked customer of day D a page must look at, with the manager their row names and their own now. */
export interface RankedRecheck {
  customerId: string;
  /** The manager the ranked row names. */
  rankedManagerId: string;
  /** The customer's manager now (null: the customer is gone). */
  managerId: string | null;
}

/** From the few rechecks to their ranked rows, never the other way round (SQLite keeps a CROSS JOIN's order). */
const RECHECK_TO_RANK = { sqlite: "CROSS JOIN", postgres: "JOIN" } as const;

/** The rechecks' FROM and WHERE, with parameters (listDay, managerIds as JSON, listDay, day). */
const RECHECKS_FROM = (db: SqlHandle) => `FROM "RiskRecheck" k
     ${RECHECK_TO_RANK[db.dialect]} "WarningRank" r ON r."day" = ? AND r."customerId" = k."customerId" AND r."managerId" = k."managerId"
     LEFT JOIN "Customer" c ON c."id" = k."customerId"
     WHERE k."managerId" IN ${idList(db)} AND k."lastDay" >= ? AND k."until" > ?`;

const rechecksParams = (listDay: string, managerIds: readonly string[], day: string) => [
  listDay,
  JSON.stringify(managerIds),
  listDay,
  day,
];

/**
 * The customers ranked on `listDay` under these managers that must be looked at on day `day`:
 * rechecks of these managers that matter then, joined to their ranked row and their customer.
 */
export function rankedRechecks(
  db: SqlHandle,
  listDay: string,
  managerIds: readonly string[],
  day: string,
): Promise<RankedRecheck[]> {
  return db.all<RankedRecheck>(
    `SELECT k."customerId", r."managerId" AS "rankedManagerId", c."managerId" ${RECHECKS_FROM(db)}`,
    rechecksParams(listDay, managerIds, day),
  );
}

/** The rechecks as one JSON text column (null: none), for a statement that reads them beside other facts. */
const RECHECKS_JSON = {
  sqlite: `json_group_array(json_object('customerId', k."customerId", 'rankedManagerId', r."managerId", 'managerId', c."managerId"))`,
  postgres: `CAST(json_agg(json_build_object('customerId', k."customerId", 'rankedManagerId', r."managerId", 'managerId', c."managerId")) AS text)`,
} as const;

/** `rankedRechecks` as a scalar subquery (one JSON text) and its parameters; read with `rechecksOfJson`. */
export function rankedRechecksColumn(
  db: SqlHandle,
  listDay: string,
  managerIds: readonly string[],
  day: string,
): { text: string; params: string[] } {
  return {
    text: `(SELECT ${RECHECKS_JSON[db.dialect]} ${RECHECKS_FROM(db)})`,
    params: rechecksParams(listDay, managerIds, day),
  };
}

/** The rechecks of a `rankedRechecksColumn` value (SQLite gives `[]` for none, PostgreSQL null). */
export function rechecksOfJson(value: string | null | undefined): RankedRecheck[] {
  return value == null ? [] : (JSON.parse(value) as RankedRecheck[]);
}
