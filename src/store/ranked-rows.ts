import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";

/**
 * A day's ranked rows (`WarningRank`) of some managers, read through the index on (day, manager,
 * do-not-chase, priority, customer) alone, and their counts (`WarningRankCount`): one manager (a
 * manager's own `/risk`) is an equality, so the top of the page comes in index order without
 * sorting; several (a team) are a list. The texts differ per store only where they must: the
 * flag's literal (0/1 on SQLite, a boolean on PostgreSQL, an equality either way so the index keeps
 * the order) and the left-off join.
 */
function scope(db: SqlHandle, managerIds: readonly string[], alias = "r"): { clause: string; arg: string } {
  return managerIds.length === 1
    ? { clause: `${alias}."managerId" = ?`, arg: managerIds[0]! }
    : { clause: `${alias}."managerId" IN ${idList(db)}`, arg: JSON.stringify(managerIds) };
}

const NOT_DO_NOT_CHASE = { sqlite: `r."doNotChase" = 0`, postgres: `r."doNotChase" = false` } as const;

/**
 * Ties of priority broken by the id's bytes, SQLite's order: a database collation such as en-US
 * sorts "c0000001" before "C0000001" and would cut the pages elsewhere. On PostgreSQL the index
 * still gives the priorities in order; only the rows of one priority are sorted (incremental sort).
 */
const BY_ID = { sqlite: `r."customerId"`, postgres: `r."customerId" COLLATE "C"` } as const;

/** The left-off customers' ranked rows of the day, each found by its key (never a scan of the managers' rows). */
const LEFT_OFF_ROWS = {
  // CROSS JOIN: SQLite keeps the join order, from the few ids to the ranked rows.
  sqlite: `FROM (SELECT value FROM json_each(?)) j CROSS JOIN "WarningRank" r ON r."day" = ? AND r."customerId" = j.value`,
  postgres: `FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS j(value) JOIN "WarningRank" r ON r."day" = ? AND r."customerId" = j.value`,
} as const;

/** Whether the day has ranked rows at all (days stored before ranks existed, or computed, have none). */
export async function hasRankedRows(db: SqlHandle, day: string): Promise<boolean> {
  return (await db.get(`SELECT 1 AS "one" FROM "WarningRank" WHERE "day" = ? LIMIT 1`, [day])) !== undefined;
}

/**
 * The page's ids as one JSON array column (a text on SQLite, parsed json on PostgreSQL). Their order
 * is not promised (an aggregate's input order; an ORDER BY inside it costs SQLite a sort of ~1 ms
 * here): the LIMIT/OFFSET chose the set, and the page orders its entries itself.
 */
const PAGE_IDS = {
  sqlite: `json_group_array(p."customerId")`,
  postgres: `json_agg(p."customerId")`,
} as const;

/**
 * How many rows the managers have on the day, with and without do-not-chase, minus those of
 * `leftOff`, and the page of them by priority then id: the counts the day's writers stored
 * (`WarningRankCount`, ranked-counts.ts: one row per manager, however long the list) and the page's
 * ids in one round trip; the left-off rows (if any) are counted apart and subtracted.
 */
export async function rankedCountsAndPage(
  db: SqlHandle,
  day: string,
  managerIds: readonly string[],
  options: { leftOff: readonly string[]; includeDoNotChase: boolean; limit: number; offset: number },
): Promise<{ counts: { chase: number; doNotChase: number }; ids: string[] }> {
  const { clause, arg } = scope(db, managerIds);
  const counted = scope(db, managerIds, "t");
  const chase = options.includeDoNotChase ? "" : `AND ${NOT_DO_NOT_CHASE[db.dialect]}`;
  // Usually nobody is left off: then the page reads its index range without a look-up per row.
  const notLeftOff = options.leftOff.length === 0 ? "" : `AND r."customerId" NOT IN ${idList(db)}`;
  const page = `SELECT r."customerId" FROM "WarningRank" r WHERE r."day" = ? AND ${clause} ${chase}
       ${notLeftOff}
     ORDER BY r."priority" DESC, ${BY_ID[db.dialect]} LIMIT ? OFFSET ?`;
  const row = await db.get<{
    chase: number | string | null;
    doNotChase: number | string | null;
    ids: string | string[] | null;
  }>(
    `SELECT SUM(t."chase") AS "chase", SUM(t."doNotChase") AS "doNotChase",
       (SELECT ${PAGE_IDS[db.dialect]} FROM (${page}) p) AS "ids"
     FROM "WarningRankCount" t WHERE t."day" = ? AND ${counted.clause}`,
    [
      day,
      arg,
      ...(options.leftOff.length === 0 ? [] : [JSON.stringify(options.leftOff)]),
      options.limit,
      options.offset,
      day,
      counted.arg,
    ],
  );
  const ids =
    row?.ids == null ? [] : typeof row.ids === "string" ? (JSON.parse(row.ids) as string[]) : row.ids;
  const off = await leftOffCounts(db, day, clause, arg, options.leftOff);
  return {
    counts: {
      chase: Number(row?.chase ?? 0) - (off.rows - off.doNotChase),
      doNotChase: Number(row?.doNotChase ?? 0) - off.doNotChase,
    },
    ids,
  };
}

/** How many of the left-off customers' ranked rows are the managers' (all, and do-not-chase). */
async function leftOffCounts(
  db: SqlHandle,
  day: string,
  clause: string,
  arg: string,
  leftOff: readonly string[],
): Promise<{ rows: number; doNotChase: number }> {
  if (leftOff.length === 0) return { rows: 0, doNotChase: 0 };
  const off = await db.get<{ rows: number | string; doNotChase: number | string }>(
    `SELECT COUNT(*) AS "rows", COALESCE(SUM(CASE WHEN r."doNotChase" THEN 1 ELSE 0 END), 0) AS "doNotChase"
     ${LEFT_OFF_ROWS[db.dialect]} WHERE ${clause}`,
    [JSON.stringify(leftOff), day, arg],
  );
  return { rows: Number(off?.rows ?? 0), doNotChase: Number(off?.doNotChase ?? 0) };
}

/** Every customer ranked under the managers on the day (control-group draws). */
export async function rankedIds(
  db: SqlHandle,
  day: string,
  managerIds: readonly string[],
): Promise<string[]> {
  const { clause, arg } = scope(db, managerIds);
  const rows = await db.all<{ customerId: string }>(
    `SELECT r."customerId" FROM "WarningRank" r WHERE r."day" = ? AND ${clause}`,
    [day, arg],
  );
  return rows.map((r) => r.customerId);
}
