/**
 * The daily job's stored warnings of a day, as the risk list reads them, on the SQL handle (either
 * store): each warning with its customer's columns and the stage and do-not-chase verdict stored
 * beside it, ordered by customer, and (for a list) what its follow-up reads in the same statement
 * (for a page, also the day's churn scores); and the codes some customers had on a day.
 */
import { idList } from "./id-list.js";
import type { SqlHandle, SqlParam } from "./sql-handle.js";

/**
 * One stored warning with its customer, as an array of values (a list reads thousands: no object
 * per row): the customer's columns in the order of `CustomerProfile` (the flag 0/1 on SQLite, a
 * boolean on PostgreSQL), then the warning's at the indexes below.
 */
export type StoredWarningRow = unknown[];

/**
 * Where the warning's columns are in a StoredWarningRow (the customer's are 0 to 15); a list's rows
 * (`storedListOf…`) also hold its follow-up facts: the first day of the warning's run (its
 * since-day) and the customer's outcomes up to D (a JSON array of OUTCOME_FIELDS arrays, null: none).
 */
export const STORED = {
  code: 16,
  level: 17,
  evidence: 18,
  stage: 19,
  doNotChase: 20,
  sinceDay: 21,
  outcomes: 22,
  /** A page's rows read with the day's churn scores (`withScores`): null when the customer has none. */
  scoreProbability: 23,
  scoreReasons: 24,
  scoreModelVersion: 25,
} as const;

/** The Outcome columns in each array of STORED.outcomes. */
export const OUTCOME_FIELDS = [
  "id",
  "managerId",
  "kind",
  "day",
  "snoozeUntil",
  "lostReason",
  "note",
] as const;

const COLUMNS = `c."id", c."name", c."phone", c."managerId", c."segment", c."groupId", c."vipLevel", c."arpu",
  c."joinDate", c."contractEnd", c."birthday", c."lunarBirthday", c."sensitivity", c."personality", c."status",
  c."points", w."code", w."level", w."evidence", w."stage", w."doNotChase"`;

const FROM = `FROM "Customer" c JOIN "Warning" w ON w."day" = ? AND w."customerId" = c."id"`;

/**
 * A list's follow-up facts beside each warning, looked up by key for the rows read (rather than a
 * second statement over thousands of ids): the first day of the warning's run (its since-day; a
 * row written before there were since-days, its own day), and the customer's outcomes up to D;
 * null when there are none (HAVING: SQLite's json_group_array of no rows is `[]`).
 */
const OUTCOME_VALUES = OUTCOME_FIELDS.map((f) => `o."${f}"`).join(", ");
const FOLLOW_UP = {
  sqlite: `coalesce(w."sinceDay", w."day"),
    (SELECT json_group_array(json_array(${OUTCOME_VALUES})) FROM "Outcome" o
      WHERE o."customerId" = c."id" AND o."day" <= ? HAVING COUNT(*) > 0)`,
  postgres: `coalesce(w."sinceDay", w."day"),
    (SELECT CAST(json_agg(json_build_array(${OUTCOME_VALUES})) AS text) FROM "Outcome" o
      WHERE o."customerId" = c."id" AND o."day" <= ?)`,
} as const;

/** Where a list's rows come from and what its follow-up reads. */
export interface StoredListScope {
  /** The list day (the warnings' day). */
  day: string;
  /** Outcomes logged on or before this day (D) count. */
  outcomesUpTo: string;
}

/**
 * Which managers' customers, as PostgreSQL plans it well: one manager (a manager's own list) is an
 * equality, several an array of them. `IN (SELECT jsonb_array_elements_text(…))` is estimated at
 * 100 managers, so PostgreSQL read every customer and every warning of the day and hash-joined them
 * (1M customers: 0.9 s against 0.2 s). SQLite plans the JSON list as the few ids it is.
 */
function managerScope(db: SqlHandle, managerIds: readonly string[]): { clause: string; arg: string } {
  if (managerIds.length === 1) return { clause: `c."managerId" = ?`, arg: managerIds[0]! };
  const list =
    db.dialect === "postgres"
      ? `= ANY(ARRAY(SELECT jsonb_array_elements_text(CAST(? AS jsonb))))`
      : `IN ${idList(db)}`;
  return { clause: `c."managerId" ${list}`, arg: JSON.stringify(managerIds) };
}

/**
 * A list's statement on PostgreSQL runs with JIT compilation off: its thousands of index look-ups
 * (the follow-up columns) put its estimated cost above `jit_above_cost`, and compiling took longer
 * (0.2–0.9 s at 1M) than running it. SQLite: the statement as it is.
 */
function listValues(db: SqlHandle, text: string, params: SqlParam[]): Promise<StoredWarningRow[]> {
  if (db.dialect === "sqlite") return db.values(text, params);
  return db.transaction(async (tx) => {
    await tx.run("SET LOCAL jit = off");
    return tx.values(text, params);
  });
}

/** The stored warnings of a list day of these managers' customers with their follow-up facts, by customer id. */
export function storedListOfManagers(
  db: SqlHandle,
  scope: StoredListScope,
  managerIds: readonly string[],
): Promise<StoredWarningRow[]> {
  const { clause, arg } = managerScope(db, managerIds);
  return listValues(
    db,
    `SELECT ${COLUMNS}, ${FOLLOW_UP[db.dialect]} ${FROM} WHERE ${clause} ORDER BY c."id", w."code"`,
    [scope.outcomesUpTo, scope.day, arg],
  );
}

/**
 * A page's rows can carry each customer's churn score of the list day (at most one: the key is
 * (day, customerId)), so a scored day's page reads them in the same statement (decision 019).
 */
const SCORE_COLUMNS = `s."probability", s."reasons", s."modelVersion"`;
const SCORE_JOIN = `LEFT JOIN "ChurnScore" s ON s."day" = w."day" AND s."customerId" = c."id"`;

/**
 * storedListOfManagers for these customers (those without rows on the day have none); with
 * `withScores`, each row also has the customer's churn score of the day (STORED.score…).
 */
export function storedListOf(
  db: SqlHandle,
  scope: StoredListScope,
  customerIds: readonly string[],
  options: { withScores?: boolean } = {},
): Promise<StoredWarningRow[]> {
  const [scores, join] = options.withScores ? [`, ${SCORE_COLUMNS}`, SCORE_JOIN] : ["", ""];
  // A page's few customers: estimated as such, well below PostgreSQL's JIT threshold.
  return db.values(
    `SELECT ${COLUMNS}, ${FOLLOW_UP[db.dialect]}${scores} ${FROM} ${join} WHERE c."id" IN ${idList(db)} ORDER BY c."id", w."code"`,
    [scope.outcomesUpTo, scope.day, JSON.stringify(customerIds)],
  );
}

/** The codes of these customers' stored warnings on day D, by customer (in code order). */
export async function warningCodesOf(
  db: SqlHandle,
  day: string,
  customerIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await db.all<{ customerId: string; code: string }>(
    `SELECT "customerId", "code" FROM "Warning" WHERE "day" = ? AND "customerId" IN ${idList(db)}
     ORDER BY "customerId", "code"`,
    [day, JSON.stringify(customerIds)],
  );
  const codes = new Map<string, string[]>();
  for (const r of rows) {
    const list = codes.get(r.customerId);
    if (list) list.push(r.code);
    else codes.set(r.customerId, [r.code]);
  }
  return codes;
}
