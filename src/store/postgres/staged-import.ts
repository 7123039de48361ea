import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { checkPeople, type PeopleChecks, writeTeams } from "./staged-people.js";
import { q, STAGING } from "./staging-table.js";

/** One table's import target: the natural key and the value columns the file has (store names). */
export interface StagedTarget {
  readonly table: string;
  readonly key: readonly string[];
  readonly values: readonly string[];
  /** Columns that must name an `id` of another table ("customerId" → "Customer"), and the issue code. */
  readonly references: readonly { column: string; table: string; code: string }[];
  /** Text columns staged with the rows but not written to `table` (a manager's team name). */
  readonly carried?: readonly string[];
  /** The checks of people (managers, customers): see ./staged-people.ts. */
  readonly people?: PeopleChecks;
}

/** One problem of a staged row, in store column names. */
export interface StagedIssue {
  line: number;
  column: string;
  code: string;
  detail: string | null;
  value: string | null;
}

export interface StagedImportResult {
  /** Problems found checking the rows against the store and each other, the first `limit` by line… */
  checked: StagedIssue[];
  /** …and how many in all. */
  checkedTotal: number;
  /** Problems found writing (in-file duplicates where the SQLite import finds them on writing). */
  written: StagedIssue[];
  writtenTotal: number;
  /** Rows not written because of a problem. */
  rejectedRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  teamsCreated: number;
}

/** A staged import in progress: rows stream in through COPY, then one upsert settles them. */
export interface StagedImport {
  /** Row values in `columns` order (key first, then values), with the file line they came from. */
  push(line: number, values: readonly unknown[]): void;
  /** Hands what was pushed to COPY once enough has gathered, waiting while the stream is full. */
  drain(): Promise<void>;
  finish(limit: number): Promise<StagedImportResult>;
  /** Ends a COPY still open with a failure (CopyFail), so the connection can roll back. */
  abort(reason: Error): Promise<void>;
}

const DUPLICATES = "retainbot_import_duplicates";
/** Bytes gathered before a write to the COPY stream. */
const CHUNK_BYTES = 1 << 20;

/** A value in COPY's text format: `\N` for null, t/f, and backslash escapes for the separators. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (value === true) return "t";
  if (value === false) return "f";
  if (typeof value === "number") return String(value);
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/**
 * Starts a staged import on `client`, inside the caller's open transaction: a temporary table
 * shaped like the target (plus the file line) that is dropped at commit, fed through `COPY`.
 * `finish` then finds the rows naming unknown references and the in-file duplicates (a key an
 * earlier good line had: that line wins, as in the SQLite import), and upserts the rest in one
 * statement: new keys inserted, existing rows updated only where a value differs.
 */
export async function beginStagedImport(client: pg.ClientBase, target: StagedTarget): Promise<StagedImport> {
  const columns = [...target.key, ...target.values];
  const list = columns.map(q).join(", ");
  const carried = (target.carried ?? []).map(q);
  await client.query(
    `CREATE TEMPORARY TABLE ${STAGING} ON COMMIT DROP AS ` +
      `SELECT 0 AS line, ${[list, ...carried.map((c) => `NULL::text AS ${c}`)].join(", ")} ` +
      `FROM ${q(target.table)} WITH NO DATA`,
  );
  const copy = client.query(copyFrom(`COPY ${STAGING} (line, ${[list, ...carried].join(", ")}) FROM STDIN`));
  let chunk = "";
  const flush = async () => {
    if (chunk.length === 0) return;
    const ready = copy.write(chunk);
    chunk = "";
    if (!ready) await once(copy, "drain");
  };

  return {
    push(line, values) {
      let text = String(line);
      for (const value of values) text += `\t${copyText(value)}`;
      chunk += `${text}\n`;
    },
    async drain() {
      if (chunk.length >= CHUNK_BYTES) await flush();
    },
    async finish(limit) {
      await flush();
      copy.end();
      await finished(copy);
      return settle(client, target, limit);
    },
    async abort(reason) {
      if (copy.writableFinished || copy.destroyed) return;
      copy.destroy(reason);
      await finished(copy).catch(() => undefined);
    },
  };
}

async function settle(
  client: pg.ClientBase,
  target: StagedTarget,
  limit: number,
): Promise<StagedImportResult> {
  const found = target.people
    ? await checkPeople(client, target, target.people, limit)
    : await checkReferencesAndDuplicates(client, target, limit);
  const teamsCreated = target.people?.teams ? await writeTeams(client, target.people.teams) : 0;
  const matches = target.key.map((c) => `t.${q(c)} = s.${q(c)}`).join(" AND ");
  // The stored keys as a semi-join of their own (the planner picks a hash or an index probe), not an
  // EXISTS inside the aggregate's FILTER: that is a subplan run per staged row, on every partition.
  const counted = await client.query<{ staged: string; existing: string; partitioned: boolean }>(
    `SELECT (SELECT count(*) FROM ${STAGING}) AS staged, ` +
      `(SELECT count(*) FROM ${STAGING} s WHERE EXISTS (SELECT 1 FROM ${q(target.table)} t WHERE ${matches})) AS existing, ` +
      `(SELECT relkind = 'p' FROM pg_class WHERE oid = $1::regclass) AS partitioned`,
    [q(target.table)],
  );
  const staged = Number(counted.rows[0]!.staged);
  const existing = Number(counted.rows[0]!.existing);
  // No staged key stored yet (a new day's usage): a plain INSERT, which skips ON CONFLICT's check of
  // every row. A concurrent import committing one of these keys meanwhile makes it fail on the
  // unique key, and the whole import rolls back: an error, never a lost or doubled row.
  if (existing === 0) {
    await client.query(insertText(target));
    return { ...found, inserted: staged, updated: 0, unchanged: 0, teamsCreated };
  }
  // Else every staged key is new or already stored (duplicates are gone). The upsert says of each
  // row it wrote whether it inserted it, so a key another transaction committed after the count
  // above counts as updated (or unchanged), not inserted; what it did not write is unchanged.
  if (!counted.rows[0]!.partitioned) {
    const written = await client.query<{ inserted: string; updated: string }>(countedUpsertText(target));
    const inserted = Number(written.rows[0]!.inserted);
    const updated = Number(written.rows[0]!.updated);
    return { ...found, inserted, updated, unchanged: staged - inserted - updated, teamsCreated };
  }
  // A partitioned table (DailyUsage) returns no system column (PostgreSQL 15: "cannot retrieve a
  // system column in this context"), so its upsert returns the rows it wrote, and the keys counted
  // above as new are taken as inserted: a key another transaction commits between the count and the
  // upsert is updated, never lost or doubled, but counted as inserted. Telling them apart would take
  // a second pass (reading the keys back) or one upsert per month partition.
  const written = (await client.query(upsertText(target))).rowCount ?? 0;
  const inserted = staged - existing;
  const updated = written - inserted;
  return { ...found, inserted, updated, unchanged: existing - updated, teamsCreated };
}

type Found = Pick<
  StagedImportResult,
  "checked" | "checkedTotal" | "written" | "writtenTotal" | "rejectedRows"
>;

/**
 * Usage, bills and events: rows naming an unknown reference are counted and dropped, then every line
 * whose key an earlier good line had (found in one sort) is dropped as a duplicate of that line.
 */
async function checkReferencesAndDuplicates(
  client: pg.ClientBase,
  target: StagedTarget,
  limit: number,
): Promise<Found> {
  const key = target.key.map((c) => `s.${q(c)}`).join(", ");
  const checked: StagedIssue[] = [];
  let missedRows = 0;
  // One reference (the customer) at most here: a missed row is one issue.
  if (target.references.length > 1) throw new Error("staged imports check one reference per row here");
  const reference = target.references[0];
  if (reference) {
    const missing = `NOT EXISTS (SELECT 1 FROM ${q(reference.table)} t WHERE t."id" = s.${q(reference.column)})`;
    const found = await client.query<{ line: number; value: string }>(
      `SELECT s.line, s.${q(reference.column)} AS value FROM ${STAGING} s WHERE ${missing} ORDER BY s.line LIMIT $1`,
      [limit],
    );
    for (const row of found.rows)
      checked.push({
        line: row.line,
        column: reference.column,
        code: reference.code,
        detail: null,
        value: row.value,
      });
    missedRows = (await client.query(`DELETE FROM ${STAGING} s WHERE ${missing}`)).rowCount ?? 0;
  }
  // In-file duplicates: every line after the first with its key, found in one sort.
  await client.query(
    `CREATE TEMPORARY TABLE ${DUPLICATES} ON COMMIT DROP AS SELECT d.line, d.earlier, d.first FROM ` +
      `(SELECT s.line, min(s.line) OVER (PARTITION BY ${key}) AS earlier, s.${q(target.key[0]!)}::text AS first ` +
      `FROM ${STAGING} s) d WHERE d.line <> d.earlier`,
  );
  const duplicates = await client.query<{ line: number; earlier: number; first: string }>(
    `SELECT line, earlier, first FROM ${DUPLICATES} ORDER BY line LIMIT $1`,
    [limit],
  );
  const duplicateRows =
    duplicates.rows.length === 0
      ? 0
      : ((await client.query(`DELETE FROM ${STAGING} s USING ${DUPLICATES} d WHERE s.line = d.line`))
          .rowCount ?? 0);
  const written = duplicates.rows.map(
    (d): StagedIssue => ({
      line: d.line,
      column: target.key[0]!,
      code: "duplicate_key",
      detail: String(d.earlier),
      value: d.first,
    }),
  );
  return {
    checked,
    checkedTotal: missedRows,
    written,
    writtenTotal: duplicateRows,
    rejectedRows: missedRows + duplicateRows,
  };
}

/** One INSERT for the whole staging table, in key order, when none of its keys is stored. */
function insertText(target: StagedTarget): string {
  const columns = [...target.key, ...target.values].map(q).join(", ");
  return `INSERT INTO ${q(target.table)} (${columns}) SELECT ${columns} FROM ${STAGING} ORDER BY ${target.key.map(q).join(", ")}`;
}

/** One INSERT … ON CONFLICT for the whole staging table; an existing row is written only if it differs. */
function upsertText(target: StagedTarget): string {
  const columns = [...target.key, ...target.values].map(q).join(", ");
  const conflict = target.key.map(q).join(", ");
  const action =
    target.values.length === 0
      ? "DO NOTHING"
      : `DO UPDATE SET ${target.values.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(", ")} WHERE ` +
        target.values.map((c) => `${q(target.table)}.${q(c)} IS DISTINCT FROM EXCLUDED.${q(c)}`).join(" OR ");
  return (
    `INSERT INTO ${q(target.table)} (${columns}) SELECT ${columns} FROM ${STAGING} ` +
    `ORDER BY ${conflict} ON CONFLICT (${conflict}) ${action}`
  );
}

/**
 * The upsert, and how many rows it inserted and updated, in one row. `xmax = 0` tells a row version
 * the statement inserted from one it updated: ON CONFLICT locks the stored row before updating it,
 * and the new version keeps that lock's transaction id in `xmax` (how PostgreSQL's heap works, not
 * a documented promise: tests/integration/postgres/import-postgres.test.ts checks the counts, with
 * another transaction committing a key during the upsert).
 */
function countedUpsertText(target: StagedTarget): string {
  return (
    `WITH written AS (${upsertText(target)} RETURNING (xmax = 0) AS inserted) ` +
    "SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM written"
  );
}
