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
/** Writes one validated row; a number means "not written: same key as that earlier line of the file". */
export type RowWriter = (row: Record<string, unknown>, line: number) => WriteOutcome | number;

const q = (name: string) => `"${name}"`;

/** SQLite has no boolean: the store keeps them as 0/1 (as Prisma does). */
function bindable(value: unknown): unknown {
  if (value === true) return 1;
  if (value === false) return 0;
  return value ?? null;
}

/**
 * Upsert by natural key through prepared statements: INSERT … ON CONFLICT DO NOTHING, and when the
 * key exists, an UPDATE that only matches when a value differs, so re-importing the same row is
 * counted (and left) unchanged. Columns absent from the file are never written on update.
 *
 * Duplicates within the file cost nothing on the bulk path: rows inserted by this import have
 * rowids from the first one on (SQLite gives max(rowid)+1), so a conflict on such a rowid is a
 * duplicate, and a typed array maps it back to its line. Only keys that were already in the store
 * (the update path) are remembered in a Map.
 */
export function upsertWriter(sql: SqliteDatabase, spec: TableSpec, present: ReadonlySet<string>): RowWriter {
  const values = spec.values.filter(([name]) => present.has(name));
  const all = [...spec.key, ...values];
  const keyWhere = spec.key.map(([, c], i) => `${q(c)} = @k${i}`).join(" AND ");
  const insert = sql.prepare(
    `INSERT INTO ${q(spec.table)} (${all.map(([, c]) => q(c)).join(", ")}) VALUES (${all.map(() => "?").join(", ")}) ` +
      `ON CONFLICT (${spec.key.map(([, c]) => q(c)).join(", ")}) DO NOTHING`,
  );
  const rowidOf = sql.prepare(`SELECT rowid FROM ${q(spec.table)} WHERE ${keyWhere}`).pluck();
  const update =
    values.length === 0
      ? null
      : sql.prepare(
          `UPDATE ${q(spec.table)} SET ${values.map(([, c], i) => `${q(c)} = @v${i}`).join(", ")} ` +
            `WHERE ${keyWhere} AND (${values.map(([, c], i) => `${q(c)} IS NOT @v${i}`).join(" OR ")})`,
        );
  const names = all.map(([name]) => name);
  const params: unknown[] = new Array(names.length);
  const inserted = new InsertedLines();
  const updatedKeys = new Map<string, number>();
  return (row, line) => {
    for (let i = 0; i < names.length; i++) params[i] = bindable(row[names[i]!]);
    const result = insert.run(params);
    if (result.changes === 1) {
      inserted.add(Number(result.lastInsertRowid), line);
      return "inserted";
    }
    const keys: Record<string, unknown> = {};
    spec.key.forEach(([name], i) => {
      keys[`k${i}`] = bindable(row[name]);
    });
    const earlierInsert = inserted.lineOf(Number(rowidOf.get(keys)));
    if (earlierInsert !== null) return earlierInsert;
    const keyText = spec.key.map(([name]) => String(row[name])).join("\u0001");
    const earlierUpdate = updatedKeys.get(keyText);
    if (earlierUpdate !== undefined) return earlierUpdate;
    updatedKeys.set(keyText, line);
    if (!update) return "unchanged";
    values.forEach(([name], i) => {
      keys[`v${i}`] = bindable(row[name]);
    });
    return update.run(keys).changes === 1 ? "updated" : "unchanged";
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
