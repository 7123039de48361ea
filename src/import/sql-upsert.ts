import type { SqliteDatabase } from "../store/database.js";

/** How one kind's rows land in one table: [canonical column, store column] pairs. */
export interface TableSpec {
  readonly table: string;
  /** The natural key; always bound. */
  readonly key: readonly (readonly [string, string])[];
  /** The other columns; bound only when present in the file. */
  readonly values: readonly (readonly [string, string])[];
}

export type WriteOutcome = "inserted" | "updated" | "unchanged";
/** A row's outcome; a number means "not written: same key as that earlier line of the file". */
export type RowOutcome = WriteOutcome | number;

/** Writes validated rows in file order (sorted by key when that helps), reporting each row's outcome. */
export type RowsWriter = (rows: RowSource, outcome: (index: number, result: RowOutcome) => void) => void;

/** Rows to write: each as an object, or (faster, no object) its values bound straight into a statement's parameters. */
export interface RowSource {
  readonly length: number;
  row(i: number): Record<string, unknown>;
  lineAt(i: number): number;
  /** Row `i`'s values in `writtenColumns` order, as SQLite binds them, into `out` from `offset`. */
  bind?(i: number, out: unknown[], offset: number): void;
}

/** The columns a file's rows are written with, in binding order: the key, then the values present. */
export function writtenColumns(spec: TableSpec, present: ReadonlySet<string>): string[] {
  return [...spec.key, ...spec.values.filter(([name]) => present.has(name))].map(([name]) => name);
}

const q = (name: string) => `"${name}"`;
/** Rows per INSERT statement: the per-call cost of better-sqlite3 dominates single-row inserts. */
const BATCH = 256;

/** SQLite has no boolean: the store keeps them as 0/1 (as Prisma does). */
function bindable(value: unknown): unknown {
  if (value === true) return 1;
  if (value === false) return 0;
  return value ?? null;
}

/**
 * Upsert by natural key through prepared statements, inside the caller's transaction: rows go in
 * BATCH at a time as one INSERT … ON CONFLICT DO NOTHING. When a batch inserts every row (the bulk
 * case), the new rowids are consecutive and map back to their lines. When it does not, each row of
 * the batch is looked up by key: a rowid beyond the table's maximum before the import was written
 * by this import — by this row, or by an earlier line (an in-file duplicate, rejected naming it);
 * an older rowid is a row that was already in the store, updated only when a value differs, so
 * re-importing the same row is counted (and left) unchanged. Columns absent from the file are never
 * written on update.
 */
export function upsertWriter(sql: SqliteDatabase, spec: TableSpec, present: ReadonlySet<string>): RowsWriter {
  const values = spec.values.filter(([name]) => present.has(name));
  const all = [...spec.key, ...values];
  const names = writtenColumns(spec, present);
  const width = names.length;
  const keyWhere = spec.key.map(([, c], i) => `${q(c)} = @k${i}`).join(" AND ");
  const insertSql = (rows: number) =>
    `INSERT INTO ${q(spec.table)} (${all.map(([, c]) => q(c)).join(", ")}) VALUES ` +
    Array.from({ length: rows }, () => `(${names.map(() => "?").join(", ")})`).join(", ") +
    ` ON CONFLICT (${spec.key.map(([, c]) => q(c)).join(", ")}) DO NOTHING`;
  const insertBatch = sql.prepare(insertSql(BATCH));
  const rowidOf = sql.prepare(`SELECT rowid FROM ${q(spec.table)} WHERE ${keyWhere}`).pluck();
  const update =
    values.length === 0
      ? null
      : sql.prepare(
          `UPDATE ${q(spec.table)} SET ${values.map(([, c], i) => `${q(c)} = @v${i}`).join(", ")} ` +
            `WHERE ${keyWhere} AND (${values.map(([, c], i) => `${q(c)} IS NOT @v${i}`).join(" OR ")})`,
        );
  const insertOne = sql.prepare(insertSql(1));
  const baseRowid = Number(
    sql
      .prepare(`SELECT coalesce(max(rowid), 0) FROM ${q(spec.table)}`)
      .pluck()
      .get(),
  );
  const inserted = new InsertedLines();
  const updatedKeys = new Map<string, number>();
  const params: unknown[] = new Array(width * BATCH);
  const one: unknown[] = new Array(width);

  const keyText = (row: Record<string, unknown>) =>
    spec.key.map(([name]) => String(row[name])).join("\u0001");
  const keysOf = (row: Record<string, unknown>) => {
    const keys: Record<string, unknown> = {};
    spec.key.forEach(([name], i) => {
      keys[`k${i}`] = bindable(row[name]);
    });
    return keys;
  };

  /** The row's key is in the table now: who wrote it, and does it need an update? */
  const settle = (row: Record<string, unknown>, line: number, batchSeen: Map<string, number>): RowOutcome => {
    const text = keyText(row);
    const inBatch = batchSeen.get(text);
    if (inBatch !== undefined) return inBatch;
    const keys = keysOf(row);
    const rowid = Number(rowidOf.get(keys));
    const earlier = inserted.lineOf(rowid);
    if (earlier !== null) return earlier;
    if (rowid > baseRowid) {
      inserted.add(rowid, line);
      batchSeen.set(text, line);
      return "inserted";
    }
    const earlierUpdate = updatedKeys.get(text);
    if (earlierUpdate !== undefined) return earlierUpdate;
    updatedKeys.set(text, line);
    if (!update) return "unchanged";
    values.forEach(([name], i) => {
      keys[`v${i}`] = bindable(row[name]);
    });
    return update.run(keys).changes === 1 ? "updated" : "unchanged";
  };

  return (rows, outcome) => {
    let i = 0;
    for (; i + BATCH <= rows.length; i += BATCH) {
      if (rows.bind) for (let r = 0; r < BATCH; r++) rows.bind(i + r, params, r * width);
      else {
        let p = 0;
        for (let r = 0; r < BATCH; r++) {
          const row = rows.row(i + r);
          for (let c = 0; c < width; c++) params[p++] = bindable(row[names[c]!]);
        }
      }
      const result = insertBatch.run(params);
      if (result.changes === BATCH) {
        const first = Number(result.lastInsertRowid) - BATCH + 1;
        for (let r = 0; r < BATCH; r++) {
          inserted.add(first + r, rows.lineAt(i + r));
          outcome(i + r, "inserted");
        }
        continue;
      }
      const batchSeen = new Map<string, number>();
      for (let r = 0; r < BATCH; r++) outcome(i + r, settle(rows.row(i + r), rows.lineAt(i + r), batchSeen));
    }
    for (; i < rows.length; i++) {
      const row = rows.row(i);
      for (let c = 0; c < width; c++) one[c] = bindable(row[names[c]!]);
      insertOne.run(one);
      outcome(i, settle(row, rows.lineAt(i), new Map()));
    }
  };
}

/** rowid → line for the rows this import inserted (consecutive rowids, 4 bytes each). */
class InsertedLines {
  private first = -1;
  private lines = new Int32Array(1024);

  add(rowid: number, line: number): void {
    if (this.first < 0) this.first = rowid;
    const i = rowid - this.first;
    if (i >= this.lines.length) {
      const grown = new Int32Array(Math.max(this.lines.length * 2, i + 1));
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[i] = line;
  }

  lineOf(rowid: number): number | null {
    if (this.first < 0 || !(rowid >= this.first)) return null;
    return this.lines[rowid - this.first] || null;
  }
}

/** `id` exists in `table`? Answers are cached: within one import they cannot change. */
export function existenceCheck(sql: SqliteDatabase, table: string): (id: string) => boolean {
  const select = sql.prepare(`SELECT 1 FROM ${q(table)} WHERE "id" = ?`).pluck();
  const known = new Map<string, boolean>();
  return (id) => {
    let found = known.get(id);
    if (found === undefined) {
      found = select.get(id) !== undefined;
      known.set(id, found);
    }
    return found;
  };
}
