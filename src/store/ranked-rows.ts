import type { SqliteDatabase } from "./database.js";
import { cachedStatement } from "./statement-cache.js";

/**
 * A day's ranked rows (`WarningRank`) of some managers, read through the index on (day, manager,
 * do-not-chase, priority, customer) alone: one manager (a manager's own `/risk`) is an equality, so
 * the top of the page comes in index order without sorting; several (a team) are a list.
 */
const ids = "(SELECT value FROM json_each(?))";

function scope(managerIds: readonly string[]): { clause: string; arg: string } {
  return managerIds.length === 1
    ? { clause: "r.managerId = ?", arg: managerIds[0]! }
    : { clause: `r.managerId IN ${ids}`, arg: JSON.stringify(managerIds) };
}

/** How many rows the managers have on the day, with and without do-not-chase, minus those of `leftOff`. */
export function rankedCounts(
  sql: SqliteDatabase,
  day: string,
  managerIds: readonly string[],
  leftOff: readonly string[],
): { chase: number; doNotChase: number } {
  const { clause, arg } = scope(managerIds);
  // Two index range counts (cheaper than one scan that sums the flag).
  const count = (doNotChase: 0 | 1) =>
    cachedStatement(
      sql,
      `SELECT COUNT(*) FROM WarningRank r WHERE r.day = ? AND ${clause} AND r.doNotChase = ?`,
    )
      .pluck()
      .get(day, arg, doNotChase) as number;
  // The few left off, each found by its key (CROSS JOIN: never a scan of the managers' rows).
  const off =
    leftOff.length === 0
      ? { rows: 0, doNotChase: 0 }
      : (cachedStatement(
          sql,
          `SELECT COUNT(*) AS rows, TOTAL(r.doNotChase) AS doNotChase
           FROM ${ids} j CROSS JOIN WarningRank r ON r.day = ? AND r.customerId = j.value WHERE ${clause}`,
        ).get(JSON.stringify(leftOff), day, arg) as { rows: number; doNotChase: number });
  const doNotChase = count(1) - off.doNotChase;
  return { chase: count(0) - (off.rows - off.doNotChase), doNotChase };
}

/** The managers' customers ranked on the day, most urgent first, without those of `leftOff`. */
export function rankedPage(
  sql: SqliteDatabase,
  day: string,
  managerIds: readonly string[],
  options: { leftOff: readonly string[]; includeDoNotChase: boolean; limit: number; offset: number },
): string[] {
  const { clause, arg } = scope(managerIds);
  const chase = options.includeDoNotChase ? "" : "AND r.doNotChase = 0";
  return cachedStatement(
    sql,
    `SELECT r.customerId FROM WarningRank r WHERE r.day = ? AND ${clause} ${chase} AND r.customerId NOT IN ${ids}
     ORDER BY r.priority DESC, r.customerId LIMIT ? OFFSET ?`,
  )
    .pluck()
    .all(day, arg, JSON.stringify(options.leftOff), options.limit, options.offset) as string[];
}

/** Every customer ranked under the managers on the day (control-group draws). */
export function rankedIds(sql: SqliteDatabase, day: string, managerIds: readonly string[]): string[] {
  const { clause, arg } = scope(managerIds);
  return cachedStatement(sql, `SELECT r.customerId FROM WarningRank r WHERE r.day = ? AND ${clause}`)
    .pluck()
    .all(day, arg) as string[];
}
