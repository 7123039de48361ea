import type pg from "pg";
import type { StagedIssue, StagedTarget } from "./staged-import.js";
import { q, STAGING } from "./staging-table.js";

/**
 * What an import of managers or customers checks beyond references, as the SQLite import does row
 * by row (src/import/case-twins.ts, src/import/manager-teams.ts): ids unique ignoring ASCII case,
 * against the store and against earlier accepted rows of the file; values of `owned` columns that
 * another stored row already holds (a manager's chat ids); and the teams the rows name.
 */
export interface PeopleChecks {
  /** Columns (store names) whose value one stored row at most may hold, and the issue code. */
  readonly owned: readonly { column: string; code: string }[];
  /** In-file duplicates found while checking (managers) rather than while writing (customers). */
  readonly duplicatesWhileChecking: boolean;
  /** Each accepted row's team is created (named `name`, else its id) or renamed. */
  readonly teams?: TeamsNamed;
}

/** Where rows name a team: the table, the staged column with its id and the one with its name. */
export interface TeamsNamed {
  readonly table: string;
  readonly column: string;
  readonly name: string;
}

const CHECKS = "retainbot_import_checks";
const PEOPLE_LOCK = "retainbot:import-people";
const PROBLEMS = "retainbot_import_problems";
/** ASCII case folding, as SQLite's NOCASE; the migration's `*_id_fold_idx` indexes this expression. */
const fold = (sql: string) => `translate(${sql}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

/**
 * Finds every staged row's problems in a few set-based statements, in the SQLite import's terms:
 * for each group of ids equal ignoring case, the first line without a problem of its own (unknown
 * reference, a stored case twin, an owned value taken) is accepted; a later line of the group is a
 * case twin of it when its id differs, else a duplicate of it. Lines before the accepted one keep
 * their own problems. Rejected rows leave the staging table; the first `limit` problems of each
 * kind (checking, writing) are returned by line with the totals. Holds a transaction-level
 * advisory lock, so concurrent imports of people check and write one after the other.
 */
export async function checkPeople(
  client: pg.ClientBase,
  target: StagedTarget,
  people: PeopleChecks,
  limit: number,
): Promise<{
  checked: StagedIssue[];
  checkedTotal: number;
  written: StagedIssue[];
  writtenTotal: number;
  rejectedRows: number;
}> {
  const id = q(target.key[0]!);
  const table = q(target.table);
  const refs = target.references;
  const owned = people.owned.filter((o) => target.values.includes(o.column));
  // One people import checks and writes at a time (until commit): two files with "c1" and "C1"
  // would otherwise both find no twin. SQLite's write lock does the same.
  await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [PEOPLE_LOCK]);
  await client.query(`ANALYZE ${STAGING}`);
  await client.query(
    `CREATE TEMPORARY TABLE ${CHECKS} ON COMMIT DROP AS SELECT s.line, s.${id} AS id, ${fold(`s.${id}`)} AS fold, ` +
      [
        ...refs.map(
          (r, i) =>
            `CASE WHEN NOT EXISTS (SELECT 1 FROM ${q(r.table)} t WHERE t."id" = s.${q(r.column)}) ` +
            `THEN s.${q(r.column)} END AS miss_${i}`,
        ),
        ...owned.map(
          (o, i) =>
            `s.${q(o.column)} AS owned_${i}, ` +
            `(SELECT t.${id} FROM ${table} t WHERE t.${q(o.column)} = s.${q(o.column)} AND t.${id} <> s.${id}) AS owner_${i}`,
        ),
        "tw.twin AS store_twin",
      ].join(", ") +
      ` FROM ${STAGING} s LEFT JOIN (SELECT s2.line, min(t.${id}) AS twin FROM ${STAGING} s2 JOIN ${table} t ` +
      `ON ${fold(`t.${id}`)} = ${fold(`s2.${id}`)} AND t.${id} <> s2.${id} GROUP BY s2.line) tw ON tw.line = s.line`,
  );
  const noMiss = refs.map((_, i) => `miss_${i} IS NULL`).join(" AND ") || "true";
  const noOwner = owned.map((_, i) => `owner_${i} IS NULL`).join(" AND ") || "true";
  const idName = target.key[0]!;
  /** One kind of problem: its order within a line, column, code, detail and value, on which rows. */
  const kind = (
    ord: number,
    column: string,
    code: string,
    detail: string,
    value: string,
    where: string,
    writing = false,
  ) =>
    `SELECT line, ${ord} AS ord, '${column}'::text AS col, '${code}'::text AS code, ${detail}::text AS detail, ` +
    `${value}::text AS value, ${writing} AS writing FROM placed WHERE ${where}`;
  const parts = [
    ...refs.map((r, i) => kind(i, r.column, r.code, "NULL", `miss_${i}`, `miss_${i} IS NOT NULL`)),
    kind(100, idName, "case_twin_store", "store_twin", "id", "before AND store_twin IS NOT NULL"),
    // An owned value is checked only on a row with no other problem, as the SQLite import does.
    ...owned.map((o, i) =>
      kind(
        200 + i,
        o.column,
        o.code,
        `owner_${i}`,
        `owned_${i}`,
        `before AND ${noMiss} AND store_twin IS NULL AND owner_${i} IS NOT NULL`,
      ),
    ),
    kind(100, idName, "case_twin_file", "a_line || '|' || a_id", "id", "after AND id <> a_id"),
    kind(
      300,
      idName,
      "duplicate_key",
      "a_line",
      "id",
      `after AND id = a_id AND ${noMiss}`,
      !people.duplicatesWhileChecking,
    ),
  ];
  await client.query(
    `CREATE TEMPORARY TABLE ${PROBLEMS} ON COMMIT DROP AS ` +
      `WITH firsts AS (SELECT DISTINCT ON (fold) fold, line AS a_line, id AS a_id FROM ${CHECKS} ` +
      `WHERE ${noMiss} AND store_twin IS NULL AND ${noOwner} ORDER BY fold, line), ` +
      `placed AS (SELECT c.*, f.a_line, f.a_id, (f.a_line IS NULL OR c.line < f.a_line) AS before, ` +
      `coalesce(c.line > f.a_line, false) AS after FROM ${CHECKS} c LEFT JOIN firsts f USING (fold)) ` +
      `SELECT * FROM (${parts.join(" UNION ALL ")}) p`,
  );
  const rejectedRows =
    (await client.query(`DELETE FROM ${STAGING} s WHERE s.line IN (SELECT line FROM ${PROBLEMS})`))
      .rowCount ?? 0;
  const issues = (writing: boolean) =>
    client.query<StagedIssue>(
      `SELECT line, col AS "column", code, detail, value FROM ${PROBLEMS} WHERE writing = $1 ORDER BY line, ord LIMIT $2`,
      [writing, limit],
    );
  const totals = await client.query<{ checked: string; written: string }>(
    `SELECT count(*) FILTER (WHERE NOT writing) AS checked, count(*) FILTER (WHERE writing) AS written FROM ${PROBLEMS}`,
  );
  return {
    checked: (await issues(false)).rows,
    checkedTotal: Number(totals.rows[0]!.checked),
    written: (await issues(true)).rows,
    writtenTotal: Number(totals.rows[0]!.written),
    rejectedRows,
  };
}

/**
 * Creates the teams the accepted rows name and not yet stored, named by the last name the file gives
 * each (else its id), and renames a stored team to the last name given, as the SQLite import does
 * row by row. Returns how many teams were created.
 */
export async function writeTeams(client: pg.ClientBase, teams: TeamsNamed): Promise<number> {
  const column = q(teams.column);
  const named =
    `named AS (SELECT DISTINCT ON (${column}) ${column} AS id, ${q(teams.name)} AS name FROM ${STAGING} ` +
    `WHERE ${q(teams.name)} IS NOT NULL ORDER BY ${column}, line DESC)`;
  const created = await client.query(
    `WITH ${named} INSERT INTO ${q(teams.table)} ("id", "name") ` +
      `SELECT t.id, coalesce(n.name, t.id) FROM (SELECT DISTINCT ${column} AS id FROM ${STAGING}) t ` +
      `LEFT JOIN named n USING (id) ORDER BY t.id ON CONFLICT ("id") DO NOTHING`,
  );
  await client.query(
    `WITH ${named} UPDATE ${q(teams.table)} t SET "name" = n.name FROM named n ` +
      `WHERE t."id" = n.id AND t."name" IS DISTINCT FROM n.name`,
  );
  return created.rowCount ?? 0;
}
