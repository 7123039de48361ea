import type { SqliteDatabase } from "../store/database.js";
import type { RowProblem } from "./manager-teams.js";

/**
 * Ids are unique ignoring case: "c001" next to "C001" would be two customers that the chats (which
 * match ids case-insensitively) cannot tell apart. A row whose id differs only in case from an id
 * in the store, or from an earlier row of the file, is refused, naming the other id.
 *
 * The store side uses an index on `id COLLATE NOCASE` (ASCII case folding, as ids are ASCII in
 * practice), created on first use: it is not in the Prisma schema, which cannot express it.
 */
export interface CaseTwins {
  check(id: string, line: number): RowProblem | null;
  /** The row with this id was accepted: later twins of it in the file are refused. */
  accept(id: string, line: number): void;
}

export function ensureCaseInsensitiveIdIndex(sql: SqliteDatabase, table: string): void {
  sql.exec(`CREATE INDEX IF NOT EXISTS "${table}_id_nocase_idx" ON "${table}" ("id" COLLATE NOCASE)`);
}

export function caseTwins(sql: SqliteDatabase, table: string, column: string): CaseTwins {
  const twin = sql.prepare(`SELECT "id" FROM "${table}" WHERE "id" = ? COLLATE NOCASE AND "id" <> ?`).pluck();
  const inFile = new Map<string, { id: string; line: number }>();
  const fold = (id: string) => id.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  return {
    check(id) {
      const earlier = inFile.get(fold(id));
      if (earlier && earlier.id !== id)
        return { column, code: "case_twin_file", detail: `${earlier.line}|${earlier.id}` };
      const other = twin.get(id, id) as string | undefined;
      return other === undefined ? null : { column, code: "case_twin_store", detail: other };
    },
    accept(id, line) {
      const key = fold(id);
      if (!inFile.has(key)) inFile.set(key, { id, line });
    },
  };
}
