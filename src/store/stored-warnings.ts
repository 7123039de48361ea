/**
 * The daily job's stored warnings of a day, as the risk list reads them, on the SQL handle (either
 * store): each warning with its customer's columns and the stage and do-not-chase verdict stored
 * beside it, ordered by customer; and the codes one customer had on a day.
 */
import type { CustomerProfile } from "../domain/customer.js";
import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";

/** One stored warning with its customer: the flag is 0/1 on SQLite and a boolean on PostgreSQL. */
export interface StoredWarningRow extends Omit<CustomerProfile, "lunarBirthday"> {
  lunarBirthday: number | boolean;
  code: string;
  level: number;
  /** JSON, as stored. */
  evidence: string;
  /** Null on rows of a run older than the stored stage. */
  stage: string | null;
  /** JSON of the do-not-chase reasons; null like `stage`. */
  doNotChase: string | null;
}

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
  return db.all<StoredWarningRow>(
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
  return db.all<StoredWarningRow>(
    `SELECT ${COLUMNS} ${FROM} WHERE c."id" IN ${idList(db)} ORDER BY c."id", w."code"`,
    [day, JSON.stringify(customerIds)],
  );
}

/** The codes of one customer's stored warnings on day D. */
export async function warningCodesOn(db: SqlHandle, day: string, customerId: string): Promise<string[]> {
  const rows = await db.all<{ code: string }>(
    `SELECT "code" FROM "Warning" WHERE "day" = ? AND "customerId" = ? ORDER BY "code"`,
    [day, customerId],
  );
  return rows.map((r) => r.code);
}
