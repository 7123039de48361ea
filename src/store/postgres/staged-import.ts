import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** One table's import target: the natural key and the value columns the file has (store names). */
export interface StagedTarget {
  readonly table: string;
  readonly key: readonly string[];
  readonly values: readonly string[];
  /** Key columns that must name an `id` of another table ("customerId" → "Customer"). */
  readonly references: readonly { column: string; table: string }[];
}

/** A row that names no row of a referenced table. */
export interface ReferenceMiss {
  line: number;
  column: string;
  value: string;
}

/** A row whose key an earlier good line of the file already had. */
export interface DuplicateLine {
  line: number;
  earlier: number;
  firstKey: string;
}

export interface StagedImportResult {
  /** The first `limit` misses by line, and how many rows had one in all. */
  misses: ReferenceMiss[];
  missedRows: number;
  duplicates: DuplicateLine[];
  duplicateRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
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

const STAGING = "retainbot_import_staging";
const DUPLICATES = "retainbot_import_duplicates";
const q = (name: string) => `"${name}"`;
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
  await client.query(
    `CREATE TEMPORARY TABLE ${STAGING} ON COMMIT DROP AS ` +
      `SELECT 0 AS line, ${list} FROM ${q(target.table)} WITH NO DATA`,
  );
  const copy = client.query(copyFrom(`COPY ${STAGING} (line, ${list}) FROM STDIN`));
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
  const key = target.key.map((c) => `s.${q(c)}`).join(", ");
  // Rows naming an unknown reference are dropped from the staging table once counted.
  const misses: ReferenceMiss[] = [];
  const missing = target.references
    .map((r) => `NOT EXISTS (SELECT 1 FROM ${q(r.table)} t WHERE t."id" = s.${q(r.column)})`)
    .join(" OR ");
  let missedRows = 0;
  if (missing) {
    const found = await client.query<{ line: number; values: string[] }>(
      `SELECT s.line, ARRAY[${target.references
        .map(
          (r) =>
            `CASE WHEN NOT EXISTS (SELECT 1 FROM ${q(r.table)} t WHERE t."id" = s.${q(r.column)}) THEN s.${q(r.column)} END`,
        )
        .join(", ")}] AS values FROM ${STAGING} s WHERE ${missing} ORDER BY s.line LIMIT $1`,
      [limit],
    );
    for (const row of found.rows)
      row.values.forEach((value, i) => {
        if (value !== null) misses.push({ line: row.line, column: target.references[i]!.column, value });
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
  const matches = target.key.map((c) => `t.${q(c)} = s.${q(c)}`).join(" AND ");
  const counted = await client.query<{ staged: string; existing: string }>(
    `SELECT count(*) AS staged, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ${q(target.table)} t WHERE ${matches})) AS existing FROM ${STAGING} s`,
  );
  const staged = Number(counted.rows[0]!.staged);
  const existing = Number(counted.rows[0]!.existing);
  // Every staged key is new or already stored (duplicates are gone): the upsert returns the rows it
  // inserted and the stored rows it changed, so what it changed is the rest.
  const written = (await client.query(upsertText(target))).rowCount ?? 0;
  const inserted = staged - existing;
  const updated = written - inserted;
  return {
    misses,
    missedRows,
    duplicates: duplicates.rows.map((d) => ({ line: d.line, earlier: d.earlier, firstKey: d.first })),
    duplicateRows,
    inserted,
    updated,
    unchanged: existing - updated,
  };
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
