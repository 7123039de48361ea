/**
 * The daily job's stored warnings of a day, as the risk list reads them, on the SQL handle (either
 * store): each warning with its customer's columns and the stage and do-not-chase verdict stored
 * beside it, ordered by customer; and the codes one customer had on a day.
 */
import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";

/**
 * One stored warning with its customer, as an array of values (a list reads thousands: no object
 * per row): the customer's columns in the order of `CustomerProfile` (the flag 0/1 on SQLite, a
 * boolean on PostgreSQL), then the warning's at the indexes below.
 */
export type StoredWarningRow = unknown[];

/** Where the warning's columns are in a StoredWarningRow (the customer's are 0 to 15). */
export const STORED = { code: 16, level: 17, evidence: 18, stage: 19, doNotChase: 20 } as const;

const COLUMNS = `c."id", c."name", c."phone", c."managerId", c."segment", c."groupId", c."vipLevel", c."arpu",
  c."joinDate", c."contractEnd", c."birthday", c."lunarBirthday", c."sensitivity", c."personality", c."status",
  c."points", w."code", w."level", w."evidence", w."stage", w."doNotChase"`;

const FROM = `FROM "Customer" c JOIN "Warning" w ON w."day" = ? AND w."customerId" = c."id"`;

/** The stored warnings of day D of these managers' customers, by customer id. */
export function storedWarningsOfManagers(
  db: SqlHandle,
  day: string,
  managerIds: readonly string[],
): Promise<StoredWarningRow[]> {
  return db.values(
    `SELECT ${COLUMNS} ${FROM} WHERE c."managerId" IN ${idList(db)} ORDER BY c."id", w."code"`,
    [day, JSON.stringify(managerIds)],
  );
}

/** The stored warnings of day D of these customers (those without rows have none), by customer id. */
export function storedWarningsOf(
  db: SqlHandle,
  day: string,
  customerIds: readonly string[],
): Promise<StoredWarningRow[]> {
  return db.values(`SELECT ${COLUMNS} ${FROM} WHERE c."id" IN ${idList(db)} ORDER BY c."id", w."code"`, [
    day,
    JSON.stringify(customerIds),
  ]);
}

/** The codes of one customer's stored warnings on day D. */
export async function warningCodesOn(db: SqlHandle, day: string, customerId: string): Promise<string[]> {
  const rows = await db.all<{ code: string }>(
    `SELECT "code" FROM "Warning" WHERE "day" = ? AND "customerId" = ? ORDER BY "code"`,
    [day, customerId],
  );
  return rows.map((r) => r.code);
}
