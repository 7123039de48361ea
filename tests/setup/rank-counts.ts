import type { SqliteDatabase } from "../../src/store/database.js";
import type { SqlHandle } from "../../src/store/sql-handle.js";

const STORED = `SELECT "managerId", "chase", "doNotChase" FROM "WarningRankCount" WHERE "day" = ? ORDER BY "managerId"`;
const COUNTED = `SELECT "managerId", SUM(CASE WHEN "doNotChase" THEN 0 ELSE 1 END) AS "chase",
    SUM(CASE WHEN "doNotChase" THEN 1 ELSE 0 END) AS "doNotChase"
  FROM "WarningRank" WHERE "day" = ? GROUP BY "managerId" ORDER BY "managerId"`;

type CountRow = { managerId: string; chase: number | string; doNotChase: number | string };

function checked(day: string, stored: CountRow[], counted: CountRow[]) {
  const plain = (rows: CountRow[]) =>
    rows.map((r) => ({ managerId: r.managerId, chase: Number(r.chase), doNotChase: Number(r.doNotChase) }));
  const [s, c] = [plain(stored), plain(counted)];
  if (JSON.stringify(s) !== JSON.stringify(c))
    throw new Error(
      `WarningRankCount of ${day} is not its ranked rows counted: stored ${JSON.stringify(s)}, counted ${JSON.stringify(c)}`,
    );
  return s;
}

/**
 * A day's stored rank counts (`WarningRankCount`, what `/risk` reads its totals from), after
 * checking they are the day's `WarningRank` rows counted: every writer of ranks must count again.
 */
export async function rankCountsOf(db: SqlHandle, day: string) {
  return checked(day, await db.all<CountRow>(STORED, [day]), await db.all<CountRow>(COUNTED, [day]));
}

/** rankCountsOf on the SQLite connection. */
export function rankCountsOfSqlite(sql: SqliteDatabase, day: string) {
  return checked(
    day,
    sql.prepare(STORED).all(day) as CountRow[],
    sql.prepare(COUNTED).all(day) as CountRow[],
  );
}
